"""`manage.py load_demo_data`: the demo people, decisions and cases for `make run` (idempotent)."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.demo.loader import demo_load


class Command(TranslatedCommand):
    help = _("Loads demo users and demo cases (for development and demonstration).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help=gettext("Allow even when DEBUG is off (never in production)."),
        )
        parser.add_argument(
            "--without-cases",
            action="store_true",
            help=gettext(
                "Only demo users and decisions, no cases (e.g. before generate_county_data)."
            ),
        )

    def handle(self, *args, allow_without_debug=False, without_cases=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                gettext("Demo data is loaded only in development mode (DEBUG=true).")
            )
        demo_load(stdout=self.stdout, cases=not without_cases)
