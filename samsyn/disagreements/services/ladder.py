"""The escalation ladder: step 1 → 2 → 3, meetings, resolving, skipping by agreement, reopening.

The addendum presentation (#HoSavtal2027), "Eskaleringstrappan": solve at first-line
management; then the next management level; a disagreement not solved at step 1 or 2 is a
dispute (tvist), handled at the highest management or political level of each party.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.disagreements.models import (
    Disagreement,
    EconomicSettlement,
    EscalationStep,
    StepMeeting,
)
from samsyn.disagreements.selectors import party_people, steps_overdue
from samsyn.disagreements.services.cases import require_temporary_solution
from samsyn.disagreements.services.common import (
    W,
    notify_ladder,
    other_step_owner_party,
    require_claims_answered,
    step_current,
    step_end,
    step_start,
)
from samsyn.disagreements.workflow import Stage, acting_party_ids

Outcome = EscalationStep.Outcome

REASON_REQUIRED = _("Write why the case moves on to the next step.")
ALREADY_AT_TOP = _("The case is already at step 3, the highest level.")
SOLUTION_REQUIRED = _("Write the solution the parties have agreed on.")
SKIP_REASON_REQUIRED = _(
    "A step may only be skipped with a reason both parties agree on: write the reason."
)
SKIP_NOT_PROPOSED = _("There is no proposal to skip step 2.")
SKIP_NEEDS_OTHER_PARTY = _(
    "The proposal to skip step 2 must be approved by the other party, not "
    "by the one who proposed it."
)
SKIP_ALREADY_PROPOSED = _("There already is a proposal to skip step 2.")
REOPEN_REASON_REQUIRED = _("Write why the case is reopened: a reopening must always be reasoned.")
REOPEN_FINAL = _(
    "A case settled by economic settlement or judgment cannot be reopened. "
    "Raise a new disagreement instead."
)
MEETING_NOTES_REQUIRED = _("Write notes from the meeting.")
MEETING_DATE_REQUIRED = _("Give the meeting date.")
DEADLINE_BEFORE_START = _("The last date cannot be before the step's start date ({start}).")
PARTICIPANT_NOT_OF_PARTIES = _("{name} does not work at either party and cannot take part.")


@transaction.atomic
def disagreement_escalate(
    *, actor, disagreement: Disagreement, reason: str, expected_version: int
) -> EscalationStep:
    """Not solved at this step: go to the next one with the reason. Reaching step 3 makes the
    case a dispute (tvist), very serious (the addendum presentation, #HoSavtal2027); an affected
    patient needs a temporary
    solution first."""
    W.permit(actor=actor, case=disagreement, code="escalate")
    if W.state(disagreement) == Stage.STEP3:
        raise ValidationError(ALREADY_AT_TOP)
    W.move_check(actor=actor, case=disagreement, code="escalate")
    if not (reason or "").strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    to_step = disagreement.current_step + 1
    require_temporary_solution(disagreement=disagreement, to_step=to_step)
    return _move_up(
        actor=actor,
        disagreement=disagreement,
        code="escalate",
        reason=reason,
        expected_version=expected_version,
    )


_SKIP_CLEARED = {"skip_reason": "", "skip_proposed_by": None, "skip_proposed_by_party": None}


def _move_up(*, actor, disagreement, code, reason, expected_version, skipped_reason=""):
    """Escalate (or skip step 2 by agreement): the step ends, the next one starts, and the
    parties' managers there are told."""
    current = step_current(disagreement)
    W.transition(
        actor=actor,
        case=disagreement,
        code=code,
        expected_version=expected_version,
        data={**_SKIP_CLEARED, **PROPOSAL_CLEARED},
    )
    to_step = disagreement.current_step
    step_end(step=current, outcome=Outcome.ESCALATED, text=reason)
    if skipped_reason:
        today = timezone.localdate()
        skipped = EscalationStep(
            disagreement=disagreement,
            number=2,
            started_on=today,
            deadline=today,
            outcome=Outcome.SKIPPED,
            outcome_text=skipped_reason,
            ended_on=today,
        )
        skipped.full_clean()
        skipped.save()
    step = step_start(disagreement=disagreement, number=to_step)
    if to_step == 3:
        subject = gettext("The disagreement has gone to step 3 and is now a dispute")
        body = gettext(
            "The disagreement could not be resolved at the first or second "
            "management level and is now a dispute, to be handled at the highest "
            "management or political level."
        )
    else:
        subject = gettext("The disagreement has gone to step {step}").format(step=to_step)
        body = gettext("The reason is in the case.")
    notify_ladder(disagreement=disagreement, actor=actor, subject=subject, body=body)
    return step


@transaction.atomic
def step_skip_propose(
    *, actor, disagreement: Disagreement, reason: str, expected_version: int
) -> None:
    """One party proposes to skip step 2 with a reason; it takes effect only when the other
    party agrees (a step is never skipped without a reason agreed by both, the addendum
    presentation, #HoSavtal2027)."""
    W.move_check(actor=actor, case=disagreement, code="skip_propose")
    parties = acting_party_ids(actor, disagreement)
    if disagreement.skip_proposed_by_party_id:
        raise ValidationError(SKIP_ALREADY_PROPOSED)
    if not (reason or "").strip():
        raise ValidationError({"reason": SKIP_REASON_REQUIRED})
    # A manager of both parties (rare) proposes for side A.
    party = disagreement.party_a if disagreement.party_a_id in parties else disagreement.party_b
    W.transition(
        actor=actor,
        case=disagreement,
        code="skip_propose",
        expected_version=expected_version,
        data={
            "skip_reason": reason,
            "skip_proposed_by": actor.user,
            "skip_proposed_by_party": party,
        },
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("Proposal: skip step 2"),
        body=gettext(
            "{party} proposes to go straight to step 3. Read the reason in the case and "
            "approve or decline."
        ).format(party=party),
    )


def _require_other_party(actor, disagreement) -> None:
    """An agreed skip binds both parties: the other party's step 1 owner answers it."""
    if not disagreement.skip_proposed_by_party_id:
        raise ValidationError(SKIP_NOT_PROPOSED)
    other_step_owner_party(
        actor,
        disagreement,
        proposer_id=disagreement.skip_proposed_by_party_id,
        refusal=SKIP_NEEDS_OTHER_PARTY,
    )


@transaction.atomic
def step_skip_accept(*, actor, disagreement: Disagreement, expected_version: int) -> EscalationStep:
    """The other party agrees: step 2 is recorded as skipped with the agreed reason, and the
    case goes to step 3 as a dispute."""
    W.move_check(actor=actor, case=disagreement, code="skip_accept")
    _require_other_party(actor, disagreement)
    require_temporary_solution(disagreement=disagreement, to_step=3)
    proposer = disagreement.skip_proposed_by_party
    agreed = gettext("{reason} (proposed by {proposer}, approved by {approver})").format(
        reason=disagreement.skip_reason,
        proposer=proposer,
        approver=disagreement.other_party(proposer.pk),
    )
    return _move_up(
        actor=actor,
        disagreement=disagreement,
        code="skip_accept",
        reason=gettext("The parties agree to skip step 2: {agreed}").format(agreed=agreed),
        skipped_reason=agreed,
        expected_version=expected_version,
    )


@transaction.atomic
def step_skip_decline(*, actor, disagreement: Disagreement, expected_version: int) -> None:
    """The other party does not agree: the proposal is withdrawn and the case stays at step 1."""
    W.move_check(actor=actor, case=disagreement, code="skip_decline")
    _require_other_party(actor, disagreement)
    proposer = disagreement.skip_proposed_by_party_id
    W.transition(
        actor=actor,
        case=disagreement,
        code="skip_decline",
        expected_version=expected_version,
        data=_SKIP_CLEARED,
        facts={"proposed_by_party": proposer},
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("Step 2 is not skipped"),
        body=gettext("The other party did not approve the proposal; the case stays at step 1."),
    )


PROPOSAL_PENDING = _(
    "A proposal is already waiting for the other party's confirmation. It must be confirmed "
    "or declined first."
)
NO_PROPOSAL = _("There is no proposal waiting for confirmation.")
PROPOSAL_NEEDS_OTHER_PARTY = _(
    "What binds both parties takes effect only when the other party's step owner confirms "
    "it: you cannot confirm or decline your own party's proposal, nor for a step you do not "
    "hold."
)
PROPOSAL_CLEARED = {
    "proposal_kind": "",
    "proposal_text": "",
    "proposed_by": None,
    "proposed_by_party": None,
}


def proposing_party(actor, disagreement: Disagreement):
    """The side for which the actor proposes (a manager of both parties proposes for A)."""
    parties = acting_party_ids(actor, disagreement)
    return disagreement.party_a if disagreement.party_a_id in parties else disagreement.party_b


def proposal_make(*, actor, disagreement, code, kind, text, expected_version, facts=None):
    """One party proposes what would bind both; it waits, visible to both, for the other
    party's step owner."""
    if disagreement.proposal_kind:
        raise ValidationError(PROPOSAL_PENDING)
    party = proposing_party(actor, disagreement)
    W.transition(
        actor=actor,
        case=disagreement,
        code=code,
        expected_version=expected_version,
        data={
            "proposal_kind": kind,
            "proposal_text": text,
            "proposed_by": actor.user,
            "proposed_by_party": party,
        },
        facts={"party": party.pk, **(facts or {})},
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("A proposal awaits your confirmation"),
        body=gettext(
            "{party} proposes how the disagreement ends. It binds both parties only when "
            "your party's step owner confirms it. Read it in the case."
        ).format(party=party),
    )


def proposal_answerer(actor, disagreement: Disagreement, kind: str):
    """The other party's step owner answering a waiting proposal of this kind."""
    if not disagreement.proposal_kind or (kind and disagreement.proposal_kind != kind):
        raise ValidationError(NO_PROPOSAL)
    return other_step_owner_party(
        actor,
        disagreement,
        proposer_id=disagreement.proposed_by_party_id,
        refusal=PROPOSAL_NEEDS_OTHER_PARTY,
    )


@transaction.atomic
def disagreement_resolve(
    *, actor, disagreement: Disagreement, solution: str, expected_version: int
) -> None:
    """Propose that the parties agree at the current step (early resolution is always
    possible; at step 3 an agreement at the highest level). It binds both only when the other
    party's step owner confirms it (`resolution_confirm`)."""
    W.move_check(actor=actor, case=disagreement, code="resolve")
    if not (solution or "").strip():
        raise ValidationError({"solution": SOLUTION_REQUIRED})
    if disagreement.current_step == 3:
        require_claims_answered(disagreement)
    proposal_make(
        actor=actor,
        disagreement=disagreement,
        code="resolve",
        kind="resolve",
        text=solution,
        expected_version=expected_version,
    )


@transaction.atomic
def resolution_confirm(*, actor, disagreement: Disagreement, expected_version: int) -> None:
    """The other party's step owner confirms the proposed solution: the case is resolved."""
    W.move_check(actor=actor, case=disagreement, code="resolve_confirm")
    party = proposal_answerer(actor, disagreement, "resolve")
    if disagreement.current_step == 3:
        require_claims_answered(disagreement)
    resolve_with(
        actor=actor,
        disagreement=disagreement,
        code="resolve_confirm",
        solution=disagreement.proposal_text,
        resolution=Disagreement.Resolution.AGREEMENT,
        expected_version=expected_version,
        facts={"party": party.pk, "proposed_by_party": disagreement.proposed_by_party_id},
    )


@transaction.atomic
def proposal_decline(*, actor, disagreement: Disagreement, expected_version: int) -> None:
    """The other party's step owner declines the proposal: nothing binds, the case goes on at
    its step (a proposed settlement is withdrawn)."""
    W.move_check(actor=actor, case=disagreement, code="proposal_decline")
    party = proposal_answerer(actor, disagreement, "")
    kind = disagreement.proposal_kind
    if kind == "settlement":
        EconomicSettlement.objects.filter(
            disagreement=disagreement, confirmed_at__isnull=True
        ).delete()
    W.transition(
        actor=actor,
        case=disagreement,
        code="proposal_decline",
        expected_version=expected_version,
        data=PROPOSAL_CLEARED,
        facts={"kind": kind, "party": party.pk},
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("The proposal was declined"),
        body=gettext("{party} did not confirm the proposal; the case goes on at its step.").format(
            party=party
        ),
    )


def resolve_with(*, actor, disagreement, code, solution, resolution, expected_version, facts=None):
    """Shared end of every resolution: the step ends resolved, the case awaits its lesson."""
    step = step_current(disagreement)
    W.transition(
        actor=actor,
        case=disagreement,
        code=code,
        expected_version=expected_version,
        data={"resolution": resolution, "solution": solution, **PROPOSAL_CLEARED},
        facts=facts,
    )
    step_end(step=step, outcome=Outcome.RESOLVED, text=solution)
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        steps=range(1, disagreement.current_step + 1),
        subject=gettext("The disagreement is resolved"),
        body=gettext(
            "Outcome: {outcome}. Write the lesson so that the solution can guide others in "
            "the county."
        ).format(outcome=Disagreement.Resolution(resolution).label),
    )


