"""The receiving side (issue 17): the case reaches the right desk, the receiver answers on the
facts, the reporting side hears the outcome and accepts or questions it.

- pass on to another unit of the same provider, or send back as the wrong receiver / not a
  deviation in cooperation; the reporting side then re-routes or closes it;
- the answer on the facts: when acknowledging, the receiver agrees with the description,
  agrees in part or disputes it (lifecycle.deviation_acknowledge asks
  `acknowledgement_problems`); within the answer deadline it answers with measures taken or
  planned; the reporting side accepts the answer or questions it once;
- the receiver re-classifies with a reason; the history keeps the original;
- a disputed or questioned case can be taken further by the parties' managers (the app that
  knows both case types adds that move to this table).

Every move goes through the case engine (`DEVIATION_WORKFLOW.transition()`).
"""

import copy
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.cases.selectors import last_transition
from samsyn.core.access import Scope, roles_with
from samsyn.deviations import consequences
from samsyn.deviations.consequences import UNKNOWN
from samsyn.deviations.governance import document_check
from samsyn.deviations.models import (
    Deviation,
    LiftDecision,
    LiftedLevel,
    Position,
    ReturnReason,
    Status,
    Verdict,
)
from samsyn.deviations.patient import lex_maria_due_for
from samsyn.deviations.services.common import (
    answer_due_for,
    deadlines_for,
    notify_about,
    outcome_text,
    tell_reporting_side,
)
from samsyn.deviations.services.patient import lex_maria_request
from samsyn.deviations.services.reporting import classification_problems
from samsyn.deviations.services.routing import (
    nobody_receives,
    receivers_at,
    receivers_of,
    unit_problem,
)
from samsyn.deviations.workflow import DEVIATION_WORKFLOW as W
from samsyn.parties.selectors import place_of

__all__ = [
    "acknowledgement_problems",
    "deviation_accept_answer",
    "deviation_answer",
    "deviation_pass_on",
    "deviation_question_answer",
    "deviation_reclassify",
    "deviation_reroute",
    "deviation_send_back",
    "deviation_withdraw",
    "outcome_text",
    "deviation_lift_decide",
    "lift_coordinators",
]

UNIT_REQUIRED = _("Choose the unit to pass the case on to.")
UNIT_NOT_OF_RECEIVER = _(
    "A case is passed on within {provider}: choose one of its units. To send it to another "
    "care provider, send it back to the reporting side as the wrong receiver."
)
UNIT_ALREADY = _("The case is already with this unit.")
RETURN_REASON_REQUIRED = _("Choose why the case is sent back.")
RETURN_NOTE_REQUIRED = _(
    "Write why the case is sent back, so that the reporting side can send it to the right receiver."
)
CLOSE_NOTE_REQUIRED = _("Write why the case is closed without a receiver.")
REROUTE_SAME_PLACE = _("The case was sent back from there: choose another receiver.")
POSITION_REQUIRED = _("Say whether you agree with the description, agree in part or dispute it.")
ACCOUNT_REQUIRED = _("Write your own account of what happened.")
CITED_DOCUMENT_REQUIRED = _(
    "Choose the governing document you rely on when you dispute the description."
)
CITED_DOCUMENT_UNKNOWN = _("The document is not in the agreement registry of your county.")
CITED_SECTION_NOT_IN_DOCUMENT = _("The section does not belong to the chosen document.")
ANSWER_REQUIRED = _("Write the answer: the measures taken or planned, and what you found.")
ALREADY_ANSWERED = _("The case is already answered. The reporting side accepts or questions it.")
NOTHING_TO_JUDGE = _("There is no answer waiting for your view.")
QUESTION_REASON_REQUIRED = _("Write why you question the answer.")
QUESTIONED_ONCE = _(
    "The answer can be questioned once. Accept it, or ask a manager to take the case further "
    "if you still do not agree."
)
RECLASSIFY_REASON_REQUIRED = _("Write why the classification is changed.")
RECLASSIFY_NOTHING_CHANGED = _("Choose at least one new value.")

_CLASSIFICATION = (
    "category",
    "secondary_category",
    *consequences.HARM_AXES,
    "organisation_consequence",
)


def _tell_receivers(*, actor, deviation: Deviation, subject: str, body: str = "") -> None:
    notify_about(
        users=receivers_of(deviation),
        deviation=deviation,
        subject=subject,
        body=body or gettext("Open the case to see it."),
        skip=actor.user,
    )


def _required_note(note: str, field: str, message) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({field: message})
    return note


