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
