from django.core.management.base import BaseCommand

from samsyn.core.reference_files import reference_load_or_fail
from samsyn.parties.services import reference_data_file, reference_data_load


class Command(BaseCommand):
    help = "Läser in län, huvudmän, vårdgivare, delregioner och samverkansområden (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "name",
            nargs="?",
            default="vastra_gotaland",
            help="Referensfil: namn i samsyn/parties/reference/ eller sökväg till en JSON-fil.",
        )

    def handle(self, *args, name, **options):
        counts = reference_load_or_fail(
            name=name, read=reference_data_file, load=reference_data_load, noun="Referensfilen"
        )
        self.stdout.write(
            f"Referensdata inläst: {counts['municipalities']} kommuner, "
            f"{counts['providers']} vårdgivare, {counts['sub_regions']} delregioner, "
            f"{counts['areas']} samverkansområden."
        )
