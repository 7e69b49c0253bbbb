"""Writes of follow-up: a cooperation area's yearly reflection (issue 20 item 3)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.access import can
from samsyn.deviations.models import Deviation
from samsyn.followup.models import AreaReflection
from samsyn.followup.reflections import WRITE
from samsyn.parties.models import CooperationArea, County, Party

TEXTS = ("figures_meaning", "measures_taken", "county_should")
TEXT_REQUIRED = {
    "figures_meaning": _("Write what the figures mean in the area."),
    "measures_taken": _("Write which measures the area has taken, or that it has taken none."),
    "county_should": _("Write what the county should do, or that it needs to do nothing."),
}
YEAR_NOT_OVER = _("A year's reflection is written once the year has begun; choose an earlier year.")


def reflection_submit(
    *, actor, area: CooperationArea, year: int, texts: dict[str, str]
) -> AreaReflection:
    """Submit the area's reflection on `year`, or change it: one per area and year, written by
    the area's sub-regional coordinators; the first submission's time is the one the deadline
    is judged by (a change afterwards does not make it late)."""
    if not can(actor, WRITE, AreaReflection(area=area, year=year)):
        raise PermissionDenied
    cleaned = {name: (texts.get(name) or "").strip() for name in TEXTS}
    errors = {name: TEXT_REQUIRED[name] for name in TEXTS if not cleaned[name]}
    if year > timezone.localdate().year:
        errors["year"] = YEAR_NOT_OVER
    if errors:
        raise ValidationError(errors)
    try:
        return _reflection_save(actor=actor, area=area, year=year, texts=cleaned)
    except IntegrityError:  # submitted twice at once: the second one changes the first
        return _reflection_save(actor=actor, area=area, year=year, texts=cleaned)


@transaction.atomic
def _reflection_save(*, actor, area, year, texts) -> AreaReflection:
    reflection = AreaReflection.objects.select_for_update().filter(area=area, year=year).first()
    created = reflection is None
    if created:
        reflection = AreaReflection(
            area=area, year=year, submitted_at=timezone.now(), submitted_by=actor.user
        )
    else:
        reflection.version += 1
    for name, value in texts.items():
        setattr(reflection, name, value)
    reflection.full_clean(validate_unique=False)
    reflection.save()
    audit_record(
        actor=actor,
        action="followup.reflection.submitted" if created else "followup.reflection.changed",
        target=reflection,
        data={"area": area.pk, "year": year, "version": reflection.version},
    )
    return reflection


def case_places_fill(*, county: County) -> int:
    """Give the county's cases without a place their place (parties.selectors.place_of), as
    the migration did for the cases before it: for rows written in bulk around the services
    (the demo generator). One UPDATE per municipality, never one per case."""
    filled = 0
    empty = Deviation.objects.filter(
        reporting_provider__party__county=county, municipality__isnull=True
    )
    for municipality in Party.objects.filter(county=county, kind=Party.Kind.MUNICIPALITY):
        area = CooperationArea.objects.filter(members=municipality).order_by("pk").first()
        place = {"municipality": municipality, "sub_region_id": municipality.sub_region_id}
        place["area"] = area
        filled += empty.filter(reporting_provider__party=municipality).update(**place)
        filled += (
            empty.filter(counterpart_provider__party=municipality)
            .exclude(reporting_provider__party__kind=Party.Kind.MUNICIPALITY)
            .update(**place)
        )
    return filled
