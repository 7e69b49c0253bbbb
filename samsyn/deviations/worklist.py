"""What waits for a person (issue 17 items 4 and 7): the handler's to-do list, incoming and
outgoing apart from what waits for the other side, and the reporter's own reports.

Reads only, always through `deviations_visible_to` (inner secrecy) and the permission table:
a case is *incoming* where the person may handle it ("deviations.handle" on the receiving
side) and *outgoing* where they answer for the report ("deviations.report" on the reporting
side).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.base import ModelState
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.access import Grant, Scope, can, grant_for, roles_with
from samsyn.core.selectors import (
    ORDER_ADMINISTER,
    ORDER_DECIDE,
    ORDER_OWN,
    ORDER_TO_DO,
    start_section_register,
)
from samsyn.deviations.consequences import unknown_axes
from samsyn.deviations.models import (
    ANSWER_STATUSES,
    LIFT_UNDECIDED,
    Deviation,
    EventType,
    Measure,
    Status,
    Verdict,
)
from samsyn.deviations.selectors import deviations_visible_to, own_q, responsible_q
from samsyn.parties.models import Membership

# How far ahead a measure's due date puts it on the list.
MEASURES_AHEAD = datetime.timedelta(days=14)
ITEMS_PER_GROUP = 10
# How many open cases of each side the list reads at most (a handler's open cases are far
# fewer; a coordinator's more are in the list page's filters).
LIMIT = 500
# The columns the groups and their items read (status, due dates, the answer's state, the
# consequence axes a type asks, the title): a to-do list reads up to 2 × LIMIT cases, and the
# whole row (70 columns, the search vector among them) cost about half the start page at
# county scale (issue 16).
TODO_COLUMNS = (
    "title",
    "status",
    "event_type",
    "ack_due",
    "analysis_due",
    "answer_due",
    "answered_at",
    "verdict",
    "questioned_at",
    "patient_consequence_id",
    "psychological_consequence_id",
    "potential_consequence_id",
)

# The groups of the list, in the order a handler works: (key, heading, the next action on
# the first case of the group, for the start page's primary button).
INCOMING = [
    ("acknowledge", gettext_lazy("New cases to acknowledge"), gettext_lazy("Acknowledge %s")),
    ("answer", gettext_lazy("Answers due"), gettext_lazy("Answer %s")),
    ("questioned", gettext_lazy("Answers questioned"), gettext_lazy("Answer %s again")),
    ("measures", gettext_lazy("Measures due"), gettext_lazy("Follow up the measures of %s")),
    # Issue 19: a consequence to set before closing; positive feedback to read.
    (
        "unknown",
        gettext_lazy("Consequence not known yet: set it before closing"),
        gettext_lazy("Set the consequence of %s"),
    ),
    ("feedback", gettext_lazy("Positive feedback to read"), gettext_lazy("Read the feedback %s")),
]
OUTGOING = [
    ("sent_back", gettext_lazy("Cases sent back to you"), gettext_lazy("Correct and resend %s")),
    (
        "judge",
        gettext_lazy("Answers to accept or question"),
        gettext_lazy("Accept or question the answer to %s"),
    ),
]
# The date each group's cases must be dealt with by (none for the others).
DUE = {"acknowledge": "ack_due", "answer": "answer_due", "questioned": "answer_due"}


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
    if grant.party_ids:
        q |= Q(reporting_provider__party__in=grant.party_ids) & _nobody_else("reporting")
    return q | own_q(grant)


def outgoing_q(grant) -> Q:
    """The reports a "deviations.report" grant answers for that wait for it: sent back, or
    answered and not yet accepted (the groups of OUTGOING)."""
    waits = Q(status=Status.RETURNED) | (Q(status__in=ANSWER_STATUSES) & awaits_verdict_q())
    return reporting_q(grant) & waits


def _nobody_else(side: str) -> Q:
    """A party-wide grant (the coordinator) is on the list only where it receives the case:
    the provider on that side has no handler of its own, nor its unit (routing.py's order)."""
    roles = roles_with("deviations.handle", Scope.UNIT, Scope.INVOLVED)
    provider = "reporting_provider" if side == "reporting" else "counterpart_provider"
    unit = "reporting_unit" if side == "reporting" else "receiving_unit"
    handlers = Membership.objects.filter(role__in=roles, user__is_active=True)
    return ~Exists(handlers.filter(provider=OuterRef(provider), unit__isnull=True)) & ~Exists(
        handlers.filter(unit=OuterRef(unit))
    )


def receiving_q(grant) -> Q:
    """The cases this person receives (their unit's, their provider's, or as the coordinator
    where nobody else does)."""
    q = responsible_q(Grant(provider_ids=grant.provider_ids, unit_ids=grant.unit_ids))
    if grant.party_ids:
        q |= Q(counterpart_provider__party__in=grant.party_ids) & _nobody_else("receiving")
    return q


@dataclass
class ToDo:
    """The person's list: {group key: cases}, incoming and outgoing, and how many cases wait
    for the other side (shown apart, as a count)."""

    incoming: dict[str, list] = field(default_factory=dict)
    outgoing: dict[str, list] = field(default_factory=dict)
    waiting_for_others: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # each group's size before the cut

    def __bool__(self) -> bool:
        return any(self.incoming.values()) or any(self.outgoing.values())


def _cases(rows: QuerySet, *annotations: str) -> list[Deviation]:
    """The rows as Deviation instances holding only the id, TODO_COLUMNS and `annotations`
    (any other field loads on access, as with `.only()`). Built from plain values: Django's
    own instantiation walks all 70 fields per row, about 25 ms for the 2 × LIMIT rows a busy
    handler's list reads at county scale (issue 16)."""
    names = ("id", *TODO_COLUMNS, *annotations)
    cases = []
    for values in rows.values_list(*names):
        case = Deviation.__new__(Deviation)
        case.__dict__.update(zip(names, values, strict=True))
        case._state = ModelState()
        case._state.adding, case._state.db = False, rows.db
        cases.append(case)
    return cases


def _sorted(rows, due: str, today) -> list:
    """Overdue first, then by the due date that matters for the group."""
    far = datetime.date.max
    return sorted(rows, key=lambda d: (not d.is_overdue(today), getattr(d, due) or far, d.pk))


def _incoming(visible: QuerySet, actor, today) -> dict[str, list]:
    """One query: the cases this person receives, grouped by what they need."""
    grant = grant_for(actor, "deviations.handle")
    if not grant:
        return {}
    measure_due = Measure.objects.filter(
        deviation=OuterRef("pk"), done_date__isnull=True, due_date__lte=today + MEASURES_AHEAD
    )
    rows = _cases(
        visible.filter(receiving_q(grant), status__in=[*ANSWER_STATUSES, Status.FEEDBACK])
        .annotate(measure_due=Exists(measure_due))
        .order_by("pk")[:LIMIT],
        "measure_due",
    )
    feedback = [d for d in rows if d.status == Status.FEEDBACK]
    rows = [d for d in rows if d.status != Status.FEEDBACK]
    received = [d for d in rows if d.status != Status.SENT]
    return {
        "acknowledge": _sorted([d for d in rows if d.status == Status.SENT], "ack_due", today),
        "answer": _sorted([d for d in received if d.answered_at is None], "answer_due", today),
        "questioned": _sorted(
            [d for d in received if d.answered_at and d.may_be_answered], "answer_due", today
        ),
        "measures": [d for d in received if d.measure_due],
        "unknown": [d for d in received if unknown_axes(d)],
        "feedback": feedback,
    }


def _outgoing(visible: QuerySet, actor) -> tuple[dict[str, list], int]:
    """One query: the reports this person answers for; and how many wait for the other side."""
    grant = grant_for(actor, "deviations.report")
    if not grant:
        return {}, 0
    rows = _cases(
        visible.filter(reporting_q(grant), status__in=[*ANSWER_STATUSES, Status.RETURNED]).order_by(
            "pk"
        )[:LIMIT]
    )
    groups = {
        "sent_back": [d for d in rows if d.status == Status.RETURNED],
        "judge": [d for d in rows if d.status != Status.RETURNED and d.awaits_verdict],
    }
    return groups, len(rows) - sum(len(g) for g in groups.values())


def todo_for(actor, today: datetime.date | None = None) -> ToDo:
    """What needs this person's action now, overdue first in each group."""
    today = today or timezone.localdate()
    # The groups and items read only the case's own columns: without the list's joins of ten
    # tables, whose planning alone cost about 27 ms per query at county scale (issue 16).
    visible = deviations_visible_to(actor).select_related(None)
    outgoing, waiting = _outgoing(visible, actor)
    incoming = _incoming(visible, actor, today)
    return ToDo(
        incoming={k: v[:ITEMS_PER_GROUP] for k, v in incoming.items()},
        outgoing={k: v[:ITEMS_PER_GROUP] for k, v in outgoing.items()},
        waiting_for_others=waiting,
        counts={k: len(v) for k, v in (incoming | outgoing).items()},
    )


def my_reports(actor) -> QuerySet[Deviation]:
    """The person's own reports, newest first, with their status at any time (item 4)."""
    user_id = getattr(actor.user, "pk", None)
    if not user_id:
        return Deviation.objects.none()
    return deviations_visible_to(actor).filter(reporter_id=user_id).order_by("-created_at", "-pk")


def _status(deviation: Deviation) -> str:
    status = deviation.get_status_display()
    if deviation.event_type != EventType.DEVIATION:
        status = f"{deviation.get_event_type_display()}, {status.lower()}"
    return status


def case_row(deviation: Deviation, today, *, due: datetime.date | None = None) -> dict:
    """A case as a row of a start-page table (core/start.html)."""
    return {
        "url": deviation.get_absolute_url(),
        "reference": deviation.reference,
        "title": deviation.title,
        "status": _status(deviation),
        "due": due,
        "overdue": deviation.is_overdue(today),
    }


def _section(title, groups, counts, labels, today) -> dict | None:
    """A to-do section: a heading and a table per group with cases; the primary action is
    the first case of the first group (overdue first within it)."""
    rows, primary = [], None
    for key, heading, action in labels:
        cases = groups.get(key, [])
        if not cases:
            continue
        due = DUE.get(key)
        table = [case_row(d, today, due=getattr(d, due) if due else None) for d in cases]
        rows.append(
            {
                "heading": heading,
                "count": counts.get(key, len(cases)),
                "rows": table,
                "more_url": reverse("deviations:list") + "?view=mine",
            }
        )
        primary = primary or (action % cases[0].reference, cases[0].get_absolute_url())
    if not rows:
        return None
    return {"title": title, "groups": rows, "primary": primary, "order": ORDER_TO_DO}


@start_section_register
def todo_sections(actor) -> list[dict]:
    """The start page's to-do list (item 7): incoming and outgoing apart; what waits for the
    other side only as a count. A reporter with nothing waiting is offered the report form."""
    if not (can(actor, "deviations.handle") or can(actor, "deviations.report")):
        return []
    today = timezone.localdate()
    todo = todo_for(actor, today)
    sections = []
    title = _("To do: cases you receive")
    if incoming := _section(title, todo.incoming, todo.counts, INCOMING, today):
        sections.append(incoming)
    title = _("To do: your reports")
    outgoing = _section(title, todo.outgoing, todo.counts, OUTGOING, today)
    latest = _latest_reports(actor, today)
    if outgoing or todo.waiting_for_others or latest:
        outgoing = outgoing or {"title": title, "order": ORDER_OWN}
        outgoing["text"] = _("Waiting for the other side: %(n)s.") % {"n": todo.waiting_for_others}
        outgoing["groups"] = [*outgoing.get("groups", []), *latest]
        sections.append(outgoing)
    if not sections:
        sections.append(
            {
                "title": _("To do"),
                "text": _("Nothing is waiting for you right now."),
                "order": ORDER_OWN,
            }
        )
    sections[-1]["links"] = _todo_links(actor)
    if can(actor, "deviations.report"):
        report = (_("Report a deviation"), reverse("deviations:report"))
        sections[-1]["primary"] = sections[-1].get("primary") or report
    return sections


LATEST_REPORTS = 5


def _latest_reports(actor, today) -> list[dict]:
    """The reporter's newest reports with their status ("Mina rapporter" has them all)."""
    if not can(actor, "deviations.report"):
        return []
    mine = my_reports(actor).select_related(None)
    latest = list(mine[:LATEST_REPORTS])
    if not latest:
        return []
    return [
        {
            "heading": _("Your latest reports"),
            "count": mine.count() if len(latest) == LATEST_REPORTS else len(latest),
            "rows": [case_row(d, today) for d in latest],
            "more_url": reverse("deviations:my_reports"),
        }
    ]


def _todo_links(actor) -> list[tuple[str, str]]:
    """Under the list: everything that waits (the list page), the person's own reports
    ("Mina rapporter", the one place for them) and a new report."""
    links = [(_("Everything waiting for you"), reverse("deviations:list") + "?view=mine")]
    if can(actor, "deviations.report"):
        links += [
            (_("My reports"), reverse("deviations:my_reports")),
            (_("Report a deviation"), reverse("deviations:report")),
        ]
    return links


@start_section_register
def lifted_section(actor) -> list[dict]:
    """For the coordinators: the cases lifted to their level that wait for their decision."""
    if not can(actor, "deviations.coordinate_lift"):
        return []
    from samsyn.deviations.selectors import lifted_q

    grant = grant_for(actor, "deviations.coordinate_lift")
    waiting = Deviation.objects.filter(
        lifted_q(grant), status__in=ANSWER_STATUSES, lift_decision__in=LIFT_UNDECIDED
    ).order_by("pk")
    today = timezone.localdate()
    cases = list(waiting[:ITEMS_PER_GROUP])
    # A counted heading over a table (issue 24 item 2), as the handler's to-do list.
    groups = (
        [
            {
                "heading": _("Lifted to your level"),
                "count": waiting.count() if len(cases) == ITEMS_PER_GROUP else len(cases),
                "rows": [case_row(d, today) for d in cases],
                "more_url": reverse("deviations:list") + "?lifted=on",
            }
        ]
        if cases
        else []
    )
    return [
        {
            "title": _("Lifted cases waiting for your decision"),
            "text": "" if cases else _("No lifted case waits for you."),
            "groups": groups,
            "primary": (_("Decide on %s") % cases[0].reference, cases[0].get_absolute_url())
            if cases
            else None,
            "order": ORDER_DECIDE,
        }
    ]


@start_section_register
def receiving_gaps_section(actor) -> list[dict]:
    """For the county administrator: care providers nobody receives deviations for (no
    handler of the provider as a whole, no coordinator of its party): reports to them are
    refused until someone is given the role (issue 17 item 1)."""
    if not can(actor, "parties.edit"):
        return []
    from samsyn.deviations.services.routing import receiving_gaps

    gaps = receiving_gaps(county_ids=grant_for(actor, "parties.edit").county_ids)
    total = gaps.count()
    if not total:
        return []
    items = [
        {
            "label": f"{p.name} ({p.party})",
            # Roles are given on the people pages (the Django admin is for superusers only).
            "url": reverse("parties:people"),
        }
        for p in gaps[:ITEMS_PER_GROUP]
    ]
    return [
        {
            "title": _("Care providers nobody receives deviations for"),
            "text": _(
                "%(n)s care providers have no deviation handler and their principal no deviation "
                "coordinator: a report to them cannot be sent. Give someone the role."
            )
            % {"n": total},
            "items": items,
            "primary": (_("Give someone the role of deviation handler"), reverse("parties:people")),
            "order": ORDER_ADMINISTER,
        }
    ]


@start_section_register
def patient_safety_gaps_section(actor) -> list[dict]:
    """For those who give people their roles (the party's administrator, for its providers;
    the county administrator, for the county): care providers without a patient-safety lead,
    whose lex Maria assessments (issue 18) would reach only the principal's deviation
    coordinator, or nobody where there is none; those first."""
    grant = grant_for(actor, "parties.manage_people")
    if not grant:
        return []
    from samsyn.deviations.patient import patient_safety_gaps

    gaps = patient_safety_gaps(county_ids=grant.county_ids, party_ids=grant.party_ids)
    total = gaps.count()
    if not total:
        return []
    nobody = _(" – nobody assesses")
    items = [
        {
            "label": f"{p.name} ({p.party}){nobody if p.nobody_assesses else ''}",
            "url": reverse("parties:people"),
        }
        for p in gaps[:ITEMS_PER_GROUP]
    ]
    return [
        {
            "title": _("Care providers without a patient-safety lead"),
            "text": _(
                "%(n)s care providers have no patient-safety lead (MAS, chief physician): the "
                "lex Maria assessments of their cases go to the principal's deviation "
                "coordinator, or to nobody where it has none. Give someone the role "
                "“Patient-safety lead”."
            )
            % {"n": total},
            "items": items,
            "primary": (
                _("Give someone the role of patient-safety lead"),
                reverse("parties:people"),
            ),
            "order": ORDER_ADMINISTER,
        }
    ]


@start_section_register
def lex_maria_section(actor) -> list[dict]:
    """For the patient-safety lead (and a coordinator standing in where a provider has none):
    the lex Maria assessments due, overdue first (issue 18)."""
    if not can(actor, "deviations.assess_lex_maria"):
        return []
    from samsyn.deviations.patient import lex_maria_overdue, lex_maria_waiting

    today = timezone.localdate()
    waiting = lex_maria_waiting(actor)
    rows = sorted(waiting[:LIMIT], key=lambda d: (not lex_maria_overdue(d, today), d.pk))
    first = rows[0] if rows else None
    # A counted heading over a table (issue 24 item 2), overdue first; the date is the one the
    # assessment is due by (the review date of one being investigated).
    table = [
        {
            **case_row(d, today, due=d.lex_maria_review_date or d.lex_maria_due),
            "url": d.get_absolute_url() + "#patient",
            "overdue": lex_maria_overdue(d, today),
        }
        for d in rows[:ITEMS_PER_GROUP]
    ]
    groups = [
        {
            "heading": _("Assessments due"),
            "count": len(rows) if len(rows) < LIMIT else waiting.count(),
            "rows": table,
            "more_url": "",
        }
    ]
    return [
        {
            "title": _("To do: lex Maria assessments"),
            "text": "" if rows else _("No lex Maria assessment waits for you."),
            "groups": groups if rows else [],
            "primary": (
                _("Make the lex Maria assessment of %s") % first.reference,
                first.get_absolute_url() + "#patient",
            )
            if first
            else None,
            "order": ORDER_TO_DO,
        }
    ]
