"""Restores a backup into an empty database: `manage.py restore_database FILE` (docs/deploy.md)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.backup import BackupError, database_restore, database_tables
from samsyn.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Restores a backup made by backup_database into an empty database, all or nothing. "
        "Then run migrate (for a backup older than the code) and audit_verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The backup to restore."))
        parser.add_argument(
            "--database", default="default", help=_("The empty database to restore into.")
        )

    def handle(self, *args, file, database, **options):
        try:
            database_restore(Path(file), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            gettext("Restored {path}: {tables} tables.").format(
                path=file, tables=len(database_tables(database))
            )
        )
