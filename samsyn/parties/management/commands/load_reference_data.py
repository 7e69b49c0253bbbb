from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samsyn.parties.services import reference_data_file, reference_data_load


class Command(BaseCommand):
    help = "Läser in län, huvudmän, vårdgivare, delregioner och samverkansområden (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "name", nargs="?", default="vastra_gotaland",
            help="Referensfil: namn i samsyn/parties/reference/ eller sökväg till en JSON-fil.",
        )

    def handle(self, *args, name, **options):
        try:
            data = reference_data_file(name)
        except FileNotFoundError as exc:
            raise CommandError(f"Referensfilen finns inte: {exc.filename}") from exc
        except ValueError as exc:
            raise CommandError(f"Referensfilen är inte giltig JSON: {exc}") from exc
        try:
            counts = reference_data_load(data=data)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages) + " Inget sparades.") from exc
        except KeyError as exc:
            raise CommandError(f"Referensfilen saknar fältet {exc}. Inget sparades.") from exc
        self.stdout.write(
            f"Referensdata inläst: {counts['municipalities']} kommuner, "
            f"{counts['providers']} vårdgivare, {counts['sub_regions']} delregioner, "
            f"{counts['areas']} samverkansområden."
        )
