"""Reads for deviations, always filtered for the actor (DOMAIN.md section 2, issue "Access").

One selector decides what an actor may see; the list, the case page, the exports and
the search all start from it, so a stranger never finds a case by any door.
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.audit.selectors import audit_events_for
from samsyn.core.access import grant_for
from samsyn.core.selectors import start_section_register
from samsyn.deviations.models import OPEN_STATUSES, Deviation, LiftedLevel, Status
from samsyn.parties.models import Role

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "event": ("-event_date", "-id"),
    "ack_due": ("ack_due", "id"),
    "status": ("status", "-created_at"),
}
PAGE_SIZE = 25
# Waiting for the responsible side: everything after sending and before closing.
_HANDLER_WAITS = [
    Status.SENT,
    Status.ACKNOWLEDGED,
    Status.ANALYSED,
    Status.MEASURES_DECIDED,
    Status.FOLLOWED_UP,
]


def deviations_visible_to(actor) -> QuerySet[Deviation]:
    """Cases of the actor's own providers (either side), or the county's for analysts."""
    grant = grant_for(actor, "deviations.view")
    if not grant:
        return Deviation.objects.none()
    q = Q(reporting_provider__in=grant.provider_ids) | Q(
        counterpart_provider__in=grant.provider_ids
    )
    if grant.county_ids:
        q |= Q(reporting_provider__party__county__in=grant.county_ids)
    return Deviation.objects.filter(q).select_related(
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
        raise Http404(_("Avvikelsen finns inte eller så har du inte behörighet.")) from exc


def waiting_for_q(actor) -> Q:
    """What waits for this person: cases their provider handles, and their own open reports."""
    q = Q(pk__in=[])
    handler_of = actor.provider_ids(Role.HANDLER)
    if handler_of:
        q |= Q(counterpart_provider__in=handler_of, status__in=_HANDLER_WAITS)
    if getattr(actor.user, "pk", None):
        q |= Q(reporter=actor.user, status__in=OPEN_STATUSES)
    return q


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status=Status.SENT, ack_due__lt=today) | Q(
        status__in=[Status.SENT, Status.ACKNOWLEDGED], analysis_due__lt=today
    )


def deviations_search(qs: QuerySet, text: str) -> QuerySet:
    """Free text: PostgreSQL full-text search (Swedish stemming), icontains on SQLite."""
    text = (text or "").strip()
    if not text:
        return qs
    ref = text.upper().removeprefix("AVV-")
    by_ref = Q(pk=int(ref)) if ref.isdigit() else Q(pk__in=[])
    if connection.vendor == "postgresql":
        vector = SearchVector(
            "title", "description", "proposed_measure", "analysis", config="swedish"
        )
        query = SearchQuery(text, config="swedish", search_type="websearch")
        return qs.annotate(search=vector).filter(Q(search=query) | by_ref)
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
    category: int | None = None
    provider: int | None = None  # the other party: reporting or counterpart provider
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
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.provider:
        qs = qs.filter(
            Q(reporting_provider_id=filters.provider) | Q(counterpart_provider_id=filters.provider)
        )
    if filters.date_from:
        qs = qs.filter(event_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(event_date__lte=filters.date_to)
    if filters.overdue:
        qs = qs.filter(overdue_q())
    if filters.lifted:
        qs = qs.exclude(lifted_level="")
    qs = deviations_search(qs, filters.q)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["newest"]))


# Swedish display of audit actions on the case's timeline (raw codes stay in the trail).
TIMELINE_LABELS = {
    "deviations.measure.added": "Åtgärd tillagd",
    "deviations.measure.done": "Åtgärd genomförd",
    "deviations.comment.added": "Nytt meddelande i tråden",
    "deviations.deviation.lifted": "Ärendet lyftes till",
    "deviations.deviation.no_measure_recorded": "Beslut: ingen åtgärd behövs",
}


def deviation_timeline(*, deviation: Deviation) -> list[dict]:
    """Status changes and other recorded events, oldest first, for the case page."""
    entries = [
        {
            "at": change.at,
            "label": Status(change.to_status).label,
            "who": change.by.get_full_name() or change.by.username,
            "text": change.note,
            "is_status": True,
        }
        for change in deviation.status_changes.select_related("by")
    ]
    # Text comes from the case's own rows (which retention may purge), never from the trail.
    measures = {m.pk: m.description for m in deviation.measures.all()}
    texts = {
        "deviations.deviation.lifted": deviation.lifted_reason,
        "deviations.deviation.no_measure_recorded": deviation.no_measure_reason,
    }
    for event in audit_events_for(target=deviation).select_related("user"):
        label = TIMELINE_LABELS.get(event.action)
        if label is None:
            continue
        if event.action.startswith("deviations.measure."):
            text = measures.get(event.data.get("measure"), "")
        else:
            text = texts.get(event.action, "")
        if event.action == "deviations.deviation.lifted" and event.data.get("to"):
            label = f"{label}: {LiftedLevel(event.data['to']).label.lower()}"
            text = text if event.data["to"] == deviation.lifted_level else ""
        who = (event.user.get_full_name() or event.username) if event.user else event.username
        entries.append(
            {"at": event.at, "label": label, "who": who, "text": text, "is_status": False}
        )
    return sorted(entries, key=lambda e: e["at"])


@start_section_register
def my_cases_section(actor) -> list[dict]:
    """'Mina ärenden' on the start page: what waits for this person, overdue first."""
    from samsyn.core.access import can

    if not can(actor, "deviations.view") and not can(actor, "deviations.report"):
        return []
    if not actor.has_role(Role.HANDLER, Role.REPORTER):
        return [_overview_section(actor)]
    qs = deviations_visible_to(actor).filter(waiting_for_q(actor))
    today = timezone.localdate()
    cases = sorted(
        qs.order_by("ack_due", "-created_at")[:50],
        key=lambda d: (not d.is_overdue(today), d.ack_due or today),
    )[:10]
    items = []
    for d in cases:
        late = _(" – försenad") if d.is_overdue(today) else ""
        items.append(
            {
                "label": f"{d.reference} {d.title} ({d.get_status_display()}{late})",
                "url": d.get_absolute_url(),
            }
        )
    total = qs.count()
    links = [
        (
            _("Visa alla mina ärenden (%(n)s)") % {"n": total},
            reverse("deviations:list") + "?view=mine",
        )
    ]
    if can(actor, "deviations.report"):
        links.append((_("Rapportera en avvikelse"), reverse("deviations:report")))
    text = "" if items else _("Inget väntar på dig just nu.")
    return [{"title": _("Mina ärenden"), "text": text, "items": items, "links": links}]


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
        "title": _("Avvikelser"),
        "text": _(
            "Öppna ärenden: %(open)s. Försenade: %(overdue)s. Lyfta till delregional "
            "eller länsnivå: %(lifted)s."
        )
        % counts,
        "items": [],
        "links": [(_("Alla avvikelser"), url), (_("Försenade"), url + "?overdue=on")],
    }
