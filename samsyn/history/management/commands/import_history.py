"""Import the old system's history from a file: `manage.py import_history FILE --profile NAME
--user USERNAME` (a dry run unless --commit)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.db import reset_queries
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import actor_for
from samsyn.core.management.base import TranslatedCommand
from samsyn.history.selectors import import_profiles_for
from samsyn.history.services import history_import


class Command(TranslatedCommand):
    help = _(
        "Checks a CSV or Excel file of the old system's closed cases row by row (a dry run that "
        "imports nothing), or with --commit imports it whole: one wrong row and nothing is "
        "imported. A case imported before (the same id from the same system) is not imported "
        "again. The file streams, so a large one needs little memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The CSV (.csv) or Excel (.xlsx) file."))
        parser.add_argument(
            "--profile", required=True, help=_("The import profile (the source system's name).")
        )
        parser.add_argument(
            "--user",
            required=True,
            help=_("The county administrator the import is made as (username)."),
        )
        parser.add_argument(
            "--commit", action="store_true", help=_("Import (without it: a dry run only).")
        )

    def handle(self, *args, file, profile, user, commit=False, **options):
        person = get_user_model().objects.filter(username=user, is_active=True).first()
        if person is None:
            raise CommandError(
                gettext("No active person with the username {user}.").format(user=user)
            )
        actor = actor_for(person)
        chosen = import_profiles_for(actor).filter(name=profile).first()
        if chosen is None:
            raise CommandError(
                gettext("{user} has no import profile named “{profile}”.").format(
                    user=user, profile=profile
                )
            )
        try:
            with open(file, "rb") as stream:
                report = history_import(
                    actor=actor,
                    profile=chosen,
                    file=stream,
                    name=file,
                    dry_run=not commit,
                    progress=self._progress,
                )
        except OSError as error:
            raise CommandError(str(error)) from error
        except PermissionDenied as error:
            raise CommandError(
                gettext("{user} may not import history.").format(user=user)
            ) from error
        for problem in report.file_problems:
            self.stderr.write(problem)
        for row in report.wrong_rows:
            for message in row.messages:
                self.stderr.write(
                    gettext("Row {number} ({id}): {message}").format(
                        number=row.number, id=row.source_id or "–", message=message
                    )
                )
        self.stdout.write(self._summary(report, commit))
        if report.refused:
            raise CommandError(gettext("Nothing was imported."))

    def _progress(self, report):
        # Under DEBUG Django keeps the last 9,000 statements' SQL; the import inserts a batch
        # of cases, or of the trail's events, in one statement of a megabyte or more, so the
        # command forgets them as it goes (a request's log is forgotten when it ends).
        reset_queries()
        self.stderr.write(gettext("{n} rows read").format(n=report.total), ending="\r")

    def _summary(self, report, commit) -> str:
        text = (
            gettext("Imported: {new}, already there: {dup}, wrong: {wrong}.")
            if commit and report.imported
            else gettext("Dry run: {new} would be imported, already there: {dup}, wrong: {wrong}.")
        )
        return text.format(new=report.new, dup=report.duplicates, wrong=report.wrong)
