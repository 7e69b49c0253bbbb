"""`manage.py category_suggestion_accuracy --held-out 0.2 --seed 1`: how often the category
suggestion is right on a held-out part of the county's classified cases (issue 19 item 4), and
how much of the re-coding queue the stored model could help with (`--queue 0.5`)."""

from django.core.management.base import CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.deviations.suggestions import held_out_accuracy, queue_forecast
from samsyn.parties.models import County


def percent(share: float, decimals: int = 1) -> str:
    """A share 0..1 as the reader's language writes a percentage ("64,3 %" in Swedish)."""
    return f"{number_format(round(share * 100, decimals), decimals)} %"


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
        parser.add_argument(
            "--queue",
            type=float,
            metavar="PROBABILITY",
            help=_(
                "Also count the “Annat” cases whose first suggestion from the stored model is at "
                "least this likely (0-1), and the share of “Annat” left if each were re-coded "
                "to it. Nothing is re-coded."
            ),
        )

    def handle(self, *args, **options):
        if not 0 < options["held_out"] < 1:
            raise CommandError(gettext("The held-out share is between 0 and 1, e.g. 0.2."))
        if options["queue"] is not None and not 0 <= options["queue"] <= 1:
            raise CommandError(gettext("The probability is between 0 and 1, e.g. 0.5."))
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
                    "top-1 {top1}, top-3 {top3}."
                ).format(
                    county=county,
                    fit=result.trained_on,
                    test=result.held_out,
                    top1=percent(result.top1),
                    top3=percent(result.top3),
                )
            )
            if options["queue"] is not None:
                self._queue(county, options["queue"])

    def _queue(self, county, threshold: float) -> None:
        forecast = queue_forecast(county=county, threshold=threshold)
        self.stdout.write(
            gettext(
                "{county}: {other} of {cases} reports are coded “Annat” ({share}); "
                "{suggested} of them have a first suggestion at least {threshold} likely. "
                "Re-coded to it, “Annat” would be {after}."
            ).format(
                county=county,
                other=forecast.other,
                cases=forecast.cases,
                share=percent(forecast.other_share),
                suggested=forecast.suggested,
                threshold=percent(threshold, 0),
                after=percent(forecast.other_share_after),
            )
        )
