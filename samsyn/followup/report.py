"""The county's annual report on deviations in cooperation (issue 20 item 2): every figure of the
page, the PDF and the workbook comes from `county_report`, and nowhere else.

Each figure is one aggregate query over the county's cases (GROUP BY, filtered counts, a window
for the percentiles), never a loop over cases in Python; the rows a query returns are merged
with the full list of values (categories, causes, areas), so a value without cases shows as
zero and an area without cases is listed as missing, never dropped.

`ReportFilter` carries the cuts the dashboard will offer (period, sub-region, area, provider,
category); the annual report uses the year alone.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import CumeDist, ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import AdoptionDecision, Termination
from samsyn.cases.models import Transition
from samsyn.core.access import grant_for
from samsyn.deviations.models import (
    Category,
    Cause,
    Deviation,
    EventType,
    LexMaria,
    Measure,
    OrganisationConsequence,
    PatientConsequence,
    Position,
    ReturnReason,
    Status,
    Verdict,
)
from samsyn.deviations.quality import NO_MEASURE, OTHER_NOW, OTHER_REPORTED, OVRIGT
from samsyn.disagreements.models import (
    CourtReferral,
    Disagreement,
    EconomicSettlement,
    Lesson,
)
from samsyn.followup.conclusions import conclusions_for, partial_year_text
from samsyn.followup.reflections import reflection_deadline, reflections_of
from samsyn.parties.models import CooperationArea, County, Party, Population, SubRegion

PER = 10_000  # rates per 10,000 inhabitants
MUNICIPAL, REGIONAL = Party.Kind.MUNICIPALITY, Party.Kind.REGION


@dataclass(frozen=True)
class ReportFilter:
    """Which cases: one county's, with the event date in `year` (or in `start`–`end` inside
    it), optionally of one sub-region, area, care provider (either side) or category."""

    year: int
    start: datetime.date | None = None
    end: datetime.date | None = None
    sub_region_id: int | None = None
    area_id: int | None = None
    provider_id: int | None = None
    unit_id: int | None = None
    category_id: int | None = None

    @property
    def first_day(self) -> datetime.date:
        return self.start or datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.end or datetime.date(self.year, 12, 31)

    def year_before(self) -> "ReportFilter":
        shift = {
            name: day.replace(year=day.year - 1) if day else None
            for name, day in (("start", self.start), ("end", self.end))
        }
        return replace(self, year=self.year - 1, **shift)

    def cases(self, county: County) -> QuerySet[Deviation]:
        """The reports of the county in the period: good-cooperation feedback is counted
        apart (`good_cooperation`), as it is no deviation."""
        qs = Deviation.objects.filter(
            reporting_provider__party__county=county,
            event_date__gte=self.first_day,
            event_date__lte=self.last_day,
        )
        cuts = {
            "sub_region_id": self.sub_region_id,
            "area_id": self.area_id,
            "category_id": self.category_id,
        }
        qs = qs.filter(**{k: v for k, v in cuts.items() if v is not None})
        if self.provider_id is not None:
            qs = qs.filter(
                Q(reporting_provider_id=self.provider_id)
                | Q(counterpart_provider_id=self.provider_id)
            )
        if self.unit_id is not None:
            qs = qs.filter(Q(reporting_unit_id=self.unit_id) | Q(receiving_unit_id=self.unit_id))
        return qs


@dataclass
class Row:
    """One line of a table: a name and its counts (`values`, in the table's column order);
    `key` is the id of what the row counts (a category, an area), for a link to its cases."""

    name: str
    values: list
    missing: bool = False
    note: str = ""
    key: int | str | None = None
    url: str = ""  # where the row's cases are listed (set by the dashboard)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[Row]
    kind: str = "by_party"  # "by_party": all, from the municipalities, from the region
    chart: bool = True  # drawn as a bar chart beside the table (charts.table_chart)
    chart_column: int = 0
    drill: str = ""  # the case list's filter a row's key goes into ("" for none)
    label: str = ""  # the heading of the names' column ("Name" if empty)

    @property
    def chart_svg(self) -> str:
        from samsyn.followup.charts import table_chart  # noqa: PLC0415 - pygal only to draw

        return table_chart(self)


@dataclass
class Volume:
    municipalities: int
    region: int
    good_cooperation: int

    @property
    def total(self) -> int:
        return self.municipalities + self.region

    @property
    def ratio(self) -> float | None:
        """How many times as many the municipalities reported as the region."""
        return round(self.municipalities / self.region, 1) if self.region else None


@dataclass
class Times:
    """Days from registration to an event: median and 90th percentile (nearest rank)."""

    label: str
    count: int
    median: float | None
    p90: float | None


@dataclass
class AreaStatus:
    area: CooperationArea
    cases: int
    rate: float | None
    reflection: object | None  # followup.models.AreaReflection, once item 3 lands
    reflection_late: bool = False

    @property
    def has_data(self) -> bool:
        return self.cases > 0

    @property
    def complete(self) -> bool:
        return self.has_data and self.reflection is not None and not self.reflection_late


@dataclass
class CountyReport:
    county: County
    filters: ReportFilter
    as_of: datetime.date
    volume: Volume
    volume_before: Volume
    shares: dict[str, float | None]
    counts: dict[str, int]
    times: list[Times]
    tables: dict[str, Table]
    areas: list[AreaStatus]
    population_year: int | None
    disagreements: dict[str, object]
    registry: dict[str, int]
    reflection_deadline: datetime.date | None = None
    conclusions: list[str] = field(default_factory=list)
    indicators: list = field(default_factory=list)  # indicators.IndicatorRow, the county's
    # The county's first case when it falls after the first month of the year before (the
    # first year of an import, of a demo): that year covers only part of its months.
    before_from: datetime.date | None = None

    @property
    def change_percent(self) -> float | None:
        """The change of all reports against the year before, in per cent; none when the
        year before holds only part of its months (a percentage would compare unlike spans)."""
        before = self.volume_before.total
        if not before or self.before_from is not None:
            return None
        return round(100 * (self.volume.total - before) / before, 1)

    @property
    def partial_year_note(self) -> str | None:
        """The year before covers only from a month on: what the page says instead of a change."""
        return partial_year_text(self)

    @property
    def missing_areas(self) -> list[AreaStatus]:
        return [a for a in self.areas if not a.complete]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _volume(cases: QuerySet[Deviation]) -> Volume:
    reports = ~Q(event_type=EventType.GOOD_COOPERATION)
    totals = cases.aggregate(
        municipalities=Count("pk", filter=reports & Q(reporting_provider__party__kind=MUNICIPAL)),
        region=Count("pk", filter=reports & Q(reporting_provider__party__kind=REGIONAL)),
        good_cooperation=Count("pk", filter=~reports),
    )
    return Volume(**totals)


def _counts(reports: QuerySet[Deviation], as_of: datetime.date) -> dict[str, int]:
    """The case counts behind the shares, in one query."""
    sent_back_wrong = Transition.objects.filter(
        deviation=OuterRef("pk"), move="send_back", data__reason=ReturnReason.WRONG_RECEIVER
    )
    has_measure = Measure.objects.filter(deviation=OuterRef("pk"))
    measure_done = has_measure.filter(done_date__isnull=False)
    closed = Q(status=Status.CLOSED)
    answered_late = Q(answered_at__isnull=False, answer_due__lt=F("answered_at__date"))
    unanswered_late = Q(answered_at__isnull=True, answer_due__lt=as_of) & ~Q(
        status__in=[Status.CLOSED, Status.RETURNED]
    )
    return reports.annotate(
        _wrong=Exists(sent_back_wrong),
        _measure=Exists(has_measure),
        _done=Exists(measure_done),
    ).aggregate(
        total=Count("pk"),
        other=Count("pk", filter=OTHER_NOW),
        other_reported=Count("pk", filter=OTHER_REPORTED),
        recoded=Count("pk", filter=Q(reported_category__isnull=False)),
        ovrigt=Count("pk", filter=OVRIGT),
        closed=Count("pk", filter=closed),
        no_measure_reasoned=Count("pk", filter=NO_MEASURE),
        measures_done=Count("pk", filter=closed & Q(_done=True)),
        with_answer_due=Count("pk", filter=Q(answer_due__isnull=False)),
        overdue=Count("pk", filter=answered_late | unanswered_late),
        disputed=Count("pk", filter=Q(position__in=[Position.PARTLY, Position.DISPUTES])),
        questioned=Count("pk", filter=Q(verdict=Verdict.QUESTIONED)),
        wrong_receiver=Count("pk", filter=Q(_wrong=True)),
        lex_maria_reported=Count("pk", filter=Q(lex_maria=LexMaria.REPORTED)),
        lex_maria_not_reported=Count("pk", filter=Q(lex_maria=LexMaria.NOT_REPORTED)),
        lex_maria_investigating=Count("pk", filter=Q(lex_maria=LexMaria.INVESTIGATING)),
        # Overdue as on the patient-safety lead's to-do list (deviations/patient.py:
        # lex_maria_overdue): nothing recorded by its date, or investigated past its review date.
        lex_maria_overdue=Count(
            "pk",
            filter=Q(lex_maria="", lex_maria_due__isnull=False, lex_maria_due__lt=as_of)
            | Q(
                lex_maria=LexMaria.INVESTIGATING,
                lex_maria_due__isnull=False,
                lex_maria_review_date__lt=as_of,
            ),
        ),
    )


def _shares(c: dict[str, int]) -> dict[str, float | None]:
    return {
        "other": _share(c["other"], c["total"]),
        "other_reported": _share(c["other_reported"], c["total"]),
        "ovrigt": _share(c["ovrigt"], c["total"]),
        "no_measure_reasoned": _share(c["no_measure_reasoned"], c["closed"]),
        "measures_done": _share(c["measures_done"], c["closed"]),
        "overdue": _share(c["overdue"], c["with_answer_due"]),
    }


def partial_start(county: County, before: ReportFilter) -> datetime.date | None:
    """The day the county's cases begin when that is inside the period `before` and after its
    first month (its first case months after 1 January), else None: one MIN over the
    event-date index."""
    first = Deviation.objects.filter(reporting_provider__party__county=county).aggregate(
        first=Min("event_date")
    )["first"]
    if first is None or not before.first_day < first <= before.last_day:
        return None
    one_month = datetime.timedelta(days=31)
    return first if first >= before.first_day + one_month else None


def _days(value: datetime.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


def step_times(reports: QuerySet[Deviation], label, at: str) -> Times:
    """Days from registration to the moment `at` (acknowledged_at, answered_at, closed_at):
    the count, and the median and 90th percentile by nearest rank (the smallest time whose
    cumulative share, the database's CUME_DIST window, reaches the fraction), in one query."""
    timed = (
        reports.filter(**{f"{at}__isnull": False})
        .annotate(took=ExpressionWrapper(F(at) - F("created_at"), output_field=DurationField()))
        .annotate(rank=Window(CumeDist(), order_by=F("took").asc()))
        .order_by()
    )
    figures = timed.aggregate(
        count=Count("pk"),
        median=Min("took", filter=Q(rank__gte=0.5)),
        p90=Min("took", filter=Q(rank__gte=0.9)),
    )
    return Times(
        label=label,
        count=figures["count"],
        median=_days(figures["median"]),
        p90=_days(figures["p90"]),
    )


def _times(reports: QuerySet[Deviation]) -> list[Times]:
    return [
        step_times(reports, label, at)
        for label, at in (
            (_("Time to acknowledge"), "acknowledged_at"),
            (_("Time to answer"), "answered_at"),
            (_("Time to close"), "closed_at"),
        )
    ]


def _by_party_kind(reports, key: str, values) -> list[Row]:
    """Every value (zero where no case has it), with its count from the municipalities, from
    the region, and in all."""
    counts: dict[tuple, int] = {}
    for value_id, kind, n in (
        reports.order_by()
        .values_list(key, "reporting_provider__party__kind")
        .annotate(n=Count("pk", distinct=True))
    ):
        counts[(value_id, kind)] = n
    rows = []
    for value in values:
        mun, reg = counts.get((value.pk, MUNICIPAL), 0), counts.get((value.pk, REGIONAL), 0)
        rows.append(Row(value.name, [mun + reg, mun, reg], key=value.pk))
    return rows


def _used_or_active(model, reports, key: str):
    """The values that can be chosen today, and any retired one a case of the period used."""
    used = reports.order_by().values(key)
    return model.objects.filter(Q(is_active=True) | Q(pk__in=used)).order_by("order", "name")


def _event_type_rows(reports) -> list[Row]:
    counts = dict(reports.order_by().values_list("event_type").annotate(n=Count("pk")))
    return [
        Row(str(label), [counts.get(value, 0)], key=value)
        for value, label in EventType.choices
        if value != EventType.GOOD_COOPERATION
    ]


def _tables(reports) -> dict[str, Table]:
    columns = [_("In all"), _("From the municipalities"), _("From the region")]
    return {
        "categories": Table(
            _("Categories"),
            columns,
            _by_party_kind(reports, "category", _used_or_active(Category, reports, "category")),
            drill="category",
        ),
        "event_types": Table(
            _("Types of report"),
            [_("Cases")],
            _event_type_rows(reports),
            kind="count",
            drill="event_type",
        ),
        "causes": Table(
            _("Causes"),
            columns,
            _by_party_kind(reports, "causes", _used_or_active(Cause, reports, "causes")),
        ),
        "patient_consequences": Table(
            _("Actual consequence for the patient (physical harm)"),
            columns,
            _by_party_kind(
                reports,
                "patient_consequence",
                _used_or_active(PatientConsequence, reports, "patient_consequence"),
            ),
        ),
        "organisation_consequences": Table(
            _("Consequence for the organisation"),
            columns,
            _by_party_kind(
                reports,
                "organisation_consequence",
                _used_or_active(OrganisationConsequence, reports, "organisation_consequence"),
            ),
        ),
    }


def _population(county: County, year: int) -> tuple[int | None, dict[int, int]]:
    """The newest population figures of the report's year or before (SCB publishes a year
    after): the year used, and the inhabitants per municipality id."""
    figures = Population.objects.filter(party__county=county, year__lte=year)
    used = figures.order_by("-year").values_list("year", flat=True).first()
    if used is None:
        figures = Population.objects.filter(party__county=county)
        used = figures.order_by("year").values_list("year", flat=True).first()
    return used, dict(figures.filter(year=used).values_list("party_id", "inhabitants"))


def _rate(cases: int, inhabitants: int | None) -> float | None:
    return round(PER * cases / inhabitants, 2) if inhabitants else None


def _place_rows(reports, county, people: dict[int, int]) -> dict[str, Table]:
    """Cases and rates per municipality, sub-region and area: every one of the county listed,
    the ones without cases as zero, a rate only where every member's population is known."""
    per_municipality = dict(reports.order_by().values_list("municipality").annotate(n=Count("pk")))
    municipalities = Party.objects.filter(county=county, kind=MUNICIPAL).order_by("name")
    columns = [_("Cases"), _("Inhabitants"), _("Per 10,000 inhabitants")]
    rows = []
    for m in municipalities:
        n = per_municipality.get(m.pk, 0)
        rate = _rate(n, people.get(m.pk))
        rows.append(Row(m.name, [n, people.get(m.pk), rate], missing=n == 0, key=m.pk))
    groups = {}
    for name, title, model, members, drill in (
        ("sub_regions", _("Sub-regions"), SubRegion, "municipalities", "sub_region"),
        ("areas", _("Cooperation areas"), CooperationArea, "members", "area"),
    ):
        group_rows = []
        for group in model.objects.filter(county=county).order_by("name"):
            ids = list(getattr(group, members).filter(kind=MUNICIPAL).values_list("pk", flat=True))
            n = sum(per_municipality.get(i, 0) for i in ids)
            known = all(i in people for i in ids) and ids
            inhabitants = sum(people[i] for i in ids) if known else None
            group_rows.append(
                Row(
                    group.name,
                    [n, inhabitants, _rate(n, inhabitants)],
                    missing=n == 0,
                    key=group.pk,
                )
            )
        groups[name] = Table(title, columns, group_rows, kind="rate", drill=drill)
    municipalities_table = Table(
        _("Municipalities"), columns, rows, kind="rate", chart=False, drill="municipality"
    )
    return {"municipalities": municipalities_table, **groups}


def _area_statuses(county, year: int, table: Table, *, as_of) -> list[AreaStatus]:
    """Every cooperation area with its cases and its reflection for the year; one without
    cases, without a reflection or with one after the deadline is incomplete."""
    reflections = reflections_of(county, year)
    deadline = reflection_deadline(county, year)
    statuses = []
    areas = CooperationArea.objects.filter(county=county).order_by("name")
    for area, row in zip(areas, table.rows, strict=True):
        reflection = reflections.get(area.pk)
        if reflection is None:
            late = bool(deadline and as_of > deadline)
        else:
            late = bool(deadline and timezone.localdate(reflection.submitted_at) > deadline)
        statuses.append(
            AreaStatus(
                area=area,
                cases=row.values[0],
                rate=row.values[2],
                reflection=reflection,
                reflection_late=late,
            )
        )
    return statuses


def _disagreements(county: County, f: ReportFilter) -> dict[str, object]:
    in_period = Q(created_at__date__gte=f.first_day, created_at__date__lte=f.last_day)
    closed_in_period = Q(closed_at__date__gte=f.first_day, closed_at__date__lte=f.last_day)
    all_of_county = Disagreement.objects.filter(county=county)
    totals = all_of_county.aggregate(
        registered=Count("pk", filter=in_period),
        disputes=Count("pk", filter=in_period & Q(is_dispute=True)),
        resolved=Count("pk", filter=closed_in_period),
    )
    by_step = dict(
        all_of_county.filter(closed_in_period)
        .order_by()
        .values_list("current_step")
        .annotate(n=Count("pk"))
    )
    # Only a settlement the other party has confirmed binds (as the pair's figures count it).
    settlements = EconomicSettlement.objects.filter(
        disagreement__county=county,
        decided_on__gte=f.first_day,
        decided_on__lte=f.last_day,
        confirmed_at__isnull=False,
    ).aggregate(count=Count("pk"), total=Sum("amount"))
    return {
        **totals,
        "resolved_at_step": {step: by_step.get(step, 0) for step in (1, 2, 3)},
        "settlements": settlements["count"],
        "settlements_total": settlements["total"] or Decimal("0"),
        "court": CourtReferral.objects.filter(
            disagreement__county=county,
            referred_on__gte=f.first_day,
            referred_on__lte=f.last_day,
        ).count(),
        "lessons": Lesson.objects.filter(
            county=county,
            published_at__date__gte=f.first_day,
            published_at__date__lte=f.last_day,
        ).count(),
    }


def _registry(county: County, f: ReportFilter) -> dict[str, int]:
    """The registry's decisions in the period: adoptions approved or not, terminations."""
    decisions = AdoptionDecision.objects.filter(
        party__county=county, decision_date__gte=f.first_day, decision_date__lte=f.last_day
    ).aggregate(
        approved=Count("pk", filter=Q(status=AdoptionDecision.Status.APPROVED)),
        rejected=Count("pk", filter=Q(status=AdoptionDecision.Status.REJECTED)),
    )
    terminations = Termination.objects.filter(
        party__county=county, notified_on__gte=f.first_day, notified_on__lte=f.last_day
    ).count()
    return {**decisions, "terminations": terminations}


@dataclass
class YearVolume:
    year: int
    municipalities: int
    region: int

    @property
    def total(self) -> int:
        return self.municipalities + self.region


TREND_YEARS = 6


def yearly_volumes(
    county: County, filters: ReportFilter, *, years: int = TREND_YEARS
) -> list[YearVolume]:
    """The reports per whole year of the event, from the municipalities and from the region,
    for the `years` years up to the filter's, every other cut of the filter kept: one GROUP BY;
    a year without cases shows as zero."""
    first = filters.year - years + 1
    span = replace(
        filters,
        start=datetime.date(first, 1, 1),
        end=datetime.date(filters.year, 12, 31),
    )
    rows = (
        span.cases(county)
        .exclude(event_type=EventType.GOOD_COOPERATION)
        .annotate(event_year=ExtractYear("event_date"))
        .order_by()
        .values_list("event_year", "reporting_provider__party__kind")
        .annotate(n=Count("pk"))
    )
    counts = {(year, kind): n for year, kind, n in rows}
    return [
        YearVolume(year, counts.get((year, MUNICIPAL), 0), counts.get((year, REGIONAL), 0))
        for year in range(first, filters.year + 1)
    ]


REPORT_PERMISSION = "followup.county_report"
FIRST_YEAR = 2000


def report_county_for(actor) -> County:
    """The county whose report the actor may read (403 for anyone else)."""
    county = (
        County.objects.filter(pk__in=grant_for(actor, REPORT_PERMISSION).county_ids)
        .order_by("pk")
        .first()
    )
    if county is None:
        raise PermissionDenied(gettext("You are not allowed to see the county's report."))
    return county


def county_report_for(actor, year: int) -> CountyReport:
    """The page's, the PDF's and the workbook's way in: the actor's county, a year that can
    have cases (404 for one in the future or before any registry)."""
    county = report_county_for(actor)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404(gettext("No report for that year."))
    return county_report(county, ReportFilter(year=year))


def county_report(
    county: County, filters: ReportFilter, *, as_of: datetime.date | None = None
) -> CountyReport:
    """Every figure of the county's report for the filtered period, as of `as_of` (today) for
    what is overdue. Permission is the caller's to check (`followup.county_report`)."""
    as_of = as_of or timezone.localdate()
    cases = filters.cases(county)
    reports = cases.exclude(event_type=EventType.GOOD_COOPERATION)
    counts = _counts(reports, as_of)
    population_year, people = _population(county, filters.year)
    places = _place_rows(reports, county, people)
    before = filters.year_before()
    volume_before = _volume(before.cases(county))
    report = CountyReport(
        county=county,
        filters=filters,
        as_of=as_of,
        volume=_volume(cases),
        volume_before=volume_before,
        before_from=partial_start(county, before) if volume_before.total else None,
        shares=_shares(counts),
        counts=counts,
        times=_times(reports),
        tables={**_tables(reports), **places},
        areas=_area_statuses(county, filters.year, places["areas"], as_of=as_of),
        population_year=population_year,
        disagreements=_disagreements(county, filters),
        registry=_registry(county, filters),
        reflection_deadline=reflection_deadline(county, filters.year),
    )
    report.conclusions = conclusions_for(report)
    from samsyn.followup.indicators import indicator_rows  # noqa: PLC0415 - they use this module

    report.indicators = indicator_rows(county, filters.year, as_of=as_of, counted={filters: counts})
    return report