@transaction.atomic
def disagreement_reopen(
    *, actor, disagreement: Disagreement, reason: str, expected_version: int
) -> EscalationStep:
    """Open a resolved or closed case again at its step, with the reason: reopening is
    recorded and told, never silent. Its lesson leaves the library until it closes again."""
    W.permit(actor=actor, case=disagreement, code="reopen")
    if not (reason or "").strip():
        raise ValidationError({"reason": REOPEN_REASON_REQUIRED})
    if disagreement.resolution in (
        Disagreement.Resolution.ECONOMIC_SETTLEMENT,
        Disagreement.Resolution.COURT_JUDGMENT,
    ):
        raise ValidationError(REOPEN_FINAL)
    W.transition(
        actor=actor,
        case=disagreement,
        code="reopen",
        expected_version=expected_version,
        data={"resolution": "", "solution": "", "closed_at": None},
    )
    if hasattr(disagreement, "lesson"):
        disagreement.lesson.published_at = None
        disagreement.lesson.save(update_fields=["published_at"])
    step = step_start(
        disagreement=disagreement, number=disagreement.current_step, opened_reason=reason
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("The case has been reopened"),
        body=gettext("The reason is in the case."),
        steps=range(1, disagreement.current_step + 1),
    )
    return step


@transaction.atomic
def step_update(*, actor, disagreement: Disagreement, participants, deadline) -> EscalationStep:
    """Set the current step's participants (people of both parties) and its deadline."""
    W.move_check(actor=actor, case=disagreement, code="step")
    step = step_current(disagreement)
    allowed = set(
        party_people(party_ids=[disagreement.party_a_id, disagreement.party_b_id]).values_list(
            "pk", flat=True
        )
    )
    for person in participants:
        if person.pk not in allowed:
            raise ValidationError(
                {
                    "participants": PARTICIPANT_NOT_OF_PARTIES.format(
                        name=person.get_full_name() or person.username
                    )
                }
            )
    if deadline and deadline < step.started_on:
        raise ValidationError({"deadline": DEADLINE_BEFORE_START.format(start=step.started_on)})
    before = step.deadline
    step.deadline = deadline or step.deadline
    step.full_clean()
    step.save(update_fields=["deadline"])
    step.participants.set(participants)
    W.transition(
        actor=actor,
        case=disagreement,
        code="step",
        facts={
            "step": step.number,
            "deadline": [str(before), str(step.deadline)],
            "participants": [p.pk for p in participants],
        },
    )
    return step


