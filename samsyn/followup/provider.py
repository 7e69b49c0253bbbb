"""Each care provider's own compilation (issue 20 item 5): for its systematic patient-safety
work and its yearly patient-safety report (patientsäkerhetsberättelse), a quarter's or a year's
deviations with the provider as reporter and as receiver, per unit, its measures open and
overdue, how fast it answered, its lex Maria assessments and the lessons from its
disagreements. Counts only, no case's content.

The cases are the county report's (`report.ReportFilter` with the provider as the cut) and the
handling figures the report's own queries (`report._counts`, `report._times`), once for each
side, so a figure here means what it means in the county report.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import can, grant_for
from samsyn.deviations.models import EventType, Measure
from samsyn.disagreements.models import Lesson
from samsyn.followup.report import (
    FIRST_YEAR,
    ReportFilter,
    Row,
    Table,
    Times,
    _counts,
    _times,
)
from samsyn.parties.models import CareProvider, CareUnit

COMPILATION_PERMISSION = "followup.provider_compilation"
SIDES = [_("As reporter"), _("As receiver")]
# The handling figures of report._counts shown per side, in this order.
HANDLING = [
    ("closed", _("Closed")),
    ("no_measure_reasoned", _("Closed with a reasoned “no measure”")),
    ("measures_done", _("Closed with a measure carried out")),
    ("overdue", _("Answered after the deadline or still due")),
    ("disputed", _("Description disputed by the receiver, in part or whole")),
    ("questioned", _("Answer questioned by the reporting side")),
    ("wrong_receiver", _("Sent back as wrong receiver")),
    ("other", _("Classified “Annat” now")),
    ("lex_maria_reported", _("Lex Maria: reported to IVO")),
    ("lex_maria_not_reported", _("Lex Maria: not reported, with a reason")),
    ("lex_maria_investigating", _("Lex Maria: being investigated")),
    ("lex_maria_overdue", _("Lex Maria: assessment overdue")),
]


@dataclass
class ProviderCompilation:
    provider: CareProvider
    filters: ReportFilter
    as_of: datetime.date
    types: Table
    units: Table
    handling: Table
    times: list[Times]
    measures: dict[str, int]
    lessons: int
    counts: list[dict[str, int]]  # report._counts as reporter, as receiver

    @property
    def lex_maria_reported(self) -> int:
        return sum(c["lex_maria_reported"] for c in self.counts)

    @property
    def total(self) -> list[int]:
        """All reports (good cooperation apart) as reporter and as receiver."""
        rows = [r for r in self.types.rows if r.key != EventType.GOOD_COOPERATION]
        return [sum(r.values[i] for r in rows) for i in (0, 1)]


def _type_rows(cases, provider) -> list[Row]:
    counts = {
        event_type: (reporter, receiver)
        for event_type, reporter, receiver in cases.order_by()
        .values_list("event_type")
        .annotate(
            reporter=Count("pk", filter=Q(reporting_provider=provider)),
            receiver=Count("pk", filter=Q(counterpart_provider=provider)),
        )
    }
    return [
        Row(str(label), list(counts.get(value, (0, 0))), key=value)
        for value, label in EventType.choices
    ]


def _unit_rows(reports, provider) -> list[Row]:
    """Every unit of the provider (zero where it has no case), then the cases without one."""
    reported = dict(
        reports.filter(reporting_provider=provider)
        .order_by()
        .values_list("reporting_unit")
        .annotate(n=Count("pk"))
    )
    received = dict(
        reports.filter(counterpart_provider=provider)
        .order_by()
        .values_list("receiving_unit")
        .annotate(n=Count("pk"))
    )
    units = CareUnit.objects.filter(provider=provider).filter(
        Q(is_active=True) | Q(pk__in=reported) | Q(pk__in=received)
    )
    rows = [
        Row(unit.name, [reported.get(unit.pk, 0), received.get(unit.pk, 0)], key=unit.pk)
        for unit in units.order_by("name")
    ]
    rows.append(Row(gettext("No unit given"), [reported.get(None, 0), received.get(None, 0)]))
    return rows


def _measures(provider, f: ReportFilter, as_of: datetime.date) -> dict[str, int]:
    """The provider's own measures: open and overdue today, carried out in the period."""
    return Measure.objects.filter(owner_provider=provider).aggregate(
        open=Count("pk", filter=Q(done_date__isnull=True)),
        overdue=Count("pk", filter=Q(done_date__isnull=True, due_date__lt=as_of)),
        done=Count("pk", filter=Q(done_date__gte=f.first_day, done_date__lte=f.last_day)),
    )


def provider_compilation(
    provider: CareProvider, filters: ReportFilter, *, as_of: datetime.date | None = None
) -> ProviderCompilation:
    """Every figure of the provider's compilation for the filtered period (the filter's
    provider is this one). Permission is the caller's to check."""
    as_of = as_of or timezone.localdate()
    cases = filters.cases(provider.party.county)
    reports = cases.exclude(event_type=EventType.GOOD_COOPERATION)
    sides = [
        _counts(reports.filter(reporting_provider=provider), as_of),
        _counts(reports.filter(counterpart_provider=provider), as_of),
    ]
    handling = [Row(str(label), [c[key] for c in sides]) for key, label in HANDLING]
    lessons = Lesson.objects.filter(
        Q(disagreement__provider_a=provider) | Q(disagreement__provider_b=provider),
        published_at__date__gte=filters.first_day,
        published_at__date__lte=filters.last_day,
    ).count()
    return ProviderCompilation(
        provider=provider,
        filters=filters,
        as_of=as_of,
        types=Table(_("Reports by type"), SIDES, _type_rows(cases, provider), chart=False),
        units=Table(_("Reports per unit"), SIDES, _unit_rows(reports, provider), kind="sides"),
        handling=Table(_("Handling"), SIDES, handling, chart=False),
        times=_times(reports.filter(counterpart_provider=provider)),
        measures=_measures(provider, filters, as_of),
        lessons=lessons,
        counts=sides,
    )


def compilation_providers_for(actor) -> list[CareProvider]:
    """The providers whose compilation the actor may read: their own."""
    ids = grant_for(actor, COMPILATION_PERMISSION).provider_ids
    return list(CareProvider.objects.filter(pk__in=ids).order_by("name"))


def provider_compilation_for(
    actor, provider: CareProvider, year: int, *, start=None, end=None
) -> ProviderCompilation:
    """The page's, the PDF's and the workbook's way in: 403 for someone without the
    permission anywhere, 404 for another provider's or a year that cannot have cases."""
    if not can(actor, COMPILATION_PERMISSION):
        raise PermissionDenied(gettext("You are not allowed to see a care provider's compilation."))
    if not can(actor, COMPILATION_PERMISSION, provider):
        raise Http404
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404(gettext("No compilation for that year."))
    filters = ReportFilter(year=year, start=start, end=end, provider_id=provider.pk)
    return provider_compilation(provider, filters)
