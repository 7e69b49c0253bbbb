"""`manage.py load_demo_data`: the demo people, decisions and cases for `make run` (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samsyn.demo.loader import demo_load


class Command(BaseCommand):
    help = "Läser in demoanvändare och demoärenden (för utveckling och demonstration)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Tillåt även när DEBUG är av (aldrig i produktion).",
        )
        parser.add_argument(
            "--without-cases",
            action="store_true",
            help="Bara demoanvändare och beslut, inga ärenden (t.ex. före generate_county_data).",
        )

    def handle(self, *args, allow_without_debug=False, without_cases=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError("Demodata läses bara in i utvecklingsläge (DEBUG=true).")
        demo_load(stdout=self.stdout, cases=not without_cases)
