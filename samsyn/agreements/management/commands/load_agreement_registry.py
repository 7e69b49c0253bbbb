from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samsyn.agreements.services import agreement_registry_file, agreement_registry_load


class Command(BaseCommand):
    help = (
        "Läser in styrande dokument med versioner och avsnitt (idempotent). "
        "Kör load_reference_data först."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name", nargs="?", default="vastra_gotaland",
            help="Registerfil: namn i samsyn/agreements/reference/ eller sökväg till en JSON-fil.",
        )

    def handle(self, *args, name, **options):
        try:
            data = agreement_registry_file(name)
        except FileNotFoundError as exc:
            raise CommandError(f"Registerfilen finns inte: {exc.filename}") from exc
        except ValueError as exc:
            raise CommandError(f"Registerfilen är inte giltig JSON: {exc}") from exc
        try:
            counts = agreement_registry_load(data=data)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages) + " Inget sparades.") from exc
        except KeyError as exc:
            raise CommandError(f"Registerfilen saknar fältet {exc}. Inget sparades.") from exc
        self.stdout.write(
            f"Avtalsregistret inläst: {counts['documents']} styrande dokument, "
            f"{counts['versions']} versioner, {counts['sections']} avsnitt."
        )
