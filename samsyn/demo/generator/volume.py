"""How many deviations each month of the period holds: growth year over year (the 2024 report on
deviations in cooperation: +26 %
in a year as the routine took hold), a little seasonal variation, and the exact total asked for.
"""

import datetime
from dataclasses import dataclass

# Relative number of reports per calendar month: fewer in July (holidays), more in winter.
SEASON = {
    1: 1.08,
    2: 1.05,
    3: 1.05,
    4: 1.0,
    5: 1.0,
    6: 0.95,
    7: 0.78,
    8: 0.92,
    9: 1.02,
    10: 1.05,
    11: 1.05,
    12: 0.98,
}


@dataclass(frozen=True)
class Month:
    first: datetime.date  # first day of the month inside the period
    last: datetime.date  # last day inside the period (today for the current month)
    count: int  # deviations whose report falls in these days

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def period_start(end: datetime.date, years: int) -> datetime.date:
    try:
        return end.replace(year=end.year - years) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return end.replace(year=end.year - years, day=28) + datetime.timedelta(days=1)


def months_plan(
    *, total: int, start: datetime.date, end: datetime.date, growth: float
) -> list[Month]:
    """Spread `total` over the months from start to end, proportional to growth and season."""
    spans = []
    day = start
    while day <= end:
        last = min(_next_month(day) - datetime.timedelta(days=1), end)
        years_in = (day - start).days / 365.25
        month_days = (_next_month(_month_start(day)) - _month_start(day)).days
        share = ((last - day).days + 1) / month_days
        spans.append((day, last, (1 + growth) ** years_in * SEASON[day.month] * share))
        day = last + datetime.timedelta(days=1)
    weight_sum = sum(w for *_d, w in spans) or 1
    exact = [total * w / weight_sum for *_d, w in spans]
    counts = [int(x) for x in exact]
    # Largest remainders get the rounding, so the months add up to exactly `total`.
    for i in sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)[
        : total - sum(counts)
    ]:
        counts[i] += 1
    return [
        Month(first, last, count) for (first, last, _w), count in zip(spans, counts, strict=True)
    ]