# ---------------------------------------------------------------- pass on, send back, re-route


@transaction.atomic
def deviation_pass_on(
    *, actor, deviation: Deviation, expected_version: int, unit, note: str = ""
) -> Deviation:
    """The receiver passes the case to another unit of the same provider. The deadlines stay
    unless the county's routine restarts them (DEVIATION_PASS_ON_RESETS_DEADLINES)."""
    W.move_check(actor=actor, case=deviation, code="pass_on")
    provider = deviation.counterpart_provider
    if unit is None:
        raise ValidationError({"unit": UNIT_REQUIRED})
    if unit.pk == deviation.receiving_unit_id and _last_move(deviation) == "pass_on":
        return deviation  # the same form sent twice: one move
    if unit.provider_id != provider.pk:
        raise ValidationError(
            {"unit": gettext(str(UNIT_NOT_OF_RECEIVER)).format(provider=provider)}
        )
    if unit.pk == deviation.receiving_unit_id:
        raise ValidationError({"unit": UNIT_ALREADY})
    if problem := unit_problem(provider=provider, unit=unit):
        raise ValidationError({"unit": problem})
    data = {"receiving_unit": unit, "acknowledged_at": None}
    if settings.DEVIATION_PASS_ON_RESETS_DEADLINES:
        data.update(_deadlines(deviation))
    before = deviation.receiving_unit_id
    W.transition(
        actor=actor,
        case=deviation,
        code="pass_on",
        expected_version=expected_version,
        data=data,
        note=note,
        facts={"unit": unit.pk, "from_unit": before},
    )
    _tell_receivers(
        actor=actor,
        deviation=deviation,
        subject=gettext("A deviation was passed on to {unit}").format(unit=unit.name),
    )
    tell_reporting_side(
        actor=actor,
        deviation=deviation,
        subject=gettext("The deviation was passed on to {unit}").format(unit=unit.name),
    )
    return deviation


def _last_move(deviation: Deviation) -> str:
    last = last_transition(workflow=W, case_id=deviation.pk)
    return last.move if last else ""


def _deadlines(deviation: Deviation) -> dict:
    today = timezone.localdate()
    ack_due, analysis_due = deadlines_for(today)
    return {
        "ack_due": ack_due,
        "analysis_due": analysis_due,
        "answer_due": answer_due_for(deviation, today),
    }


@transaction.atomic
def deviation_send_back(
    *, actor, deviation: Deviation, expected_version: int, reason: str, note: str
) -> Deviation:
    """The receiver sends the case back: the wrong receiver, or not a deviation in
    cooperation, always with a reason the reporting side can act on."""
    W.permit(actor=actor, case=deviation, code="send_back")
    if deviation.status == Status.RETURNED and (deviation.return_reason, deviation.return_note) == (
        reason,
        (note or "").strip(),
    ):
        return deviation  # the same form sent twice: one move
    W.move_check(actor=actor, case=deviation, code="send_back")
    errors = {}
    if reason not in ReturnReason.values:
        errors["reason"] = RETURN_REASON_REQUIRED
    if not (note or "").strip():
        errors["note"] = RETURN_NOTE_REQUIRED
    if errors:
        raise ValidationError(errors)
    note = note.strip()
    W.transition(
        actor=actor,
        case=deviation,
        code="send_back",
        expected_version=expected_version,
        data={"return_reason": reason, "return_note": note},
        note=note,
        facts={"reason": reason},
    )
    tell_reporting_side(
        actor=actor,
        deviation=deviation,
        subject=gettext("The deviation was sent back: {reason}").format(
            reason=ReturnReason(reason).label
        ),
        body=gettext(
            "{provider} sent the case back: {note}\nSend it to the right receiver or close it."
        ).format(provider=deviation.counterpart_provider, note=note),
    )
    return deviation


def _reroute_problems(deviation: Deviation, provider, unit) -> dict:
    if provider is None:
        return {"provider": gettext("Choose the care provider the deviation concerns.")}
    if provider.pk == deviation.reporting_provider_id:
        return {"provider": gettext("The counterpart must be another care provider than yours.")}
    same_place = provider.pk == deviation.counterpart_provider_id and (
        unit is None or unit.pk == deviation.receiving_unit_id
    )
    if same_place:
        return {"unit" if unit else "provider": str(REROUTE_SAME_PLACE)}
    if problem := unit_problem(provider=provider, unit=unit):
        return {"unit": problem}
    if not receivers_at(provider=provider, unit=unit):
        return {"provider": nobody_receives(provider)}
    return {}


