"""`manage.py generate_county_data --deviations 500000 --years 10 --seed 1`: a county's worth of
realistic, seeded data for benchmarks and trying things out (never in production)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samsyn.demo.generator import Options, generate, generated_marker


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ogiltigt datum: {value!r} (ÅÅÅÅ-MM-DD)") from exc


class Command(BaseCommand):
    help = (
        "Genererar realistiska avvikelser, oenigheter och allt som hör till dem för ett län "
        "(samma frö ger samma data). Endast för test, demo och mätningar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--deviations", type=int, default=50_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--end",
            type=_date,
            default=None,
            help="Periodens sista dag (ÅÅÅÅ-MM-DD), i dag om den utelämnas.",
        )
        parser.add_argument(
            "--growth",
            type=float,
            default=0.26,
            help="Ökning per år (0.26 = 26 %%, som i länets rapport för 2024).",
        )
        parser.add_argument(
            "--audit-months",
            type=int,
            default=None,
            help="Skriv granskningshändelser per drag bara för de senaste N "
            "månaderna; äldre ärenden blir inläst historik (en händelse "
            "per år). Utelämnat: alla drag.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Gör ingenting om data med samma frö redan finns.",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Tillåt även när DEBUG är av (mätmiljö, aldrig produktion).",
        )

    def handle(self, *args, **o):
        if not settings.DEBUG and not o["allow_without_debug"]:
            raise CommandError("Data genereras bara i utvecklingsläge (DEBUG=true).")
        if o["deviations"] < 1 or o["years"] < 1:
            raise CommandError("Ange minst en avvikelse och ett år.")
        if o["if_missing"] and (marker := generated_marker(o["seed"])) is not None:
            self.stdout.write(
                f"Data med frö {o['seed']} finns redan "
                f"({marker.data.get('deviations')} avvikelser); inget gjort."
            )
            return
        audit_from = None
        if o["audit_months"] is not None:
            audit_from = timezone.now() - datetime.timedelta(days=round(o["audit_months"] * 30.44))
        report = generate(
            Options(
                deviations=o["deviations"],
                years=o["years"],
                seed=o["seed"],
                end=o["end"],
                growth=o["growth"],
                audit_from=audit_from,
            ),
            log=self.stdout.write,
        )
        for label, count in sorted(report.rows.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            f"Klart: {report.deviations} avvikelser på {report.seconds:.1f} s "
            f"({report.per_second:,.0f} avvikelser/s), {report.audit_events} "
            f"granskningshändelser, {report.regime_lookups} regimuppslag.".replace(",", " ")
        )
