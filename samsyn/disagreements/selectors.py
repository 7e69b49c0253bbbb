"""Reads for disagreements, filtered for the actor with the same rule `can()` applies."""

import datetime
import re

from django.db.models import Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from samsyn.agreements.selectors import document_binds_pair
from samsyn.cases.selectors import case_history
from samsyn.core.access import Actor, can, grant_for, roles_with
from samsyn.core.ids import case_number_q
from samsyn.core.selectors import ORDER_DECIDE
from samsyn.disagreements.access import step_of_role
from samsyn.disagreements.models import (
    Disagreement,
    EconomicAgreement,
    EscalationStep,
    Lesson,
    StepProtocol,
)
from samsyn.disagreements.workflow import (
    DISAGREEMENT_WORKFLOW,
    acting_party_ids,
    step_owner_party_ids,
)
from samsyn.parties.models import Membership, Party

STEPS = (1, 2, 3)


def _party_filter(grant, *, provider_fields=(), party_fields=()) -> Q:
    q = Q(county_id__in=grant.county_ids)
    for name in party_fields:
        q |= Q(**{f"{name}__in": grant.party_ids})
    for name in provider_fields:
        q |= Q(**{f"{name}__in": grant.provider_ids})
    return q


def disagreements_visible_to(actor: Actor) -> QuerySet[Disagreement]:
    """The cases of the actor's parties (managers) or county (analysts); nothing for others."""
    grant = grant_for(actor, "disagreements.view")
    if not grant:
        return Disagreement.objects.none()
    return Disagreement.objects.filter(
        _party_filter(
            grant, provider_fields=("provider_a", "provider_b"), party_fields=("party_a", "party_b")
        )
    ).select_related("party_a", "party_b", "provider_a", "provider_b", "category", "area")


def disagreement_get_for(actor: Actor, pk) -> Disagreement:
    """One case through the same rule as the list: a stranger gets 404."""
    return get_object_or_404(disagreements_visible_to(actor), pk=pk)


def disagreements_filtered(actor: Actor, *, filters: dict) -> QuerySet[Disagreement]:
    """The list page and the export: visible cases narrowed by status, step, party and text."""
    qs = disagreements_visible_to(actor)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("step"):
        qs = qs.filter(current_step=filters["step"])
    if filters.get("dispute_only"):
        qs = qs.filter(is_dispute=True)
    if filters.get("party"):
        qs = qs.filter(Q(party_a=filters["party"]) | Q(party_b=filters["party"]))
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("q"):
        text = filters["q"].strip()
        # The case number as written on the page ("OE-12") finds the case too.
        by_reference = case_number_q(text, model=Disagreement)
        qs = qs.filter(Q(title__icontains=text) | Q(question__icontains=text) | by_reference)
    active = Case(
        When(status__in=[Disagreement.Status.OPEN, Disagreement.Status.IN_COURT], then=Value(0)),
        default=Value(1),
    )
    return qs.annotate(inactive=active).order_by(*LIST_ORDERING)


# Active cases first, disputes first among them: the most serious work on top; the id last,
# so a keyset page's position is unique (core/keyset.py).
LIST_ORDERING = ("inactive", "-is_dispute", "-created_at", "-id")
# What the list shows (list.html, _tags.html), and nothing else.
LIST_FIELDS = (
    "id",
    "title",
    "status",
    "current_step",
    "is_dispute",
    "created_at",
    "patient_affected",
    "temporary_solution",
    "provider_a__name",
    "provider_b__name",
)


def disagreement_list_rows(qs: QuerySet[Disagreement]) -> QuerySet[Disagreement]:
    """The list's rows with only the columns it shows."""
    return qs.select_related(None).select_related("provider_a", "provider_b").only(*LIST_FIELDS)


def disagreement_history(*, disagreement: Disagreement) -> list[dict]:
    """The case's history for its page, oldest first, from the one history of moves."""
    return case_history(workflow=DISAGREEMENT_WORKFLOW, case=disagreement)


def documents_not_binding(*, disagreement: Disagreement) -> list[str]:
    """Why each cited document cannot bind the case's two parties to each other (the pair
    rule of the agreement registry, as for deviations): shown as a warning, not refused."""
    reasons = []
    for document in disagreement.documents.order_by("code"):
        bound, reason = document_binds_pair(
            document=document, party_a=disagreement.party_a, party_b=disagreement.party_b
        )
        if not bound:
            reasons.append(reason)
    return reasons


def ladder_people(*, disagreement: Disagreement, step: int) -> list:
    """Who handles this step for each party: the step's managers at the side's care provider,
    or, when it has none, at any provider of that party (the party's organisation)."""
    role = Q(role__in=roles_with(f"disagreements.handle_step{step}"))
    people = []
    for party_id, provider_id in (
        (disagreement.party_a_id, disagreement.provider_a_id),
        (disagreement.party_b_id, disagreement.provider_b_id),
    ):
        at_provider = Membership.objects.filter(role, provider_id=provider_id)
        chosen = (
            at_provider
            if at_provider.exists()
            else Membership.objects.filter(
                role, provider__party_id=party_id, provider__is_active=True
            )
        )
        people.extend(m.user for m in chosen.select_related("user"))
    return list({u.pk: u for u in people}.values())


