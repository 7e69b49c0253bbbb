"""Write docs/access.md from the permission table: `manage.py access_table` (or --check)."""

from django.core.management.base import BaseCommand, CommandError

from samsyn.core.access_table import ACCESS_DOC, access_table_markdown


class Command(BaseCommand):
    help = "Skriver docs/access.md (roll × behörighet) från behörighetstabellen i koden."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Ändra inget; avsluta med fel om filen är inaktuell.",
        )

    def handle(self, *args, check=False, **options):
        text = access_table_markdown()
        current = ACCESS_DOC.read_text(encoding="utf-8") if ACCESS_DOC.exists() else ""
        if check:
            if current != text:
                raise CommandError(f"{ACCESS_DOC} är inaktuell: kör manage.py access_table.")
            self.stdout.write(f"{ACCESS_DOC} är aktuell.")
            return
        ACCESS_DOC.write_text(text, encoding="utf-8")
        self.stdout.write(f"Skrev {ACCESS_DOC} ({len(text.splitlines())} rader).")