@transaction.atomic
def meeting_add(*, actor, disagreement: Disagreement, held_on, notes: str) -> StepMeeting:
    """Notes from a meeting between the parties at the current step."""
    W.move_check(actor=actor, case=disagreement, code="meeting")
    errors = {}
    if not held_on:
        errors["held_on"] = MEETING_DATE_REQUIRED
    if not (notes or "").strip():
        errors["notes"] = MEETING_NOTES_REQUIRED
    if errors:
        raise ValidationError(errors)
    meeting = StepMeeting(
        step=step_current(disagreement), held_on=held_on, notes=notes, created_by=actor.user
    )
    meeting.full_clean()
    meeting.save()
    W.transition(
        actor=actor,
        case=disagreement,
        code="meeting",
        facts={"step": disagreement.current_step, "held_on": str(held_on)},
    )
    return meeting


def steps_remind_overdue(*, today=None) -> int:
    """The reminder sweep: tell the managers of each step past its deadline, once."""
    count = 0
    for step in steps_overdue(today=today):
        with transaction.atomic():
            claimed = EscalationStep.objects.filter(pk=step.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            notify_ladder(
                disagreement=step.disagreement,
                subject=gettext("Step {step} has passed its last date").format(step=step.number),
                body=gettext("The last date was {date}. Resolve or escalate the case.").format(
                    date=step.deadline
                ),
            )
            audit_record(
                actor=None,
                action="disagreements.step.reminded",
                target=step.disagreement,
                data={"step": step.number, "deadline": str(step.deadline)},
            )
            count += 1
    return count
