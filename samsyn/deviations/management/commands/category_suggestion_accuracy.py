"""`manage.py category_suggestion_accuracy --held-out 0.2 --seed 1`: how often the category
suggestion is right on a held-out part of the county's classified cases (issue 19 item 4)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.deviations.suggestions import held_out_accuracy
from samsyn.parties.models import County


class Command(TranslatedCommand):
    help = _(
        "Measures the category suggestions' accuracy (top-1 and top-3) on a held-out part of "
        "the classified cases; the stored model is not changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", help=_("County code (all counties if left out)."))
        parser.add_argument("--held-out", type=float, default=0.2)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--unseen-texts",
            action="store_true",
            help=_(
                "Hold out whole groups of descriptions that open with the same words, so no "
                "text like a tested one is learnt from (generated data repeats its templates)."
            ),
        )

    def handle(self, *args, **options):
        if not 0 < options["held_out"] < 1:
            raise CommandError(gettext("The held-out share is between 0 and 1, e.g. 0.2."))
        counties = County.objects.order_by("code")
        if options["county"]:
            counties = counties.filter(code=options["county"])
        for county in counties:
            result = held_out_accuracy(
                county=county,
                share=options["held_out"],
                seed=options["seed"],
                unseen_texts=options["unseen_texts"],
            )
            if result is None:
                self.stdout.write(
                    gettext("{county}: too few classified cases to measure.").format(county=county)
                )
                continue
            self.stdout.write(
                gettext(
                    "{county}: trained on {fit} cases, tested on {test} held out: "
                    "top-1 {top1:.1%}, top-3 {top3:.1%}."
                ).format(
                    county=county,
                    fit=result.trained_on,
                    test=result.held_out,
                    top1=result.top1,
                    top3=result.top3,
                )
            )
