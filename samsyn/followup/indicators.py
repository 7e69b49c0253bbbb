"""The county's indicators (issue 20 item 6): each one a measure from a fixed set the code can
compute, over a cut of the cases the county chose, with a target and the direction that is
better; shown with their trend on the dashboard and in the annual report. The indicators are
data (followup.models.Indicator, kept in the admin); only the ways to measure are code, and
each is the county report's own figure (report._volume, _counts/_shares, step_times), so an
indicator means what the report's figure of the same name means.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from samsyn.deviations.models import EventType
from samsyn.followup.models import Indicator
from samsyn.followup.report import ReportFilter, _counts, _shares, _volume, step_times

INDICATOR_YEARS = 4  # the year and the three before
M = Indicator.Measure
SHARES = {
    M.SHARE_OTHER: "other",
    M.SHARE_OVERDUE: "overdue",
    M.SHARE_MEASURES_DONE: "measures_done",
    M.SHARE_NO_MEASURE: "no_measure_reasoned",
}


@dataclass
class IndicatorRow:
    indicator: Indicator
    values: list[tuple[int, float | None]]  # (year, value), oldest first

    @property
    def current(self) -> float | None:
        return self.values[-1][1]

    @property
    def met(self) -> bool | None:
        """Whether the year's value reaches the target (None: no value)."""
        if self.current is None:
            return None
        value, target = Decimal(str(self.current)), self.indicator.target
        if self.indicator.direction == Indicator.Direction.HIGHER:
            return value >= target
        return value <= target

    @property
    def value_format(self) -> str:
        """floatformat's argument: a count whole, every other measure with one decimal, so a
        column of shares reads 27,4 and 23,0 (not 23)."""
        return "0g" if self.indicator.measure == M.REPORTS else "1g"

    @property
    def target_text(self) -> str:
        sign = "≥" if self.indicator.direction == Indicator.Direction.HIGHER else "≤"
        return f"{sign} {self.indicator.target.normalize():f}".replace(".", ",")


def indicator_value(
    indicator: Indicator, filters: ReportFilter, *, as_of, counted: dict | None = None
) -> float | None:
    """The indicator's measure over its cut of the cases in the filter's period. `counted`
    holds the report's counts (`_counts`) already made in this computation, by filter: two
    shares of the same cut and year (or the report's own year) are counted once."""
    cases = filters.cases(indicator.county)
    reports = cases.exclude(event_type=EventType.GOOD_COOPERATION)
    measure = indicator.measure
    if measure in (M.REPORTS, M.RATIO):
        volume = _volume(cases)
        return volume.total if measure == M.REPORTS else volume.ratio
    if measure in SHARES:
        counted = {} if counted is None else counted
        if filters not in counted:
            counted[filters] = _counts(reports, as_of)
        return _shares(counted[filters])[SHARES[measure]]
    times = step_times(reports, _("Time to answer"), "answered_at")
    return times.median if measure == M.MEDIAN_ANSWER else times.p90


def indicator_rows(
    county, year: int, *, as_of: datetime.date, counted: dict | None = None
) -> list[IndicatorRow]:
    """Every shown indicator of the county with its value for each whole year up to `year`;
    `counted`: the counts already made for the same day, by filter (county_report gives its
    own year's), kept for this call only."""
    counted = dict(counted or {})
    rows = []
    for indicator in Indicator.objects.filter(county=county, is_active=True):
        values = []
        for y in range(year - INDICATOR_YEARS + 1, year + 1):
            filters = ReportFilter(
                year=y,
                sub_region_id=indicator.sub_region_id,
                area_id=indicator.area_id,
                category_id=indicator.category_id,
            )
            values.append((y, indicator_value(indicator, filters, as_of=as_of, counted=counted)))
        rows.append(IndicatorRow(indicator, values))
    return rows
