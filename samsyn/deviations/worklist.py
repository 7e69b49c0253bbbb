"""What waits for a person (issue 17 items 4 and 7): the handler's to-do list, incoming and
outgoing apart from what waits for the other side, and the reporter's own reports.

Reads only, always through `deviations_visible_to` (inner secrecy) and the permission table:
a case is *incoming* where the person may handle it ("deviations.handle" on the receiving
side) and *outgoing* where they answer for the report ("deviations.report" on the reporting
side).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.access import can, grant_for
from samsyn.core.selectors import start_section_register
from samsyn.deviations.models import ANSWER_STATUSES, Deviation, Status, Verdict
from samsyn.deviations.selectors import deviations_visible_to, responsible_q

# How far ahead a measure's due date puts it on the list.
MEASURES_AHEAD = datetime.timedelta(days=14)
ITEMS_PER_GROUP = 10

# The groups of the list, in the order a handler works: (key, heading).
INCOMING = [
    ("acknowledge", gettext_lazy("New cases to acknowledge")),
    ("answer", gettext_lazy("Answers due")),
    ("questioned", gettext_lazy("Answers questioned")),
    ("measures", gettext_lazy("Measures due")),
]
OUTGOING = [
    ("sent_back", gettext_lazy("Cases sent back to you")),
    ("judge", gettext_lazy("Answers to accept or question")),
]


def awaits_verdict_q() -> Q:
    """Answered, and the reporting side has not accepted it (Deviation.awaits_verdict)."""
    return Q(answered_at__isnull=False) & (
        Q(verdict="") | Q(verdict=Verdict.QUESTIONED, answered_at__gt=F("questioned_at"))
    )


def questioned_since_answer_q() -> Q:
    return Q(verdict=Verdict.QUESTIONED, questioned_at__gt=F("answered_at"))


def reporting_q(grant) -> Q:
    """The cases a "deviations.report" grant answers for: its provider, unit, party, own."""
    q = Q(pk__in=[])
    if grant.provider_ids:
        q |= Q(reporting_provider__in=grant.provider_ids)
    if grant.unit_ids:
        q |= Q(reporting_unit__in=grant.unit_ids)
    if grant.owner_ids:
        q |= Q(reporter__in=grant.owner_ids)
    if grant.party_ids:
        q |= Q(reporting_provider__party__in=grant.party_ids)
    return q


@dataclass
class ToDo:
    """The person's list: {group key: cases}, incoming and outgoing, and how many cases wait
    for the other side (shown apart, as a count)."""

    incoming: dict[str, list] = field(default_factory=dict)
    outgoing: dict[str, list] = field(default_factory=dict)
    waiting_for_others: int = 0

    def __bool__(self) -> bool:
        return any(self.incoming.values()) or any(self.outgoing.values())


def _incoming(visible: QuerySet, actor, today) -> dict[str, QuerySet]:
    grant = grant_for(actor, "deviations.handle")
    if not grant:
        return {}
    mine = visible.filter(responsible_q(grant))
    answering = [s for s in ANSWER_STATUSES if s != Status.SENT]
    return {
        "acknowledge": mine.filter(status=Status.SENT).order_by("ack_due", "pk"),
        "answer": mine.filter(status__in=answering, answered_at__isnull=True).order_by(
            "answer_due", "pk"
        ),
        "questioned": mine.filter(questioned_since_answer_q(), status__in=answering).order_by(
            "questioned_at", "pk"
        ),
        "measures": mine.filter(
            status__in=answering,
            measures__done_date__isnull=True,
            measures__due_date__lte=today + MEASURES_AHEAD,
        )
        .distinct()
        .order_by("pk"),
    }


def _outgoing(visible: QuerySet, actor) -> dict[str, QuerySet]:
    grant = grant_for(actor, "deviations.report")
    if not grant:
        return {}
    mine = visible.filter(reporting_q(grant))
    return {
        "sent_back": mine.filter(status=Status.RETURNED).order_by("pk"),
        "judge": mine.filter(awaits_verdict_q(), status__in=ANSWER_STATUSES).order_by("pk"),
    }


def todo_for(actor, today: datetime.date | None = None) -> ToDo:
    """What needs this person's action now, overdue first in each group."""
    today = today or timezone.localdate()
    visible = deviations_visible_to(actor)
    todo = ToDo()
    incoming, outgoing = _incoming(visible, actor, today), _outgoing(visible, actor)
    for key, qs in incoming.items():
        rows = list(qs[:50])
        todo.incoming[key] = sorted(rows, key=lambda d: not d.is_overdue(today))[:ITEMS_PER_GROUP]
    for key, qs in outgoing.items():
        todo.outgoing[key] = list(qs[:ITEMS_PER_GROUP])
    if outgoing:
        acted_on = set(outgoing["sent_back"].values_list("pk", flat=True)) | set(
            outgoing["judge"].values_list("pk", flat=True)
        )
        grant = grant_for(actor, "deviations.report")
        todo.waiting_for_others = (
            visible.filter(reporting_q(grant), status__in=ANSWER_STATUSES)
            .exclude(pk__in=acted_on)
            .count()
        )
    return todo


def my_reports(actor) -> QuerySet[Deviation]:
    """The person's own reports, newest first, with their status at any time (item 4)."""
    user_id = getattr(actor.user, "pk", None)
    if not user_id:
        return Deviation.objects.none()
    return deviations_visible_to(actor).filter(reporter_id=user_id).order_by("-created_at", "-pk")


def _item(deviation: Deviation, today) -> dict:
    late = _(" – overdue") if deviation.is_overdue(today) else ""
    status = deviation.get_status_display()
    return {
        "label": f"{deviation.reference} {deviation.title} ({status}{late})",
        "url": deviation.get_absolute_url(),
    }


def _section(title, groups, labels, today) -> dict | None:
    items = []
    for key, heading in labels:
        for deviation in groups.get(key, []):
            item = _item(deviation, today)
            item["label"] = f"{heading}: {item['label']}"
            items.append(item)
    return {"title": title, "items": items} if items else None


@start_section_register
def todo_sections(actor) -> list[dict]:
    """The start page's to-do list (item 7): incoming and outgoing apart; what waits for the
    other side only as a count."""
    if not (can(actor, "deviations.handle") or can(actor, "deviations.report")):
        return []
    today = timezone.localdate()
    todo = todo_for(actor, today)
    sections = []
    if incoming := _section(_("To do: cases you receive"), todo.incoming, INCOMING, today):
        sections.append(incoming)
    outgoing = _section(_("To do: your reports"), todo.outgoing, OUTGOING, today)
    if outgoing or todo.waiting_for_others:
        outgoing = outgoing or {"title": _("To do: your reports"), "items": []}
        outgoing["text"] = _("Waiting for the other side: %(n)s.") % {"n": todo.waiting_for_others}
        outgoing["links"] = [(_("My reports"), reverse("deviations:list") + "?view=reported")]
        sections.append(outgoing)
    return sections