def disagreements_waiting_for(actor: Actor) -> list[Disagreement]:
    """The inbox: active cases at a step the actor handles for one of the parties, cases awaiting
    a lesson, and step-skip proposals waiting for the actor's party to answer."""
    waiting = []
    for d in disagreements_visible_to(actor).exclude(status=Disagreement.Status.CLOSED):
        mine = acting_party_ids(actor, d)
        if not mine:
            continue
        holds_step = can(actor, f"disagreements.handle_step{d.current_step}", d)
        skip_waiting = d.skip_proposed_by_party_id and (mine - {d.skip_proposed_by_party_id})
        if holds_step or skip_waiting:
            waiting.append(d)
    return waiting


TO_RAISE_LIMIT = 10


def deviations_to_raise(actor: Actor) -> list:
    """Open deviations in dispute that no disagreement takes further yet, for the first-line
    managers who may open one (issue 17 item 3): the receiver disputes the description, or the
    reporting side questioned the answer and has not accepted it since. A description agreed
    with in part is not listed: the reporting side's view of the answer settles it."""
    if not can(actor, "disagreements.handle_step1"):
        return []
    from samsyn.deviations.models import OPEN_STATUSES, Position, Status, Verdict
    from samsyn.deviations.selectors import deviations_visible_to

    disputed = (
        deviations_visible_to(actor)
        .filter(status__in=OPEN_STATUSES, disagreements__isnull=True)
        .exclude(status=Status.RETURNED)
        .exclude(verdict=Verdict.ACCEPTED)
        .filter(Q(position=Position.DISPUTES) | Q(verdict=Verdict.QUESTIONED))
        .order_by("pk")
    )
    return [d for d in disputed[:TO_RAISE_LIMIT] if can(actor, "disagreements.handle", d)]


def _to_raise_group(actor) -> list[dict]:
    from samsyn.deviations.worklist import case_row

    today = timezone.localdate()
    rows = [case_row(d, today) for d in deviations_to_raise(actor)]
    if not rows:
        return []
    heading = gettext("Deviations in dispute: open a disagreement?")
    return [{"heading": heading, "count": len(rows), "rows": rows}]


def start_section(actor) -> list[dict]:
    """Start page: "Oenigheter som väntar på dig" for the managers on the ladder, the step's
    last date passed first, then the nearest last date; the first one is the next action.
    Below them, for first-line managers, the deviations in dispute that could be taken
    further as a disagreement (issue 17 item 3)."""
    if not can(actor, "disagreements.handle"):
        return []
    today = timezone.localdate()
    waiting = disagreements_waiting_for(actor)
    current = {
        step.disagreement_id: step
        for step in EscalationStep.objects.filter(disagreement__in=waiting, outcome="")
    }
    rows = []
    for d in waiting:
        step = current.get(d.pk)
        deadline = step.deadline if step else None
        rows.append(
            {
                "url": reverse("disagreements:detail", args=[d.pk]),
                "reference": d.listed_reference,
                "title": d.title,
                "status": gettext("Step {step}, {status}").format(
                    step=d.current_step, status=d.get_status_display().lower()
                ),
                "due": deadline,
                "overdue": bool(deadline and deadline < today),
            }
        )
    rows.sort(key=lambda row: (not row["overdue"], row["due"] or datetime.date.max))
    groups = [{"heading": gettext("At your step"), "count": len(rows), "rows": rows}]
    to_raise = _to_raise_group(actor)
    create = (gettext("Raise a new disagreement"), reverse("disagreements:create"))
    first = rows[0] if rows else None
    if first:
        primary = (gettext("Handle %s") % first["reference"], first["url"])
    elif to_raise:
        disputed = to_raise[0]["rows"][0]
        primary = (gettext("Look at the dispute in %s") % disputed["reference"], disputed["url"])
    else:
        primary = create
    return [
        {
            "title": gettext("Disagreements waiting for you"),
            "text": "" if rows else gettext("No disagreements are waiting for you right now."),
            "groups": (groups if rows else []) + to_raise,
            "primary": primary,
            "order": ORDER_DECIDE,
            "links": [(gettext("All disagreements"), reverse("disagreements:list")), create],
        }
    ]


def steps_overdue(*, today=None) -> QuerySet[EscalationStep]:
    today = today or timezone.localdate()
    return EscalationStep.objects.filter(
        outcome="",
        deadline__lt=today,
        reminded_at__isnull=True,
        disagreement__status=Disagreement.Status.OPEN,
    ).select_related("disagreement")


