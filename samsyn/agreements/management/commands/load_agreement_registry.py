from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.services import agreement_registry_file, agreement_registry_load
from samsyn.core.management.base import TranslatedCommand
from samsyn.core.reference_files import reference_load_or_fail


class Command(TranslatedCommand):
    help = _(
        "Loads the governing documents with their versions and sections (idempotent). "
        "Run load_reference_data first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name",
            nargs="?",
            default="vastra_gotaland",
            help=_(
                "Registry file: a name in samsyn/agreements/reference/ or the path of a JSON file."
            ),
        )

    def handle(self, *args, name, **options):
        counts = reference_load_or_fail(
            name=name,
            read=agreement_registry_file,
            load=agreement_registry_load,
            noun=gettext("The registry file"),
        )
        self.stdout.write(
            gettext(
                "Agreement registry loaded: {documents} governing documents, {versions} "
                "versions, {sections} sections."
            ).format(**counts)
        )
