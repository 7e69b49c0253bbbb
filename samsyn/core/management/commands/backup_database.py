"""A consistent backup of the whole database: `manage.py backup_database FILE` (docs/deploy.md)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.backup import BackupError, database_backup, database_tables
from samsyn.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Writes a consistent backup of the whole database to FILE while the app keeps running "
        "(PostgreSQL: pg_dump's custom format; SQLite: its online backup API). Restore it with "
        "restore_database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Where to write the backup."))
        parser.add_argument(
            "--database", default="default", help=_("The database to back up (its alias).")
        )

    def handle(self, *args, file, database, **options):
        try:
            path = database_backup(Path(file), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            gettext("Backup written to {path} ({size} bytes, {tables} tables).").format(
                path=path, size=path.stat().st_size, tables=len(database_tables(database))
            )
        )
