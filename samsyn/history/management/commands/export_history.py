"""Export the county's closed cases in the history layout: `manage.py export_history FILE
--user USERNAME [--year 2025]` (.xlsx for Excel, else CSV)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import actor_for
from samsyn.core.management.base import TranslatedCommand
from samsyn.history.exports import history_export_response
from samsyn.history.reading import is_excel


class Command(TranslatedCommand):
    help = _(
        "Writes the county's closed cases in the history layout, the file the import reads: "
        "it imports back to the same cases."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The file to write (.xlsx for Excel, else CSV)."))
        parser.add_argument("--user", required=True, help=_("The county administrator (username)."))
        parser.add_argument("--year", type=int, help=_("Only cases of this event year."))

    def handle(self, *args, file, user, year=None, **options):
        person = get_user_model().objects.filter(username=user, is_active=True).first()
        if person is None:
            raise CommandError(
                gettext("No active person with the username {user}.").format(user=user)
            )
        response = history_export_response(actor=actor_for(person), year=year, excel=is_excel(file))
        with open(file, "wb") as out:
            for chunk in response.streaming_content:
                out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
        self.stdout.write(gettext("Written: {file}").format(file=file))
