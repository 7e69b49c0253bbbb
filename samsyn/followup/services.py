"""Writes of follow-up: a cooperation area's yearly reflection (issue 20 item 3); the county's
indicators and the deadline for the areas' reflections (issue 20 item 6), kept by the county
administrator in the app (issue 23 item 4)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_changes, audit_record
from samsyn.core.access import as_actor, can, grant_for
from samsyn.core.services import fields_set, saved_unless_taken
from samsyn.deviations.models import Deviation
from samsyn.followup.models import AreaReflection, Indicator, ReflectionDeadline
from samsyn.followup.reflections import WRITE
from samsyn.followup.report import FIRST_YEAR
from samsyn.parties.models import CooperationArea, County, Party

TEXTS = ("figures_meaning", "measures_taken", "county_should")
TEXT_REQUIRED = {
    "figures_meaning": _("Write what the figures mean in the area."),
    "measures_taken": _("Write which measures the area has taken, or that it has taken none."),
    "county_should": _("Write what the county should do, or that it needs to do nothing."),
}
# Who keeps the county's follow-up data: those who keep its registry (county administrators).
KEEP_FOLLOWUP = "parties.edit"
NOT_YOUR_COUNTY = _("This belongs to another county.")
DEADLINE_YEAR_TAKEN = _("The year already has a deadline; change that one.")
DEADLINE_BEFORE_YEAR = _(
    "The reflection is on a year that has ended: choose a date after the year."
)
CUT_OUTSIDE_COUNTY = _("Choose one of the county's own.")
INDICATOR_NAME_TAKEN = _("The county already follows an indicator with this name.")
INDICATOR_FIELDS = (
    "name",
    "description",
    "measure",
    "target",
    "direction",
    "sub_region",
    "area",
    "category",
    "is_active",
    "order",
)
YEAR_NOT_OVER = _("A year's reflection is written once the year has begun; choose an earlier year.")
YEAR_BEFORE_ANY = _("No year before %(year)s has cases to reflect on; choose a later year.")
TARGET_NEGATIVE = _(
    "A target cannot be below zero: every measure is a count, a share in per cent or days."
)


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
    elif year < FIRST_YEAR:
        errors["year"] = YEAR_BEFORE_ANY % {"year": FIRST_YEAR}
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


def _keeps_county(actor, county_id) -> None:
    grant = grant_for(actor, KEEP_FOLLOWUP)
    if not (getattr(actor.user, "is_superuser", False) or county_id in grant.county_ids):
        raise PermissionDenied(NOT_YOUR_COUNTY)


@transaction.atomic
def reflection_deadline_save(*, actor, deadline: ReflectionDeadline, year: int, due_on):
    """Set the date by which the county's areas submit their reflection on `year` (an unsaved
    `deadline` of the county adds one). One per county and year; the date lies after the year."""
    actor = as_actor(actor)
    _keeps_county(actor, deadline.county_id)
    if due_on is not None and year is not None and due_on.year <= year:
        raise ValidationError({"due_on": DEADLINE_BEFORE_YEAR})
    others = ReflectionDeadline.objects.filter(county_id=deadline.county_id, year=year)
    if others.exclude(pk=deadline.pk).exists():
        raise ValidationError({"year": DEADLINE_YEAR_TAKEN})
    adding = deadline.pk is None
    before = {} if adding else {"year": deadline.year, "due_on": deadline.due_on.isoformat()}
    deadline.year, deadline.due_on = year, due_on
    deadline.full_clean(validate_unique=False)
    saved_unless_taken(deadline.save, field="year", message=DEADLINE_YEAR_TAKEN)
    after = {"year": deadline.year, "due_on": deadline.due_on.isoformat()}
    if before != after:
        audit_record(
            actor=actor,
            action="followup.deadline.added" if adding else "followup.deadline.changed",
            target=deadline,
            data=after if adding else audit_changes(before=before, after=after),
        )
    return deadline


def _indicator_values(indicator: Indicator) -> dict:
    """The indicator's fields as the trail keeps them (ids for the cuts, text as text)."""
    values = {}
    for name in INDICATOR_FIELDS:
        field = Indicator._meta.get_field(name)
        value = getattr(indicator, field.attname)
        values[field.attname] = format(value, ".2f") if name == "target" else value
    return values


@transaction.atomic
def indicator_save(*, actor, indicator: Indicator, data: dict) -> Indicator:
    """Add an indicator of the county (unsaved `indicator`) or change one: what it measures,
    over which cut of the cases, its target and which way is better, whether it is shown.
    Never deleted: one no longer followed is hidden (`is_active`)."""
    actor = as_actor(actor)
    _keeps_county(actor, indicator.county_id)
    errors = {
        name: CUT_OUTSIDE_COUNTY
        for name in ("sub_region", "area")
        if data.get(name) is not None and data[name].county_id != indicator.county_id
    }
    name = (data.get("name") or "").strip()
    same_name = Indicator.objects.filter(county_id=indicator.county_id, name__iexact=name)
    if name and same_name.exclude(pk=indicator.pk).exists():  # also a form sent twice
        errors["name"] = INDICATOR_NAME_TAKEN
    if data.get("target") is not None and data["target"] < 0:
        errors["target"] = TARGET_NEGATIVE
    if errors:
        raise ValidationError(errors)
    adding = indicator.pk is None
    before = {} if adding else _indicator_values(indicator)
    fields_set(indicator, INDICATOR_FIELDS, data)
    indicator.full_clean()
    indicator.save()
    after = _indicator_values(indicator)
    if before != after:
        audit_record(
            actor=actor,
            action="followup.indicator.added" if adding else "followup.indicator.changed",
            target=indicator,
            data=audit_changes(before=before, after=after, free_text=["description"]),
        )
    return indicator
