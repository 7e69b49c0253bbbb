from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Läser in demoanvändare och demoärenden (för utveckling och demonstration)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Tillåt även när DEBUG är av (aldrig i produktion).",
        )

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError("Demodata läses bara in i utvecklingsläge (DEBUG=true).")
        # Each app may ship a demo.py with demo_load(); apps load in INSTALLED_APPS order.
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("samsyn."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.demo_load(stdout=self.stdout)
