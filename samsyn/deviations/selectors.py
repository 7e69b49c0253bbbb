"""Reads for deviations, always filtered for the actor (DOMAIN.md section 2, issue "Access").

One selector decides what an actor may see; the list, the case page, the exports and
the search all start from it, so a stranger never finds a case by any door.
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.cases.selectors import case_history
from samsyn.core.access import can, grant_for
from samsyn.core.ids import case_number_q
from samsyn.core.selectors import ORDER_OVERVIEW, start_section_register
from samsyn.deviations.models import (
    ANSWER_STATUSES,
    OPEN_STATUSES,
    Deviation,
    LiftedLevel,
    Status,
)
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.parties.models import CareProvider, Party

# Each ordering ends with the id, so a keyset page's position is unique (core/keyset.py).
SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "event": ("-event_date", "-id"),
    "ack_due": ("ack_due", "id"),
    "status": ("status", "-created_at", "-id"),
}
# What the list shows (list.html and _status.html), and nothing else: a county's list must not
# read every case's free text to show 25 titles.
LIST_RELATED = ("reporting_provider", "counterpart_provider", "category")
LIST_FIELDS = (
    "id",
    "title",
    "event_date",
    "status",
    "ack_due",
    "analysis_due",
    # Overdue includes the answer (issue 17): Deviation.is_overdue reads these.
    "answer_due",
    "answered_at",
    "lifted_level",
    "event_type",
    "created_at",
    "reporting_provider__name",
    "counterpart_provider__name",
    "category__name",
    "category__is_active",
)
PAGE_SIZE = 25
# Waiting for the responsible side: everything after sending and before closing.
_HANDLER_WAITS = [
    Status.SENT,
    Status.ACKNOWLEDGED,
    Status.ANALYSED,
    Status.MEASURES_DECIDED,
    Status.FOLLOWED_UP,
    Status.FEEDBACK,  # good cooperation: to read (issue 19)
]


def granted_q(grant) -> Q:
    """The access rule as a filter on the case's own columns, as `can()` judges one case
    (core/access.py): either side's provider, unit or party, the reporter's own, or the county
    (the reporting provider's). A county or a party is the providers in it (a short list, looked
    up once), so the indexes on the provider columns serve the filter instead of a join through
    provider, party and county on every row."""
    providers = set(grant.provider_ids)
    reporting = set(providers)
    if grant.county_ids:
        reporting |= set(
            CareProvider.objects.filter(party__county__in=grant.county_ids).values_list(
                "pk", flat=True
            )
        )
    if grant.party_ids:
        of_party = set(
            CareProvider.objects.filter(party__in=grant.party_ids).values_list("pk", flat=True)
        )
        providers |= of_party
        reporting |= of_party
    q = Q(reporting_provider__in=sorted(reporting)) | Q(counterpart_provider__in=sorted(providers))
    if grant.unit_ids:
        q |= Q(reporting_unit__in=grant.unit_ids) | Q(receiving_unit__in=grant.unit_ids)
    return q | own_q(grant)


def own_q(grant) -> Q:
    """The person's own reports, at the providers where they hold the role (core/access.py:
    `Grant.owner_provider_ids`), as `can()` judges the owner of one case."""
    if not grant.owner_ids:
        return Q(pk__in=[])
    providers = sorted(grant.owner_provider_ids)
    return Q(reporter__in=grant.owner_ids) & (
        Q(reporting_provider__in=providers) | Q(counterpart_provider__in=providers)
    )


def responsible_q(grant) -> Q:
    """The cases a "deviations.handle" grant receives: with the receiving unit, the receiving
    provider as a whole, or the receiving provider's party (the coordinator)."""
    q = Q(pk__in=[])
    if grant.provider_ids:
        q |= Q(counterpart_provider__in=grant.provider_ids)
    if grant.unit_ids:
        q |= Q(receiving_unit__in=grant.unit_ids)
    if grant.party_ids:
        q |= Q(counterpart_provider__party__in=grant.party_ids)
    return q