def organisation_of(*, party: Party) -> dict[int, list[Membership]]:
    """A party's organisation for disagreements: who holds step 1, 2 and 3 (the addendum
    presentation, #HoSavtal2027)."""
    roles = {r for step in STEPS for r in roles_with(f"disagreements.handle_step{step}")}
    memberships = (
        Membership.objects.filter(provider__party=party, role__in=roles)
        .select_related("user", "provider")
        .order_by("provider__name", "user__last_name")
    )
    by_step = {step: [] for step in STEPS}
    for m in memberships:
        by_step[step_of_role(m.role)].append(m)
    return by_step


def parties_managed_by(actor: Actor) -> QuerySet[Party]:
    """The parties whose organisation the actor maintains (administrators, county admins)."""
    grant = grant_for(actor, "parties.manage_people")
    return Party.objects.filter(Q(pk__in=grant.party_ids) | Q(county_id__in=grant.county_ids))


def party_people(*, party_ids) -> QuerySet:
    """The people who work for one of these parties (for participant and manager choices)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__provider__party_id__in=list(party_ids),
            memberships__role__in=roles_with("disagreements.take_part"),
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


# --- Vägledande lösningar -------------------------------------------------------------------


def lessons_published(*, county_ids) -> QuerySet[Lesson]:
    """The library of these counties (the addendum presentation, #HoSavtal2027: solutions guide
    the future in the county)."""
    return (
        Lesson.objects.filter(published_at__isnull=False, county_id__in=county_ids)
        .select_related("category", "area")
        .prefetch_related("documents", "sections")
    )


def lessons_visible_to(actor: Actor) -> QuerySet[Lesson]:
    """Everyone signed in reads the lessons of their own county, no other."""
    return lessons_published(county_ids=grant_for(actor, "disagreements.lessons.view").county_ids)


def lessons_search(
    *, actor: Actor, q: str = "", document=None, category=None, area=None
) -> QuerySet[Lesson]:
    qs = lessons_visible_to(actor)
    if document:
        qs = qs.filter(documents=document)
    if category:
        qs = qs.filter(category=category)
    if area:
        qs = qs.filter(area=area)
    for word in _words(q, minimum=2):
        qs = qs.filter(
            Q(title__icontains=word) | Q(solution__icontains=word) | Q(lesson__icontains=word)
        )
    return qs.distinct()


_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str, *, minimum: int = 5) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "") if len(w) >= minimum}


def lessons_similar(
    *,
    county_ids,
    section_ids=(),
    document_ids=(),
    category_id=None,
    text: str = "",
    exclude_disagreement_id=None,
    limit: int = 5,
) -> list[Lesson]:
    """Earlier solutions that may guide a case: same sections (3 points each), same documents
    (2), same category (1) and shared words of five letters or more (1 each); 2 points needed."""
    sections, documents, words = set(section_ids), set(document_ids), _words(text)
    scored = []
    for lesson in lessons_published(county_ids=county_ids).exclude(
        disagreement_id=exclude_disagreement_id
    ):
        score = 3 * len(sections & {s.pk for s in lesson.sections.all()})
        score += 2 * len(documents & {d.pk for d in lesson.documents.all()})
        score += 1 if category_id and lesson.category_id == category_id else 0
        score += len(words & _words(f"{lesson.title} {lesson.solution} {lesson.lesson}"))
        if score >= 2:
            scored.append((score, lesson))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [lesson for _score, lesson in scored[:limit]]


def lessons_similar_to(*, disagreement: Disagreement, limit: int = 5) -> list[Lesson]:
    return lessons_similar(
        county_ids=[disagreement.county_id],
        section_ids=disagreement.sections.values_list("pk", flat=True),
        document_ids=disagreement.documents.values_list("pk", flat=True),
        category_id=disagreement.category_id,
        text=f"{disagreement.title} {disagreement.question}",
        exclude_disagreement_id=disagreement.pk,
        limit=limit,
    )


# --- Ekonomiska överenskommelser --------------------------------------------------------------


def economic_agreements_visible_to(actor: Actor) -> QuerySet[EconomicAgreement]:
    grant = grant_for(actor, "disagreements.economic_agreements.view")
    if not grant:
        return EconomicAgreement.objects.none()
    return EconomicAgreement.objects.filter(
        _party_filter(grant, party_fields=("party_a", "party_b"))
    ).select_related("party_a", "party_b")


def protocols_open_for(actor: Actor, disagreement: Disagreement) -> QuerySet[StepProtocol]:
    """The case's step protocols not yet frozen, of the steps the actor holds for a party."""
    steps = [n for n in STEPS if step_owner_party_ids(actor, disagreement, n)]
    return (
        StepProtocol.objects.filter(
            step__disagreement=disagreement, step__number__in=steps, frozen_at__isnull=True
        )
        .select_related("step")
        .order_by("step_id")
    )


def patient_answers_of(disagreement: Disagreement):
    """Every version of the answer on the patient's needs, newest first, with who wrote it."""
    return disagreement.patient_answers.select_related("by")
