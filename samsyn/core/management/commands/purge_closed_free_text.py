"""Retention sweep: `manage.py purge_closed_free_text [--dry-run]`; idempotent, run daily."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from samsyn.core.retention import RETENTION_RULES, purge_closed_free_text, retention_cutoff


class Command(BaseCommand):
    help = (
        "Rensar fritext i ärenden som stängdes för mer än RETENTION_YEARS år sedan. "
        "Siffror och klassificeringar behålls; varje rensning loggas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Visa vad som skulle rensas utan att ändra något.",
        )

    def handle(self, *args, dry_run=False, **options):
        cutoff = timezone.localtime(retention_cutoff())
        self.stdout.write(
            f"Gallringsfrist {settings.RETENTION_YEARS} år: ärenden stängda före {cutoff:%Y-%m-%d}."
        )
        if not RETENTION_RULES:
            self.stdout.write("Inga modeller är registrerade för gallring.")
            return
        verb = "skulle rensas" if dry_run else "rensade"
        for result in purge_closed_free_text(dry_run=dry_run):
            fields = ", ".join(result.text_fields)
            self.stdout.write(f"{result.model_label}: {result.rows} rader {verb} ({fields}).")