def lifted_q(grant) -> Q:
    """The lifted cases a "deviations.coordinate_lift" grant reaches (Deviation.lift_side):
    lifted to the sub-regional level in its areas, or to the county level in its counties."""
    q = Q(pk__in=[])
    if grant.area_ids:
        parties = Party.objects.filter(areas__in=grant.area_ids).values("pk")
        q |= Q(lifted_level=LiftedLevel.SUB_REGIONAL) & (
            Q(reporting_provider__party__in=parties) | Q(counterpart_provider__party__in=parties)
        )
    if grant.county_ids:
        q |= Q(
            lifted_level=LiftedLevel.COUNTY,
            reporting_provider__party__county__in=grant.county_ids,
        )
    return q


def deviations_visible_to(actor) -> QuerySet[Deviation]:
    """Cases of the actor's units and own reports, of their providers, their party (the
    coordinator), or the county's for analysts (issue 17 item 6: inner secrecy); and the cases
    lifted to a coordinator's level (item 5)."""
    grant = grant_for(actor, "deviations.view")
    lifted = grant_for(actor, "deviations.coordinate_lift")
    if not grant and not lifted:
        return Deviation.objects.none()
    return Deviation.objects.filter(granted_q(grant) | lifted_q(lifted)).select_related(
        "reporting_provider__party",
        "counterpart_provider__party",
        "category",
        "patient_consequence",
        "organisation_consequence",
        "document",
        "section",
        "reporter",
    )


def deviation_get_for(actor, pk: int) -> Deviation:
    """One case through the same rule as the list: a stranger gets 404."""
    try:
        return deviations_visible_to(actor).get(pk=pk)
    except (Deviation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("The deviation does not exist or you do not have access to it.")) from exc


def providers_reporting_for(actor) -> list:
    """The providers the person reports deviations for, in the order of their roles."""
    grant = grant_for(actor, "deviations.report")
    return list(
        {
            m.provider_id: m.provider
            for m in actor.memberships
            if m.provider_id in grant.provider_ids
            or m.provider_id in grant.owner_provider_ids
            or m.unit_id in grant.unit_ids
            or m.provider.party_id in grant.party_ids
        }.values()
    )


def waiting_for_q(actor) -> Q:
    """What waits for this person ("Mina ärenden", the to-do list as a list): cases they
    receive that wait for the receiver, and reports they answer for that wait for them (sent
    back, or answered and not yet accepted). Their own reports at any status are "Mina
    rapporter" (worklist.my_reports), the one place for them."""
    from samsyn.deviations.worklist import outgoing_q

    q = Q(pk__in=[])
    handles = grant_for(actor, "deviations.handle")
    if handles:
        q |= responsible_q(handles) & Q(status__in=_HANDLER_WAITS)
    reports = grant_for(actor, "deviations.report")
    if reports:
        q |= outgoing_q(reports)
    return q


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return (
        Q(status=Status.SENT, ack_due__lt=today)
        | Q(status__in=[Status.SENT, Status.ACKNOWLEDGED], analysis_due__lt=today)
        | Q(status__in=ANSWER_STATUSES, answered_at__isnull=True, answer_due__lt=today)
    )


def deviations_search(qs: QuerySet, text: str) -> QuerySet:
    """Free text: PostgreSQL full-text search (Swedish stemming), icontains on SQLite."""
    text = (text or "").strip()
    if not text:
        return qs
    by_ref = case_number_q(text, model=Deviation)
    if connection.vendor == "postgresql":
        # The stored vector (title, description, proposed measure, analysis) and its GIN
        # index: migration 0005.
        query = SearchQuery(text, config="swedish", search_type="websearch")
        return qs.filter(Q(search_vector=query) | by_ref)
    words = Q()
    for word in text.split():
        words &= (
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(proposed_measure__icontains=word)
            | Q(analysis__icontains=word)
        )
    return qs.filter(words | by_ref)