@transaction.atomic
def deviation_reroute(
    *, actor, deviation: Deviation, expected_version: int, provider, unit=None, note: str = ""
) -> Deviation:
    """The reporting side sends a case that came back to another receiver, with new deadlines."""
    W.move_check(actor=actor, case=deviation, code="reroute")
    if errors := _reroute_problems(deviation, provider, unit):
        raise ValidationError(errors)
    governed, governed_note = document_check(
        document=deviation.document,
        provider_a=deviation.reporting_provider,
        provider_b=provider,
        on_date=deviation.event_date,
    )
    before = (deviation.counterpart_provider_id, deviation.receiving_unit_id)
    W.transition(
        actor=actor,
        case=deviation,
        code="reroute",
        expected_version=expected_version,
        data={
            "counterpart_provider": provider,
            "receiving_unit": unit,
            "return_reason": "",
            "return_note": "",
            "acknowledged_at": None,
            "position": "",
            "receiver_account": "",
            "disputed_document": None,
            "disputed_section": None,
            "document_governed": governed,
            "document_governed_note": governed_note[:300],
            **place_of(reporting=deviation.reporting_provider, receiving=provider),
            **_deadlines(deviation),
        },
        note=note,
        facts={"from_provider": before[0], "from_unit": before[1]},
    )
    _tell_receivers(
        actor=actor,
        deviation=deviation,
        subject=gettext("New deviation from {provider}").format(
            provider=deviation.reporting_provider
        ),
        body=gettext("Acknowledge by {ack_due}, answer by {answer_due}.").format(
            ack_due=deviation.ack_due.isoformat(), answer_due=deviation.answer_due.isoformat()
        ),
    )
    return deviation


@transaction.atomic
def deviation_withdraw(
    *, actor, deviation: Deviation, expected_version: int, note: str
) -> Deviation:
    """The reporting side closes a case that came back (not a deviation in cooperation)."""
    W.move_check(actor=actor, case=deviation, code="withdraw")
    note = _required_note(note, "note", CLOSE_NOTE_REQUIRED)
    W.transition(
        actor=actor,
        case=deviation,
        code="withdraw",
        expected_version=expected_version,
        data={"closed_at": timezone.now()},
        note=note,
    )
    return deviation


# ---------------------------------------------------------------- the answer on the facts


def acknowledgement_problems(
    *, deviation: Deviation, position: str, account: str, document, section
) -> dict:
    """The receiver's view of the description: always given; "in part" and "disputes" with an
    own account; "disputes" with the document (and section) it relies on."""
    errors = {}
    if position not in Position.values:
        errors["position"] = POSITION_REQUIRED
        return errors
    if position != Position.AGREES and not (account or "").strip():
        errors["receiver_account"] = ACCOUNT_REQUIRED
    if position == Position.DISPUTES and document is None:
        errors["disputed_document"] = CITED_DOCUMENT_REQUIRED
    elif document is not None and document.county_id != deviation.document.county_id:
        errors["disputed_document"] = CITED_DOCUMENT_UNKNOWN
    elif section is not None and (document is None or section.document_id != document.pk):
        errors["disputed_section"] = CITED_SECTION_NOT_IN_DOCUMENT
    return errors


@transaction.atomic
def deviation_answer(
    *, actor, deviation: Deviation, expected_version: int, answer: str
) -> Deviation:
    """The receiver answers with measures taken or planned (within `answer_due`). The same
    answer sent twice (a double submit) is one answer."""
    answer = (answer or "").strip()
    W.move_check(actor=actor, case=deviation, code="answer")
    if not deviation.may_be_answered:
        if deviation.answer == answer:
            return deviation  # the same form sent twice
        raise ValidationError(ALREADY_ANSWERED, code="already_answered")
    if not answer:
        raise ValidationError({"answer": ANSWER_REQUIRED})
    W.transition(
        actor=actor,
        case=deviation,
        code="answer",
        expected_version=expected_version,
        data={"answer": answer, "answered_at": timezone.now()},
        facts={"overdue": deviation.answer_overdue()},
    )
    tell_reporting_side(
        actor=actor,
        deviation=deviation,
        subject=gettext("The receiver has answered"),
        body=outcome_text(deviation),
    )
    return deviation


