"""Verify the audit trail's hash chain: `manage.py audit_verify` (exit code 1 when broken)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samsyn.audit.keys import audit_key_version_current
from samsyn.audit.selectors import audit_chain_verify


def _keys_used(report) -> str:
    if not report.key_versions:
        return "Ingen nyckel behövdes (inga händelser att kontrollera)."
    label = "nyckelversion" if len(report.key_versions) == 1 else "nyckelversionerna"
    return f"Kontrollerad med {label} {', '.join(map(str, report.key_versions))}."


class Command(BaseCommand):
    help = (
        "Går igenom granskningsloggens nyckelade hashkedja, namnger första brutna händelse "
        "och vilka nyckelversioner som användes."
    )

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if report.first_broken is not None:
            event = report.first_broken
            reason = (
                f" Nyckelversion {report.missing_key_version} finns inte i AUDIT_HMAC_KEYS."
                if report.missing_key_version is not None
                else ""
            )
            raise CommandError(
                f"BRUTEN KEDJA: första brutna händelse id={event.pk}, "
                f"tid={timezone.localtime(event.at):%Y-%m-%d %H:%M:%S}, händelse={event.action} "
                f"({report.count} händelser före den är obrutna).{reason} {_keys_used(report)}"
            )
        if report.tail_missing:
            raise CommandError(
                f"BRUTEN KEDJA: kedjans slut stämmer inte med det sparade huvudet efter "
                f"{report.count} händelser; de senaste händelserna har tagits bort. "
                f"{_keys_used(report)}"
            )
        self.stdout.write(
            f"OK: {report.count} händelser, kedjan är obruten. {_keys_used(report)} "
            f"Nya händelser signeras med nyckelversion {audit_key_version_current()}."
        )
