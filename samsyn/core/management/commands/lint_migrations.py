"""`manage.py lint_migrations`: every migration since those reviewed is safe for a database in
use (samsyn/core/migration_safety.py)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.core.migration_safety import migrations_lint


class Command(TranslatedCommand):
    help = _(
        "Checks that every migration since those reviewed can run against a database in use "
        "(django-migration-linter): no dropped or renamed column, no NOT NULL without a default."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default="default",
            help=_("The database whose SQL is checked (its alias)."),
        )

    def handle(self, *args, database, **options):
        linter = migrations_lint(database=database)
        if linter.nb_erroneous:
            raise CommandError(
                gettext(
                    "{count} migrations are not safe for a database in use (see above): change "
                    "them, or add them with the reason to REVIEWED in "
                    "samsyn/core/migration_safety.py."
                ).format(count=linter.nb_erroneous)
            )
        self.stdout.write(gettext("Every migration is safe for a database in use."))
