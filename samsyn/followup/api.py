"""The follow-up of a pair or an area over the API: the same figures as the page, from the same
selector and the same access check."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from samsyn.api.params import RowId
from samsyn.followup.report import county_report_for
from samsyn.followup.report_files import report_data
from samsyn.followup.selectors import (
    PairFigures,
    PairScope,
    area_scope,
    pair_figures_for,
    pair_scope,
    sub_region_scope,
)
from samsyn.parties.models import CooperationArea, Party, SubRegion

router = Router(tags=[gettext_lazy("Follow-up")])


class PartyRef(Schema):
    id: int
    code: str
    name: str


class DirectionOut(Schema):
    label: str
    by_year: dict[int, int]
    open_now: int
    good_cooperation: int
    top_categories: list[tuple[str, int]]


class QuarterOut(Schema):
    label: str
    from_municipality: int
    from_region: int


class DisagreementRow(Schema):
    reference: str
    title: str | None
    step: int
    status: str
    registered: datetime.date
    parties: str


class AgreementRow(Schema):
    id: int
    area: str
    party_a: str
    party_b: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class SettlementYear(Schema):
    year: int
    count: int
    total: Decimal


class RegimeRow(Schema):
    party: str
    branch: str
    reason: str
    documents: list[str]


class PairOut(Schema):
    title: str
    date: datetime.date
    region: PartyRef
    municipalities: list[PartyRef]
    area_id: int | None
    sub_region_id: int | None
    deviations: list[DirectionOut]
    quarters: list[QuarterOut]
    measures_open: int
    measures_overdue: int
    disagreements_by_step: dict[int, int]
    disagreements_in_court: int
    disagreements_closed_last_year: int
    disagreements: list[DisagreementRow]
    economic_agreements_in_force: list[AgreementRow]
    settlements_by_year: list[SettlementYear]
    governing_today: list[RegimeRow]


def _party(party: Party) -> dict:
    return {"id": party.pk, "code": party.code, "name": party.name}


def _out(f: PairFigures) -> dict:
    scope = f.scope
    return {
        "title": scope.title,
        "date": f.today,
        "region": _party(scope.region),
        "municipalities": [_party(m) for m in scope.municipalities],
        "area_id": scope.area.pk if scope.area else None,
        "sub_region_id": scope.sub_region.pk if scope.sub_region else None,
        "deviations": [
            {**vars(d), "by_year": dict(zip(f.years, d.by_year, strict=True))} for d in f.directions
        ],
        "quarters": f.quarters,
        "measures_open": f.measures_open,
        "measures_overdue": f.measures_overdue,
        "disagreements_by_step": f.disagreements_by_step,
        "disagreements_in_court": f.disagreements_in_court,
        "disagreements_closed_last_year": f.disagreements_closed_last_year,
        "disagreements": f.disagreement_rows,
        "economic_agreements_in_force": [
            {
                "id": a.pk,
                "area": a.area,
                "party_a": a.party_a.name,
                "party_b": a.party_b.name,
                "valid_from": a.valid_from,
                "valid_to": a.valid_to,
            }
            for a in f.agreements_in_force
        ],
        "settlements_by_year": f.settlements_by_year,
        "governing_today": [
            {
                "party": r.party.name,
                "branch": str(r.branch.value),
                "reason": r.reason,
                "documents": [d.title for d in r.documents],
            }
            for r in f.regimes
        ],
    }


def _figures(request, scope: PairScope) -> dict:
    return _out(pair_figures_for(request.actor, scope))


@router.get(
    "/followup/pairs/{code}",
    response=PairOut,
    summary=gettext_lazy("The region and one municipality: follow-up figures"),
)
def pair_get(request, code: str):
    municipality = get_object_or_404(Party, code=code, kind=Party.Kind.MUNICIPALITY)
    return _figures(request, pair_scope(municipality=municipality))


@router.get(
    "/followup/areas/{area_id}",
    response=PairOut,
    summary=gettext_lazy("The region and a cooperation area's municipalities: follow-up figures"),
)
def area_get(request, area_id: RowId):
    return _figures(request, area_scope(area=get_object_or_404(CooperationArea, pk=area_id)))


@router.get(
    "/followup/sub-regions/{sub_region_id}",
    response=PairOut,
    summary=gettext_lazy("The region and a sub-region's municipalities: follow-up figures"),
)
def sub_region_get(request, sub_region_id: RowId):
    sub_region = get_object_or_404(SubRegion, pk=sub_region_id)
    return _figures(request, sub_region_scope(sub_region=sub_region))


class VolumeOut(Schema):
    municipalities: int
    region: int
    good_cooperation: int
    total: int
    ratio: float | None


class TimesOut(Schema):
    label: str
    count: int
    median: float | None
    p90: float | None


class ReportRowOut(Schema):
    name: str
    values: list[int | float | None]
    missing: bool


class ReportTableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[ReportRowOut]


class AreaOut(Schema):
    id: int
    name: str
    cases: int
    rate: float | None
    reflection_submitted: bool
    reflection_late: bool
    complete: bool


class AnnualReportOut(Schema):
    county: str
    year: int
    as_of: datetime.date
    volume: VolumeOut
    volume_year_before: VolumeOut
    change_percent: float | None
    # The county's first case, when the year before holds only its months from then on (no
    # change in per cent is given then).
    year_before_from: datetime.date | None = None
    counts: dict[str, int]
    shares: dict[str, float | None]
    times: list[TimesOut]
    tables: list[ReportTableOut]
    areas: list[AreaOut]
    population_year: int | None
    disagreements: dict[str, int | float | dict[str, int]]
    registry: dict[str, int]
    reflection_deadline: datetime.date | None
    conclusions: list[str]


@router.get(
    "/reports/annual/{int:year}",
    response=AnnualReportOut,
    summary=gettext_lazy("The county's annual report"),
    description=gettext_lazy(
        "Every figure of the annual report page (`/uppfoljning/arsrapport/<year>/`), from the "
        "same selector and for the same readers: deviations by the municipalities and the "
        "region, shares, times, every category, area and municipality (zero where there are "
        "none), the areas' reflections, disagreements and the registry's decisions."
    ),
)
def annual_report(request, year: int):
    return report_data(county_report_for(request.actor, year))
