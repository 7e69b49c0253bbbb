from django.core.management.base import BaseCommand

from samsyn.agreements.services import agreement_registry_file, agreement_registry_load
from samsyn.core.reference_files import reference_load_or_fail


class Command(BaseCommand):
    help = (
        "Läser in styrande dokument med versioner och avsnitt (idempotent). "
        "Kör load_reference_data först."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name",
            nargs="?",
            default="vastra_gotaland",
            help="Registerfil: namn i samsyn/agreements/reference/ eller sökväg till en JSON-fil.",
        )

    def handle(self, *args, name, **options):
        counts = reference_load_or_fail(
            name=name,
            read=agreement_registry_file,
            load=agreement_registry_load,
            noun="Registerfilen",
        )
        self.stdout.write(
            f"Avtalsregistret inläst: {counts['documents']} styrande dokument, "
            f"{counts['versions']} versioner, {counts['sections']} avsnitt."
        )