@dataclass
class DeviationFilters:
    """The list's filters, as parsed from the query string by forms.DeviationFilterForm."""

    view: str = "all"  # "mine": what waits for me
    q: str = ""
    status: str = ""
    event_type: str = ""
    category: int | None = None
    provider: int | None = None  # the other party: reporting or counterpart provider
    unit: int | None = None  # reporting or receiving unit (the follow-up's drill-down)
    sub_region: int | None = None  # the case's place in the county (the follow-up's drill-down)
    area: int | None = None
    municipality: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    overdue: bool = False
    lifted: bool = False
    sort: str = "newest"


def deviation_list(*, actor, filters: DeviationFilters) -> QuerySet[Deviation]:
    """The actor's visible cases, filtered, searched and sorted."""
    qs = deviations_visible_to(actor)
    if filters.view == "mine":
        qs = qs.filter(waiting_for_q(actor))
    elif filters.view == "reported":  # "Mina rapporter" (issue 17 item 4)
        qs = qs.filter(reporter_id=getattr(actor.user, "pk", None))
    exact = {
        "status": filters.status,
        "event_type": filters.event_type,
        "category_id": filters.category,
        "sub_region_id": filters.sub_region,
        "area_id": filters.area,
        "municipality_id": filters.municipality,
    }
    qs = qs.filter(**{name: value for name, value in exact.items() if value})
    if filters.provider:
        qs = qs.filter(
            Q(reporting_provider_id=filters.provider) | Q(counterpart_provider_id=filters.provider)
        )
    if filters.unit:
        qs = qs.filter(Q(reporting_unit_id=filters.unit) | Q(receiving_unit_id=filters.unit))
    if filters.date_from:
        qs = qs.filter(event_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(event_date__lte=filters.date_to)
    if filters.overdue:
        qs = qs.filter(overdue_q())
    if filters.lifted:
        qs = qs.exclude(lifted_level="")
    qs = deviations_search(qs, filters.q)
    return qs.order_by(*deviation_ordering(filters))


def deviation_ordering(filters: DeviationFilters) -> tuple[str, ...]:
    return SORTS.get(filters.sort, SORTS["newest"])


def deviation_list_rows(qs: QuerySet[Deviation]) -> QuerySet[Deviation]:
    """The list's rows with only the columns it shows."""
    return qs.select_related(None).select_related(*LIST_RELATED).only(*LIST_FIELDS)


def deviation_timeline(*, deviation: Deviation) -> list[dict]:
    """The case's history, oldest first, for its page. Text comes from the case's own rows
    (which retention may purge), never from the trail: a measure's description, the reason
    for the current level or for no measure, and each move's note."""
    measures = {m.pk: m.description for m in deviation.measures.all()}

    def text(row) -> str:
        if "measure" in row.data:
            return measures.get(row.data["measure"], "")
        if row.move == "lift":
            return (
                deviation.lifted_reason if row.data.get("level") == deviation.lifted_level else ""
            )
        if row.move == "no_measure":
            return deviation.no_measure_reason
        return row.note

    return case_history(workflow=DEVIATION_WORKFLOW, case=deviation, texts=text)


@start_section_register
def overview_section(actor) -> list[dict]:
    """For analysts and managers, who wait for nothing: the state of what they can see. The
    people who handle or report have the to-do list instead (worklist.todo_sections)."""
    if not can(actor, "deviations.view"):
        return []
    if can(actor, "deviations.handle") or can(actor, "deviations.report"):
        return []
    return [_overview_section(actor)]


def _overview_section(actor) -> dict:
    """For analysts and managers, who wait for nothing: the state of what they can see."""
    from django.db.models import Count

    qs = deviations_visible_to(actor).filter(status__in=OPEN_STATUSES)
    counts = qs.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue_q()),
        lifted=Count("pk", filter=~Q(lifted_level="")),
    )
    url = reverse("deviations:list")
    return {
        "title": _("Deviations"),
        "text": _(
            "Open cases: {open}. Overdue: {overdue}. Lifted to subregional or county level: "
            "{lifted}."
        ).format(**counts),
        "links": [(_("All deviations"), url), (_("Overdue cases"), url + "?overdue=on")],
        "order": ORDER_OVERVIEW,
    }
