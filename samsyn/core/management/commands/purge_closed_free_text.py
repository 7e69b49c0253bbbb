"""Retention sweep: `manage.py purge_closed_free_text [--dry-run]`; idempotent, run daily."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.core.retention import RETENTION_RULES, purge_closed_free_text, retention_cutoff


class Command(TranslatedCommand):
    help = _(
        "Purges the free text of cases closed more than RETENTION_YEARS years ago. Figures and "
        "classifications are kept; every purge is logged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Show what would be purged without changing anything."),
        )

    def handle(self, *args, dry_run=False, **options):
        cutoff = timezone.localtime(retention_cutoff())
        self.stdout.write(
            ngettext(
                "Retention period {years} year: cases closed before {cutoff}.",
                "Retention period {years} years: cases closed before {cutoff}.",
                settings.RETENTION_YEARS,
            ).format(years=settings.RETENTION_YEARS, cutoff=f"{cutoff:%Y-%m-%d}")
        )
        if not RETENTION_RULES:
            self.stdout.write(gettext("No models are registered for retention."))
            return
        for result in purge_closed_free_text(dry_run=dry_run):
            fields = ", ".join(result.text_fields)
            if not result.text_fields:  # rows removed whole (a patient reference, a file)
                text = (
                    ngettext(
                        "{model}: {n} row would be removed.",
                        "{model}: {n} rows would be removed.",
                        result.rows,
                    )
                    if dry_run
                    else ngettext(
                        "{model}: {n} row removed.", "{model}: {n} rows removed.", result.rows
                    )
                )
            elif dry_run:
                text = ngettext(
                    "{model}: {n} row would be purged ({fields}).",
                    "{model}: {n} rows would be purged ({fields}).",
                    result.rows,
                )
            else:
                text = ngettext(
                    "{model}: {n} row purged ({fields}).",
                    "{model}: {n} rows purged ({fields}).",
                    result.rows,
                )
            self.stdout.write(text.format(model=result.model_label, n=result.rows, fields=fields))
