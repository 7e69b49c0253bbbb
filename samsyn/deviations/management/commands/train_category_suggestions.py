"""`manage.py train_category_suggestions [--county 14]`: retrain each county's category
suggestion on its classified cases (issue 19 item 4); run nightly or after a re-coding round."""

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.deviations.suggestions import suggestion_model_train
from samsyn.parties.models import County


class Command(TranslatedCommand):
    help = _(
        "Retrains the category suggestions of the report form on the county's classified cases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", help=_("County code (all counties if left out)."))

    def handle(self, *args, **options):
        counties = County.objects.order_by("code")
        if options["county"]:
            counties = counties.filter(code=options["county"])
            if not counties:
                raise CommandError(
                    gettext("No county with code {code}.").format(code=options["county"])
                )
        for county in counties:
            model = suggestion_model_train(actor=None, county=county)
            if model is None:
                self.stdout.write(
                    gettext("{county}: too few classified cases to learn from.").format(
                        county=county
                    )
                )
                continue
            self.stdout.write(
                gettext("{county}: trained on {cases} cases.").format(
                    county=county, cases=model.case_count
                )
            )
