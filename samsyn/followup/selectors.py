"""Figures for follow-up: the view of a region–municipality pair or of a cooperation area
(issue 19 item 6), what a sub-regional cooperation meeting needs on the screen. The county's
annual report and dashboard (issue 20) build on the same queries.

Every figure is a count or a sum over the cases between the region and the municipalities in
view; a disagreement's title is shown only to those who may open the disagreement.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncQuarter
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from samsyn.agreements.selectors import Regime, governing_documents_on
from samsyn.core.access import Actor, can, grant_for
from samsyn.deviations.models import OPEN_STATUSES, Deviation, EventType, Measure
from samsyn.disagreements.models import Disagreement, EconomicAgreement, EconomicSettlement
from samsyn.parties.models import CooperationArea, Party, SubRegion

PERMISSION = "followup.pair_view"
YEARS = 5  # the trend by year: this year and the four before
QUARTERS = 8  # the trend by quarter: two years
TOP_CATEGORIES = 5


@dataclass(frozen=True)
class PairScope:
    """The region of a county and the municipalities in view: one (a pair), the members of
    one cooperation area, or the municipalities of one sub-region (kommunalförbund). Judged by
    the access table like any case (`can`)."""

    region: Party
    municipalities: tuple[Party, ...]
    area: CooperationArea | None = None
    sub_region: SubRegion | None = None

    @property
    def is_group(self) -> bool:
        """Several municipalities together (an area or a sub-region), not one pair."""
        return bool(self.area or self.sub_region)

    @property
    def title(self) -> str:
        group = self.area or self.sub_region
        other = group.name if group else self.municipalities[0].name
        return f"{self.region.name} – {other}"

    @property
    def municipality_ids(self) -> list[int]:
        return [m.pk for m in self.municipalities]

    def access_county_id(self) -> int:
        return self.region.county_id

    def access_party_ids(self) -> list[int]:
        # An area's or a sub-region's view is not one member municipality's to read (its
        # neighbours' cases).
        if self.is_group:
            return [self.region.pk]
        return [self.region.pk, *self.municipality_ids]

    def access_provider_ids(self) -> list[int]:
        return []

    def access_area_ids(self) -> list[int]:
        if self.area:
            return [self.area.pk]
        if self.sub_region:
            # A sub-region spans areas: it is read by the county's and the region's readers,
            # not by one area's coordinator.
            return []
        return list(
            CooperationArea.objects.filter(members__in=self.municipality_ids).values_list(
                "pk", flat=True
            )
        )


def region_of(*, county_id: int) -> Party:
    return Party.objects.get(county_id=county_id, kind=Party.Kind.REGION)


def pair_scope(*, municipality: Party) -> PairScope:
    return PairScope(
        region=region_of(county_id=municipality.county_id), municipalities=(municipality,)
    )


def area_scope(*, area: CooperationArea) -> PairScope:
    members = tuple(area.members.filter(kind=Party.Kind.MUNICIPALITY).order_by("name"))
    return PairScope(region=region_of(county_id=area.county_id), municipalities=members, area=area)


def sub_region_scope(*, sub_region: SubRegion) -> PairScope:
    members = tuple(
        Party.objects.filter(sub_region=sub_region, kind=Party.Kind.MUNICIPALITY).order_by("name")
    )
    return PairScope(
        region=region_of(county_id=sub_region.county_id),
        municipalities=members,
        sub_region=sub_region,
    )


def sub_regions_visible_to(actor: Actor) -> QuerySet[SubRegion]:
    """The sub-regions whose view the actor may open: the list twin of `can` on
    `sub_region_scope` (those who read the whole county or the region's side of it)."""
    return SubRegion.objects.filter(county__in=_whole_counties(actor)).order_by("name")


def _whole_counties(actor: Actor) -> set[int]:
    grant = grant_for(actor, PERMISSION)
    region_counties = set(
        Party.objects.filter(pk__in=grant.party_ids, kind=Party.Kind.REGION).values_list(
            "county_id", flat=True
        )
    )
    return grant.county_ids | region_counties


def pairs_visible_to(actor: Actor) -> tuple[QuerySet[Party], QuerySet[CooperationArea]]:
    """The municipalities whose pair with the region, and the areas, the actor may view: the
    list twin of `can(actor, PERMISSION, scope)` (a test holds them together)."""
    grant = grant_for(actor, PERMISSION)
    whole_counties = _whole_counties(actor)
    municipalities = (
        Party.objects.filter(kind=Party.Kind.MUNICIPALITY)
        .filter(
            Q(county__in=whole_counties) | Q(pk__in=grant.party_ids) | Q(areas__in=grant.area_ids)
        )
        .distinct()
        .order_by("name")
    )
    areas = CooperationArea.objects.filter(
        Q(county__in=whole_counties) | Q(pk__in=grant.area_ids)
    ).order_by("name")
    return municipalities, areas


@dataclass
class Direction:
    """The cases one side reported to the other."""

    label: str
    by_year: list[int]
    open_now: int
    good_cooperation: int
    top_categories: list[tuple[str, int]]


@dataclass
class PairFigures:
    scope: PairScope
    today: datetime.date
    years: list[int]
    directions: list[Direction]
    quarters: list[dict]
    measures_open: int
    measures_overdue: int
    measures_by_owner: list[dict]
    disagreements_by_step: dict[int, int]
    disagreements_in_court: int
    disagreements_closed_last_year: int
    disagreement_rows: list[dict]
    agreements_in_force: list[EconomicAgreement]
    settlements_by_year: list[dict]
    regimes: list[Regime] = field(default_factory=list)

    @property
    def regime_groups(self) -> list[dict]:
        """The municipalities governed alike (same documents, same reason), together: an
        area's page says it once, not once per municipality."""
        groups: dict[tuple, dict] = {}
        for regime in self.regimes:
            key = (regime.reason, tuple(sorted(regime.document_ids)))
            group = groups.setdefault(
                key, {"parties": [], "reason": regime.reason, "documents": regime.documents}
            )
            group["parties"].append(regime.party.name)
        return list(groups.values())


def _between(scope: PairScope, side_a: str, side_b: str) -> Q:
    """Rows whose two sides (`side_a`, `side_b`: lookups to a party id) are the region and one
    of the municipalities in view, in either order."""
    region, municipalities = scope.region.pk, scope.municipality_ids
    return Q(**{f"{side_a}__in": municipalities, side_b: region}) | Q(
        **{side_a: region, f"{side_b}__in": municipalities}
    )


def deviations_between(scope: PairScope) -> QuerySet[Deviation]:
    """Every case between the region and the municipalities in view, in both directions."""
    return Deviation.objects.filter(
        _between(scope, "reporting_provider__party_id", "counterpart_provider__party_id")
    )


def disagreements_between(scope: PairScope) -> QuerySet[Disagreement]:
    return Disagreement.objects.filter(_between(scope, "party_a_id", "party_b_id"))


def _direction(cases: QuerySet[Deviation], *, label: str, years: list[int], today) -> Direction:
    reports = cases.exclude(event_type=EventType.GOOD_COOPERATION)
    per_year = dict(
        reports.filter(event_date__year__gte=years[0])
        .annotate(year=ExtractYear("event_date"))
        .values_list("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    last_year = today - datetime.timedelta(days=365)
    top = (
        reports.filter(event_date__gt=last_year)
        .values_list("category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")[:TOP_CATEGORIES]
    )
    return Direction(
        label=label,
        by_year=[per_year.get(year, 0) for year in years],
        open_now=reports.filter(status__in=OPEN_STATUSES).count(),
        good_cooperation=cases.filter(event_type=EventType.GOOD_COOPERATION).count(),
        top_categories=list(top),
    )


def _quarters(cases: QuerySet[Deviation], *, scope: PairScope, today) -> list[dict]:
    """Cases per quarter, the last QUARTERS quarters, per direction."""
    first = _quarter_start(today)
    for _ in range(QUARTERS - 1):
        first = _quarter_start(first - datetime.timedelta(days=1))
    rows = (
        cases.exclude(event_type=EventType.GOOD_COOPERATION)
        .filter(event_date__gte=first)
        .annotate(quarter=TruncQuarter("event_date"))
        .values_list("quarter", "reporting_provider__party_id")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple, int] = {}
    for quarter, party_id, n in rows:
        side = "region" if party_id == scope.region.pk else "municipality"
        counts[(quarter, side)] = counts.get((quarter, side), 0) + n
    quarters, start = [], first
    while start <= today:
        quarters.append(
            {
                "label": f"{start.year} K{(start.month - 1) // 3 + 1}",
                "from_municipality": counts.get((start, "municipality"), 0),
                "from_region": counts.get((start, "region"), 0),
            }
        )
        start = _quarter_start(start + datetime.timedelta(days=100))
    return quarters


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _measures(scope: PairScope, *, today) -> tuple[int, int, list[dict]]:
    open_measures = Measure.objects.filter(
        deviation__in=deviations_between(scope), done_date__isnull=True
    )
    overdue = Q(due_date__lt=today)
    by_owner = (
        open_measures.values("owner_provider__party__name")
        .annotate(open=Count("id"), overdue=Count("id", filter=overdue))
        .order_by("owner_provider__party__name")
    )
    return (
        open_measures.count(),
        open_measures.filter(overdue).count(),
        [
            {
                "party": row["owner_provider__party__name"],
                "open": row["open"],
                "overdue": row["overdue"],
            }
            for row in by_owner
        ],
    )


def _disagreement_rows(actor: Actor, active: QuerySet[Disagreement]) -> list[dict]:
    rows = []
    for case in active.select_related("party_a", "party_b").order_by("created_at", "pk"):
        visible = can(actor, "disagreements.view", case)
        rows.append(
            {
                "reference": case.listed_reference,
                "title": case.title if visible else None,
                "url": case.get_absolute_url() if visible else None,
                "step": case.current_step,
                "status": case.get_status_display(),
                "registered": timezone.localdate(case.created_at),
                "parties": f"{case.party_a.name} – {case.party_b.name}",
            }
        )
    return rows


def _settlements_by_year(scope: PairScope) -> list[dict]:
    rows = (
        EconomicSettlement.objects.filter(
            disagreement__in=disagreements_between(scope), confirmed_at__isnull=False
        )
        .annotate(year=ExtractYear("decided_on"))
        .values("year")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("-year")
    )
    return [{**row, "total": row["total"] or Decimal(0)} for row in rows]


def _agreements_in_force(scope: PairScope, *, today) -> list[EconomicAgreement]:
    return list(
        EconomicAgreement.objects.filter(
            _between(scope, "party_a_id", "party_b_id"), valid_from__lte=today
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("party_a", "party_b")
        .order_by("valid_from", "pk")
    )


def pair_figures_for(actor: Actor, scope: PairScope) -> PairFigures:
    """The page's and the API's way in: no follow-up at all is 403, a pair or area outside
    the actor's reach is not there for them (404, as a case they may not see)."""
    if not can(actor, PERMISSION):
        raise PermissionDenied(gettext("You are not allowed to see the follow-up."))
    if not can(actor, PERMISSION, scope):
        raise Http404(gettext("No such pair or area."))
    return pair_figures(actor, scope)


def pair_figures(
    actor: Actor, scope: PairScope, *, today: datetime.date | None = None
) -> PairFigures:
    """The follow-up of a pair or an area, for an actor who may view it (`pair_figures_for`
    checks that)."""
    today = today or timezone.localdate()
    years = list(range(today.year - YEARS + 1, today.year + 1))
    cases = deviations_between(scope)
    region, municipalities = scope.region.pk, scope.municipality_ids
    directions = [
        _direction(
            cases.filter(reporting_provider__party_id__in=municipalities),
            label=gettext("Reported by the municipality to the region")
            if not scope.is_group
            else gettext("Reported by the municipalities to the region"),
            years=years,
            today=today,
        ),
        _direction(
            cases.filter(reporting_provider__party_id=region),
            label=gettext("Reported by the region to the municipality")
            if not scope.is_group
            else gettext("Reported by the region to the municipalities"),
            years=years,
            today=today,
        ),
    ]
    measures_open, measures_overdue, by_owner = _measures(scope, today=today)
    disagreements = disagreements_between(scope)
    active = disagreements.filter(status=Disagreement.Status.OPEN)
    by_step = dict(active.values_list("current_step").annotate(n=Count("id")))
    return PairFigures(
        scope=scope,
        today=today,
        years=years,
        directions=directions,
        quarters=_quarters(cases, scope=scope, today=today),
        measures_open=measures_open,
        measures_overdue=measures_overdue,
        measures_by_owner=by_owner,
        disagreements_by_step={step: by_step.get(step, 0) for step in (1, 2, 3)},
        disagreements_in_court=disagreements.filter(status=Disagreement.Status.IN_COURT).count(),
        disagreements_closed_last_year=disagreements.filter(
            closed_at__date__gt=today - datetime.timedelta(days=365)
        ).count(),
        disagreement_rows=_disagreement_rows(
            actor,
            disagreements.filter(
                status__in=[Disagreement.Status.OPEN, Disagreement.Status.IN_COURT]
            ),
        ),
        agreements_in_force=_agreements_in_force(scope, today=today),
        settlements_by_year=_settlements_by_year(scope),
        regimes=[governing_documents_on(party=m, on_date=today) for m in scope.municipalities],
    )
