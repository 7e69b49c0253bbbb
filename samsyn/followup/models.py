"""Each cooperation area's yearly reflection on its figures, in one template (issue 20 item 3),
and the date by which the county wants it: data, not a constant."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import CooperationArea, County

_TEXT = [no_personal_identity_number]


class ReflectionDeadline(models.Model):
    """The date by which every area of the county submits its reflection on a year."""

    access_county_lookup = "county"

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("to be submitted by"))

    class Meta:
        verbose_name = _("deadline for the areas' reflections")
        verbose_name_plural = _("deadlines for the areas' reflections")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="reflection_deadline_once"),
        ]

    def __str__(self):
        return f"{self.county} {self.year}: {self.due_on}"


class AreaReflection(models.Model):
    """A cooperation area's reflection on one year: what the figures mean locally, the
    measures taken, what the county should do. Submitted once it has a submission time."""

    access_county_lookup = "area__county"

    area = models.ForeignKey(
        CooperationArea,
        verbose_name=_("cooperation area"),
        on_delete=models.PROTECT,
        related_name="reflections",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    figures_meaning = models.TextField(_("what the figures mean in the area"), validators=_TEXT)
    measures_taken = models.TextField(_("measures taken in the area"), validators=_TEXT)
    county_should = models.TextField(_("what the county should do"), validators=_TEXT)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("area reflection")
        verbose_name_plural = _("area reflections")
        ordering = ["area__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="reflection_one_per_area_year"),
        ]

    def __str__(self):
        return f"{self.area} {self.year}"

    def access_county_id(self):
        return self.area.county_id

    def access_party_ids(self):
        return []

    def access_provider_ids(self):
        return []

    def access_area_ids(self):
        return [self.area_id]


def _optional_cut(model, label):
    return models.ForeignKey(
        model, verbose_name=label, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class Indicator(models.Model):
    """An indicator the county follows (issue 20 item 6): a measure chosen from a set the code
    can compute (followup/indicators.py), a cut of the cases, a target and which way is
    better. Data the county's administrators keep; none is written into the agreement's
    logic."""

    class Measure(models.TextChoices):
        REPORTS = "reports", _("Deviations reported")
        RATIO = "ratio", _("The municipalities' reports per report of the region")
        SHARE_OTHER = "share_other", _("Share classified “Annat”, %")
        SHARE_OVERDUE = "share_overdue", _("Share answered late or still due, %")
        SHARE_MEASURES_DONE = "share_measures_done", _("Share closed with a measure carried out, %")
        SHARE_NO_MEASURE = "share_no_measure", _("Share closed with a reasoned “no measure”, %")
        MEDIAN_ANSWER = "median_answer", _("Time to answer, median (days)")
        P90_ANSWER = "p90_answer", _("Time to answer, 90th percentile (days)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    access_county_lookup = "county"

    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150, validators=_TEXT)
    description = models.TextField(_("description"), blank=True, validators=_TEXT)
    measure = models.CharField(_("what is measured"), max_length=30, choices=Measure.choices)
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.LOWER
    )
    # The cut of the cases the measure is taken over (empty: the whole county).
    sub_region = _optional_cut("parties.SubRegion", _("sub-region"))
    area = _optional_cut(CooperationArea, _("cooperation area"))
    category = _optional_cut("deviations.Category", _("category"))
    is_active = models.BooleanField(_("shown"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
