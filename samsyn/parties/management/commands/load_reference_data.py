from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.core.reference_files import reference_load_or_fail
from samsyn.parties.services import reference_data_file, reference_data_load


class Command(TranslatedCommand):
    help = _(
        "Loads the county, its principals, care providers, sub-regions and cooperation areas "
        "(idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name",
            nargs="?",
            default="vastra_gotaland",
            help=_(
                "Reference file: a name in samsyn/parties/reference/ or the path of a JSON file."
            ),
        )

    def handle(self, *args, name, **options):
        counts = reference_load_or_fail(
            name=name,
            read=reference_data_file,
            load=reference_data_load,
            noun=gettext("The reference file"),
        )
        self.stdout.write(
            gettext(
                "Reference data loaded: {municipalities} municipalities, {providers} care "
                "providers, {sub_regions} sub-regions, {areas} cooperation areas."
            ).format(**counts)
        )
