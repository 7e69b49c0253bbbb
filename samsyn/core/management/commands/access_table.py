"""Write docs/access.md from the permission table: `manage.py access_table` (or --check)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.access_table import ACCESS_DOC, access_table_markdown
from samsyn.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _("Writes docs/access.md (role × permission) from the permission table in the code.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Change nothing; exit with an error if the file is out of date."),
        )

    def handle(self, *args, check=False, **options):
        text = access_table_markdown()
        current = ACCESS_DOC.read_text(encoding="utf-8") if ACCESS_DOC.exists() else ""
        if check:
            if current != text:
                raise CommandError(
                    gettext("{path} is out of date: run manage.py access_table.").format(
                        path=ACCESS_DOC
                    )
                )
            self.stdout.write(gettext("{path} is up to date.").format(path=ACCESS_DOC))
            return
        ACCESS_DOC.write_text(text, encoding="utf-8")
        lines = len(text.splitlines())
        self.stdout.write(
            ngettext("Wrote {path} ({n} line).", "Wrote {path} ({n} lines).", lines).format(
                path=ACCESS_DOC, n=lines
            )
        )
