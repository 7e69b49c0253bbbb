"""Reads of the areas' yearly reflections (issue 20 item 3)."""

import datetime

from django.db.models import QuerySet

from samsyn.core.access import grant_for
from samsyn.followup.models import AreaReflection, ReflectionDeadline
from samsyn.parties.models import CooperationArea, County

WRITE = "followup.reflection_write"


def reflections_of(county: County, year: int) -> dict[int, AreaReflection]:
    """The submitted reflections on `year`, by area id."""
    return {
        r.area_id: r
        for r in AreaReflection.objects.filter(area__county=county, year=year).select_related(
            "area", "submitted_by"
        )
    }


def reflection_deadline(county: County, year: int) -> datetime.date | None:
    return (
        ReflectionDeadline.objects.filter(county=county, year=year)
        .values_list("due_on", flat=True)
        .first()
    )


def reflection_areas_for(actor) -> QuerySet[CooperationArea]:
    """The areas whose reflection the actor writes (their sub-regional coordinator role)."""
    grant = grant_for(actor, WRITE)
    return CooperationArea.objects.filter(pk__in=grant.area_ids).order_by("name")
