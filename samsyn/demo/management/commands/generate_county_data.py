"""`manage.py generate_county_data --deviations 500000 --years 10 --seed 1`: a county's worth of
realistic, seeded data for benchmarks and trying things out (never in production)."""

import datetime

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.demo.generator import Options, generate, generated_marker


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            gettext("Invalid date: {value} (YYYY-MM-DD)").format(value=repr(value))
        ) from exc


class Command(TranslatedCommand):
    help = _(
        "Generates realistic deviations, disagreements and everything that "
        "belongs to them for a county (the same starting value gives the same data). "
        "Only for tests, demos and measurements."
    )

    def add_arguments(self, parser):
        parser.add_argument("--deviations", type=int, default=50_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--end",
            type=_date,
            default=None,
            help=gettext("The last day of the period (YYYY-MM-DD), today if left out."),
        )
        parser.add_argument(
            "--growth",
            type=float,
            default=0.26,
            help=gettext("Growth per year (0.26 = 26 %%, as in the county's report for 2024)."),
        )
        parser.add_argument(
            "--audit-months",
            type=int,
            default=None,
            help=gettext(
                "Write audit events per move only for the last N months; older cases "
                "become loaded history (one event per year). Left out: every move."
            ),
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help=gettext("Do nothing if data with the same starting value already exists."),
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help=gettext(
                "Allow even when DEBUG is off (a measurement environment, never production)."
            ),
        )

    def handle(self, *args, **o):
        if not settings.DEBUG and not o["allow_without_debug"]:
            raise CommandError(gettext("Data is generated only in development mode (DEBUG=true)."))
        if o["deviations"] < 1 or o["years"] < 1:
            raise CommandError(gettext("Give at least one deviation and one year."))
        if o["if_missing"] and (marker := generated_marker(o["seed"])) is not None:
            self.stdout.write(
                gettext(
                    "Data with starting value {value} already exists ({deviations} deviations); "
                    "nothing done."
                ).format(value=o["seed"], deviations=marker.data.get("deviations"))
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
            gettext(
                "Done: {deviations} deviations in {seconds} s ({per_second} deviations/s), "
                "{audit_events} audit events, {regime_lookups} regime look-ups; indexes and "
                "constraints put back in {restore} s."
            ).format(
                deviations=report.deviations,
                seconds=f"{report.seconds:.1f}",
                restore=f"{report.restore_seconds:.1f}",
                per_second=f"{report.per_second:,.0f}".replace(",", " "),
                audit_events=report.audit_events,
                regime_lookups=report.regime_lookups,
            )
        )
