"""Reads for classification quality (issue 19 item 4): the re-coding queue of "Annat" cases and
the live shares of "Annat", "Övrigt" and "no measure" per provider and per category over
time, for the re-coding queue page now and the dashboard of issue 20 later.

- "Annat": the case's category is an "other" value (now, and as reported, before re-coding);
- "Övrigt": a consequence chosen is an "other" value (the organisation's, or a harm axis);
- "no measure": a closed case with a reasoned decision that no measure is needed (the old
  system's "Ingen åtgärd"; a case closes only with a measure or that decision).

These conditions are the county report's too (followup.report), so the dashboard, the annual
report and the re-coding queue mean the same by each share. Reports of good cooperation are
counted apart, as in the report: they have no consequence and no measure.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncQuarter, TruncYear

from samsyn.core.access import can
from samsyn.deviations.models import Deviation, EventType, Status
from samsyn.deviations.selectors import deviations_visible_to

PERIODS = {"year": TruncYear, "quarter": TruncQuarter}
GROUPS = {
    "provider": ("reporting_provider_id", "reporting_provider__name"),
    "category": ("category_id", "category__name"),
}
OTHER_NOW = Q(category__is_other=True)
# The category as reported (before any re-coding) was an "other" value.
OTHER_REPORTED = Q(reported_category__is_other=True) | Q(
    reported_category__isnull=True, category__is_other=True
)
OVRIGT = (
    Q(organisation_consequence__is_other=True)
    | Q(patient_consequence__is_other=True)
    | Q(psychological_consequence__is_other=True)
    | Q(potential_consequence__is_other=True)
)
CLOSED = Q(status=Status.CLOSED)
NO_MEASURE = CLOSED & Q(no_measure_by__isnull=False)


def recoding_queue(actor) -> QuerySet[Deviation]:
    """The "Annat" cases an analyst may re-code, newest first (empty for everyone else)."""
    if not can(actor, "deviations.recode"):
        return Deviation.objects.none()
    return deviations_visible_to(actor).filter(OTHER_NOW).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class QualityRow:
    period: object  # the first day of the year or quarter
    key: int | None
    name: str
    total: int
    other: int
    other_reported: int
    ovrigt: int
    closed: int
    no_measure: int

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def other_share(self) -> float | None:
        return self._share(self.other, self.total)

    @property
    def other_reported_share(self) -> float | None:
        return self._share(self.other_reported, self.total)

    @property
    def ovrigt_share(self) -> float | None:
        return self._share(self.ovrigt, self.total)

    @property
    def no_measure_share(self) -> float | None:
        return self._share(self.no_measure, self.closed)


def classification_quality(
    actor, *, group: str | None = None, period: str = "year", cases=None
) -> list[QualityRow]:
    """The shares of "Annat" (now and as reported), "Övrigt" and "no measure" among the cases
    the person sees (or `cases`, already limited by the caller), per period of the event date
    and per provider (the reporting one, who classified) or per category; `group=None` gives
    the whole per period. Newest period first; one GROUP BY."""
    qs = (deviations_visible_to(actor) if cases is None else cases).exclude(
        event_type=EventType.GOOD_COOPERATION
    )
    qs = qs.annotate(at=PERIODS[period]("event_date"))
    key, name = GROUPS[group] if group else (None, None)
    fields = ["at", *([key, name] if group else [])]
    rows = (
        qs.order_by()
        .values(*fields)
        .annotate(
            total=Count("pk"),
            other=Count("pk", filter=OTHER_NOW),
            other_reported=Count("pk", filter=OTHER_REPORTED),
            ovrigt=Count("pk", filter=OVRIGT),
            closed=Count("pk", filter=CLOSED),
            no_measure=Count("pk", filter=NO_MEASURE),
        )
        .order_by("-at", *([name] if group else []))
    )
    return [
        QualityRow(
            period=row["at"],
            key=row.get(key) if group else None,
            name=row.get(name) or "" if group else "",
            total=row["total"],
            other=row["other"],
            other_reported=row["other_reported"],
            ovrigt=row["ovrigt"],
            closed=row["closed"],
            no_measure=row["no_measure"],
        )
        for row in rows
    ]