@transaction.atomic
def deviation_accept_answer(*, actor, deviation: Deviation, expected_version: int) -> Deviation:
    """The reporting side accepts the receiver's answer."""
    W.move_check(actor=actor, case=deviation, code="accept_answer")
    if deviation.verdict == Verdict.ACCEPTED:
        return deviation  # sent twice, or a colleague was first: it is accepted
    if not deviation.awaits_verdict:
        raise ValidationError(NOTHING_TO_JUDGE, code="nothing_to_judge")
    W.transition(
        actor=actor,
        case=deviation,
        code="accept_answer",
        expected_version=expected_version,
        data={"verdict": Verdict.ACCEPTED},
    )
    _tell_receivers(
        actor=actor, deviation=deviation, subject=gettext("The reporting side accepted the answer")
    )
    return deviation


@transaction.atomic
def deviation_question_answer(
    *, actor, deviation: Deviation, expected_version: int, reason: str
) -> Deviation:
    """The reporting side questions the answer, once, with a reason; the receiver may answer
    once more."""
    W.move_check(actor=actor, case=deviation, code="question_answer")
    if _questioned_with(deviation, reason):
        return deviation  # the same form sent twice: one question
    if deviation.verdict:
        raise ValidationError({"question_reason": QUESTIONED_ONCE})
    if not deviation.awaits_verdict:
        raise ValidationError(NOTHING_TO_JUDGE, code="nothing_to_judge")
    reason = _required_note(reason, "question_reason", QUESTION_REASON_REQUIRED)
    W.transition(
        actor=actor,
        case=deviation,
        code="question_answer",
        expected_version=expected_version,
        data={
            "verdict": Verdict.QUESTIONED,
            "question_reason": reason,
            "questioned_at": timezone.now(),
        },
    )
    _tell_receivers(
        actor=actor,
        deviation=deviation,
        subject=gettext("The reporting side questioned the answer"),
        body=reason,
    )
    return deviation


def _questioned_with(deviation: Deviation, reason: str) -> bool:
    """Questioned with this very reason, and not answered since."""
    return (
        deviation.verdict == Verdict.QUESTIONED
        and deviation.question_reason == (reason or "").strip()
        and deviation.may_be_answered
    )


def _classification_changes(deviation: Deviation, values: dict) -> dict:
    """The values that change (an axis set to "Not known yet" is stored empty); the new
    classification as a whole obeys the report's rules (reporting.classification_problems),
    judged on what changes: a retired value is refused, one already on the case is kept."""
    changed = {}
    for name in _CLASSIFICATION:
        if name not in values:
            continue
        value = None if values[name] is UNKNOWN else values[name]
        if getattr(value, "pk", None) != getattr(deviation, f"{name}_id"):
            changed[name] = value
    whole = {"event_type": deviation.event_type}
    for name in _CLASSIFICATION:
        value = changed[name] if name in changed else getattr(deviation, name)
        whole[name] = UNKNOWN if value is None and name in consequences.HARM_AXES else value
    errors: dict = {}
    classification_problems(whole, errors)
    axes_changed = bool(set(changed) & set(consequences.HARM_AXES))
    errors = {
        name: message
        for name, message in errors.items()
        if name in changed or (name == consequences.POTENTIAL_AXIS and axes_changed)
    }
    if errors:
        raise ValidationError(errors)
    return changed


@transaction.atomic
def deviation_reclassify(
    *, actor, deviation: Deviation, expected_version: int, reason: str, **values
) -> Deviation:
    """The receiver changes the classification with a reason; the history keeps the values
    before and after (category, secondary category, each consequence axis, the organisation's
    consequence): a grade set once the harm is known is such a change (issue 19 item 2)."""
    W.move_check(actor=actor, case=deviation, code="reclassify")
    reason = _required_note(reason, "reason", RECLASSIFY_REASON_REQUIRED)
    changed = _classification_changes(deviation, values)
    if not changed:
        raise ValidationError({"category": RECLASSIFY_NOTHING_CHANGED})
    before = {name: getattr(deviation, f"{name}_id") for name in changed}
    changed_ids = {name: getattr(value, "pk", None) for name, value in changed.items()}
    asked_before = bool(deviation.lex_maria_due)
    reclassified = copy.copy(deviation)
    for name, value in changed.items():
        setattr(reclassified, name, value)
    W.transition(
        actor=actor,
        case=deviation,
        code="reclassify",
        expected_version=expected_version,
        # A consequence now serious or unknown asks for the lex Maria assessment (issue 18).
        data={**changed, "lex_maria_due": lex_maria_due_for(reclassified)},
        note=reason,
        facts={
            **{f"original_{name}": pk for name, pk in before.items()},
            **{f"new_{name}": pk for name, pk in changed_ids.items()},
        },
    )
    if deviation.lex_maria_due and not asked_before:
        lex_maria_request(deviation=deviation)
    tell_reporting_side(
        actor=actor, deviation=deviation, subject=gettext("The receiver re-classified the case")
    )
    return deviation


