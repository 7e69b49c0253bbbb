"""The county's follow-up dashboard (issue 20 item 4): the annual report's figures
(`report.county_report`) for any year, quarter, sub-region, area, care provider, unit and
category, with the trend over the years before, and each row a link to its cases in the case
list under the same filter. Nothing is counted here that the report does not count."""

import datetime
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import can
from samsyn.deviations.quality import QualityRow, classification_quality
from samsyn.followup.report import (
    FIRST_YEAR,
    TREND_YEARS,
    CountyReport,
    ReportFilter,
    Row,
    Table,
    YearVolume,
    county_report,
    yearly_volumes,
)

LIST_PERMISSION = "deviations.view"
# The report's tables the dashboard shows, in its order.
TABLES = ("areas", "sub_regions", "categories", "event_types", "causes", "municipalities")


@dataclass
class Dashboard:
    report: CountyReport
    trend: list[YearVolume]
    trend_table: Table
    tables: dict[str, Table]
    list_url: str  # the case list under the dashboard's filter ("" if the reader may not see it)
    quality: dict[str, Table] = field(default_factory=dict)  # "years", "providers", "categories"


def dashboard_years(today: datetime.date | None = None) -> list[int]:
    """The years to choose from, the newest first."""
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, FIRST_YEAR - 1, -1))


def _list_query(filters: ReportFilter) -> dict[str, object]:
    """The case list's query string for the filter (deviations.forms.DeviationFilterForm)."""
    query = {
        "date_from": filters.first_day.isoformat(),
        "date_to": filters.last_day.isoformat(),
        "sub_region": filters.sub_region_id,
        "area": filters.area_id,
        "provider": filters.provider_id,
        "unit": filters.unit_id,
        "category": filters.category_id,
    }
    return {name: value for name, value in query.items() if value is not None}


def _trend_table(trend: list[YearVolume]) -> Table:
    rows = [Row(str(y.year), [y.total, y.municipalities, y.region], key=y.year) for y in trend]
    return Table(
        _("Deviations reported per year of the event"),
        [_("In all"), _("From the municipalities"), _("From the region")],
        rows,
        kind="trend",
        label=_("Year"),
    )


def _link_rows(table: Table, list_url: str, query: dict[str, object]) -> None:
    """Give each row of a table that can be cut the address of its cases in the case list."""
    if not (table.drill and list_url):
        return
    for row in table.rows:
        if row.key is not None:
            row.url = f"{list_url}?{urlencode({**query, table.drill: row.key})}"


def _quality_columns() -> list[str]:
    return [
        _("Cases"),
        _("“Annat” now, %"),
        _("“Annat” as reported, %"),
        _("An “other” consequence, %"),
        _("Closed with a reasoned “no measure” (of the closed), %"),
    ]


def _quality_row(name: str, row: QualityRow) -> Row:
    shares = [row.other_share, row.other_reported_share, row.ovrigt_share, row.no_measure_share]
    return Row(name, [row.total, *shares], key=row.key)


def _quality_tables(actor, county, filters: ReportFilter) -> dict[str, Table]:
    """Classification quality (issue 19 item 4): the shares of "Annat", "Övrigt" and "no
    measure" over the trend's years, and per reporting care provider (who classified, most
    "Annat" first) and per category in the filter's period, every other cut kept."""
    first = filters.year - TREND_YEARS + 1
    span = replace(
        filters, start=datetime.date(first, 1, 1), end=datetime.date(filters.year, 12, 31)
    )
    by_year = {r.period.year: r for r in classification_quality(actor, cases=span.cases(county))}
    cases = filters.cases(county)
    providers = classification_quality(actor, group="provider", cases=cases)
    providers.sort(key=lambda r: (-(r.other_share or 0), r.name))
    categories = classification_quality(actor, group="category", cases=cases)
    columns = _quality_columns()
    empty = QualityRow(None, None, "", 0, 0, 0, 0, 0, 0)
    return {
        "years": Table(
            _("Classification quality per year of the event"),
            columns,
            [_quality_row(str(y), by_year.get(y, empty)) for y in range(first, filters.year + 1)],
            chart=False,
            label=_("Year"),
        ),
        "providers": Table(
            _("Classification quality per reporting care provider"),
            columns,
            [_quality_row(r.name, r) for r in providers],
            chart=False,
            label=_("Care provider"),
        ),
        "categories": Table(
            _("Classification quality per category"),
            columns,
            [_quality_row(r.name, r) for r in categories],
            chart=False,
            drill="category",
            label=_("Category"),
        ),
    }


def dashboard(actor, county, filters: ReportFilter) -> Dashboard:
    """The dashboard of `county` under `filters` for a reader of the county report (the
    caller checks `followup.county_report`); the drill-down links only for one who may see
    the county's cases."""
    figures = county_report(county, filters)
    query = _list_query(filters)
    list_url = ""
    if can(actor, LIST_PERMISSION):
        list_url = reverse("deviations:list")
    tables = {key: figures.tables[key] for key in TABLES}
    quality = _quality_tables(actor, county, filters)
    for table in [*tables.values(), *quality.values()]:
        _link_rows(table, list_url, query)
    trend = yearly_volumes(county, filters)
    return Dashboard(
        report=figures,
        trend=trend,
        trend_table=_trend_table(trend),
        tables=tables,
        list_url=f"{list_url}?{urlencode(query)}" if list_url else "",
        quality=quality,
    )
