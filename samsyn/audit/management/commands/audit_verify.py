"""Verify the audit trail's hash chain: `manage.py audit_verify` (exit code 1 when broken)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samsyn.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Går igenom granskningsloggens hashkedja och namnger första brutna händelse."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if report.first_broken is not None:
            event = report.first_broken
            raise CommandError(
                f"BRUTEN KEDJA: första brutna händelse id={event.pk}, "
                f"tid={timezone.localtime(event.at):%Y-%m-%d %H:%M:%S}, händelse={event.action} "
                f"({report.count} händelser före den är obrutna)."
            )
        if report.tail_missing:
            raise CommandError(
                f"BRUTEN KEDJA: kedjans slut stämmer inte med det sparade huvudet efter "
                f"{report.count} händelser; de senaste händelserna har tagits bort."
            )
        self.stdout.write(f"OK: {report.count} händelser, kedjan är obruten.")