def answer_days_left(deviation: Deviation, today: datetime.date | None = None) -> int | None:
    """Days until the answer is due (negative: overdue); None once answered."""
    if deviation.answer_due is None or deviation.answered_at is not None:
        return None
    return (deviation.answer_due - (today or timezone.localdate())).days


# ---------------------------------------------------------------- lifting lands (item 5)

LIFT_DECISION_NOTE_REQUIRED = _("Write what you ask for, or why the case is sent back.")
LIFT_DECIDED = _("The coordinators have already decided on the lifted case.")
LIFT_DECISION_CODES = {
    LiftDecision.ACCEPTED: "accept_lift",
    LiftDecision.MORE_ASKED: "ask_more_on_lift",
    LiftDecision.RETURNED: "return_lift",
}


def lift_coordinators(deviation: Deviation) -> list:
    """The coordinators at the level the case is lifted to: of its parties' cooperation areas
    (sub-regional), or of its county; found through the permission table."""
    from django.contrib.auth import get_user_model

    from samsyn.parties.models import Membership

    side = deviation.lift_side
    if deviation.lifted_level == LiftedLevel.SUB_REGIONAL:
        roles = roles_with("deviations.coordinate_lift", Scope.AREA)
        where = Membership.objects.filter(role__in=roles, area__in=side.access_area_ids())
    elif deviation.lifted_level == LiftedLevel.COUNTY:
        roles = roles_with("deviations.coordinate_lift", Scope.COUNTY)
        where = Membership.objects.filter(
            role__in=roles, provider__party__county=side.access_county_id()
        )
    else:
        return []
    return list(get_user_model().objects.filter(is_active=True, pk__in=where.values("user")))


def _lifted_to(deviation: Deviation) -> str:
    """The level and its forum by name: "Länsnivå (Länsgemensamt patientsäkerhetsforum)"."""
    level = LiftedLevel(deviation.lifted_level).label
    forum = deviation.lift_side.forum()
    return f"{level} ({forum})" if forum else str(level)


def tell_lift_coordinators(*, actor, deviation: Deviation) -> None:
    """The lifted case lands in the coordinators' inbox at its level."""
    notify_about(
        users=lift_coordinators(deviation),
        deviation=deviation,
        subject=gettext("A deviation is lifted to you: {level}").format(
            level=_lifted_to(deviation)
        ),
        body=deviation.lifted_reason,
        skip=actor.user,
    )


@transaction.atomic
def deviation_lift_decide(
    *, actor, deviation: Deviation, expected_version: int, decision: str, note: str = ""
) -> Deviation:
    """The coordinators at the case's level take it up, ask for more, or send it back (with a
    reason); both parties see the decision and are told. A coordinator of another area, or of
    another level, is refused by the permission table."""
    code = LIFT_DECISION_CODES.get(decision)
    if code is None:
        raise ValidationError({"decision": gettext("Choose a decision.")})
    W.move_check(actor=actor, case=deviation, code=code)
    note = (note or "").strip()
    if (
        (deviation.lift_decision, deviation.lift_decision_note) == (decision, note)
        and expected_version != deviation.version
        and _last_move(deviation) == code
    ):
        # The same form sent twice (its version is the one before this decision): one
        # decision. The same words decided again later, on the current version, are a new one.
        return deviation
    if not deviation.awaits_lift_decision:
        raise ValidationError(LIFT_DECIDED, code="lift_decided")
    if decision != LiftDecision.ACCEPTED and not note:
        raise ValidationError({"note": LIFT_DECISION_NOTE_REQUIRED})
    W.transition(
        actor=actor,
        case=deviation,
        code=code,
        expected_version=expected_version,
        data={
            "lift_decision": decision,
            "lift_decision_note": note,
            "lift_decided_at": timezone.now(),
        },
        note=note,
        facts={"level": deviation.lifted_level},
    )
    subject = gettext("The coordinators decided: {decision}").format(
        decision=LiftDecision(decision).label
    )
    tell_reporting_side(actor=actor, deviation=deviation, subject=subject, body=note)
    _tell_receivers(actor=actor, deviation=deviation, subject=subject, body=note)
    return deviation
