"""A disagreement's moves: the escalation ladder as a table beside the states (the addendum
presentation, #HoSavtal2027,
"Eskalerings­trappan"; "Ekonomisk reglering och allmän domstol").

The ladder is part of the state: a case is open at step 1, 2 or 3 (step 3 is a dispute,
tvist), in general court, resolved (its lesson not yet written) or closed. The model keeps
its fields (`status`, `current_step`, `is_dispute`) and their database constraints; this
module maps the one state to and from them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from samsyn.cases.workflow import Move, Workflow
from samsyn.core.access import Actor, grant_for
from samsyn.disagreements import access  # noqa: F401 - registers the permission rows named below
from samsyn.disagreements.models import Disagreement


class Stage(models.TextChoices):
    """Where a disagreement is: the status, and for an open case its step of the ladder."""

    STEP1 = "step1", _("Ongoing, step 1")
    STEP2 = "step2", _("Ongoing, step 2")
    STEP3 = "step3", _("Ongoing, step 3 (dispute)")
    IN_COURT = "in_court", _("Referred to a general court")
    RESOLVED = "resolved", _("Resolved – lesson outstanding")
    CLOSED = "closed", _("Closed")


S = Stage
Status = Disagreement.Status
OPEN = {S.STEP1, S.STEP2, S.STEP3}
HANDLE = "disagreements.handle"
DECIDE = "disagreements.decide_step3"

CASE_NOT_OPEN = gettext_noop("The case is not open: it has the status “{current}”.")
SKIP_ONLY_FROM_STEP1 = gettext_noop("Only step 2 can be skipped, and only from step 1.")
NOT_IN_COURT = gettext_noop("The case is not referred to a general court.")
STEP3_NEEDS_TOP_LEVEL = gettext_noop(
    "At step 3 the highest management or political level decides: only a "
    "step 3 manager at one of the parties can register the outcome."
)


def stage_of(d: Disagreement) -> str:
    return f"step{d.current_step}" if d.status == Status.OPEN else d.status


def fields_of(stage: str, d: Disagreement) -> dict:
    """The model's fields for a stage: open at a step, or a status (the step stays)."""
    if stage in OPEN:
        step = int(stage[-1])
        # Once at step 3 it is a dispute, and stays one (the addendum presentation, #HoSavtal2027:
        # tvist).
        return {
            "status": Status.OPEN,
            "current_step": step,
            "is_dispute": d.is_dispute or step == 3,
        }
    return {"status": stage}


def _back_to_its_step(d: Disagreement) -> str:
    return f"step{d.current_step}"


def acting_party_ids(actor: Actor, disagreement: Disagreement) -> set[int]:
    """The sides of this case for which the actor handles disagreements."""
    mine = grant_for(actor, "disagreements.handle").party_ids
    return mine & {disagreement.party_a_id, disagreement.party_b_id}


def _skip_answer_offered(d: Disagreement, actor) -> bool:
    """A proposal to skip step 2 waits for the *other* party's answer."""
    proposer = d.skip_proposed_by_party_id
    return bool(proposer) and bool(step_owner_party_ids(actor, d, 1) - {proposer})


def step_owner_party_ids(actor: Actor, disagreement: Disagreement, step: int) -> set[int]:
    """The sides of this case whose step `step` the actor holds (the step's owners)."""
    mine = grant_for(actor, f"disagreements.handle_step{step}").party_ids
    return mine & {disagreement.party_a_id, disagreement.party_b_id}


def _owns_current_step(d: Disagreement, actor) -> bool:
    return bool(step_owner_party_ids(actor, d, d.current_step))


def _proposal_answer_offered(d: Disagreement, actor) -> bool:
    """A proposal that binds both parties waits for the *other* party's step owner."""
    proposer = d.proposed_by_party_id
    return bool(proposer) and bool(step_owner_party_ids(actor, d, d.current_step) - {proposer})


def _may_propose(d: Disagreement, actor) -> bool:
    return not d.proposal_kind


def _claim_answer_offered(d: Disagreement, actor) -> bool:
    mine = acting_party_ids(actor, d)
    return any(mine - {c.claimant_id} for c in d.claims.all() if not c.answer)


def _protocol_offered(d: Disagreement, actor) -> bool:
    """A protocol not yet frozen, of a step the actor holds for their party."""
    from samsyn.disagreements.selectors import protocols_open_for  # noqa: PLC0415 - cycle

    return protocols_open_for(actor, d).exists()


def _temporary_solution_label(d: Disagreement) -> str:
    if d.temporary_solution:
        return _("Update how the patient's needs are met")
    return _("Answer how the patient's needs are met")


_ESCALATED = {
    S.STEP2: _("Escalated to step 2"),
    S.STEP3: _("Escalated to step 3 – dispute"),
}

DISAGREEMENT_WORKFLOW = Workflow(
    model=Disagreement,
    states=Stage,
    prefix="disagreements.disagreement",
    case_kwarg="disagreement",
    state_of=stage_of,
    fields_of=fields_of,
    free_text=(
        "title",
        "question",
        "position_a",
        "position_b",
        "temporary_solution",
        "solution",
        "skip_reason",
        "proposal_text",
    ),
    # In the order the case page lists them.
    moves=[
        Move(
            "create",
            "ny",
            _("Raise a disagreement"),
            (),
            HANDLE,
            target=S.STEP1,
            scope=lambda d: d.provider_a,
            action="disagreements.disagreement.created",
            done=_("The disagreement was registered (step 1)"),
        ),
        Move(
            "meeting",
            "mote",
            _("Note a meeting"),
            {*OPEN, S.IN_COURT},
            HANDLE,
            action="disagreements.step.meeting_added",
            done=_("Meeting noted"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "step",
            "steg",
            _("Participants and last date for the step"),
            OPEN,
            HANDLE,
            action="disagreements.step.updated",
            done=_("Participants or last date changed"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "temporary_solution",
            "tillfallig-losning",
            _temporary_solution_label,
            OPEN,
            HANDLE,
            offered=lambda d, actor: d.patient_affected and _owns_current_step(d, actor),
            primary=lambda d: d.needs_temporary_solution,
            action="disagreements.disagreement.temporary_solution_set",
            done=_("An interim solution was registered"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "resolve",
            "los",
            _("Propose that the parties agree (resolved)"),
            {S.STEP1, S.STEP2},
            HANDLE,
            offered=_may_propose,
            action="disagreements.disagreement.resolution_proposed",
            done=_("Proposed solution, awaiting the other party's confirmation"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "escalate",
            "eskalera",
            _("Escalate to step 2"),
            {S.STEP1},
            HANDLE,
            target=S.STEP2,
            action="disagreements.disagreement.escalated",
            done=lambda row: _ESCALATED[row.to_state],
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "escalate",
            "eskalera",
            _("Escalate to step 3"),
            {S.STEP2},
            HANDLE,
            target=S.STEP3,
            action="disagreements.disagreement.escalated",
            done=lambda row: _ESCALATED[row.to_state],
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "skip_propose",
            "hoppa-over-steg-2",
            _("Propose to skip step 2"),
            {S.STEP1},
            HANDLE,
            offered=lambda d, actor: not d.skip_proposed_by_party_id,
            action="disagreements.disagreement.skip_proposed",
            done=_("Proposal to skip step 2"),
            not_now=SKIP_ONLY_FROM_STEP1,
        ),
        Move(
            "resolve",
            "los",
            _("Propose an agreement at the highest level"),
            {S.STEP3},
            DECIDE,
            offered=_may_propose,
            action="disagreements.disagreement.resolution_proposed",
            done=_("Proposed agreement, awaiting the other party's confirmation"),
            denied=STEP3_NEEDS_TOP_LEVEL,
        ),
        Move(
            "claim",
            "krav",
            _("Present a claim for economic settlement"),
            {S.STEP2, S.STEP3},
            HANDLE,
            action="disagreements.claim.presented",
            done=_("A claim for economic settlement was presented"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "claim_answer",
            "svara-pa-krav",
            _("Answer the claim"),
            {S.STEP2, S.STEP3},
            HANDLE,
            primary=True,
            offered=_claim_answer_offered,
            action="disagreements.claim.answered",
            done=_("The claim was answered in writing"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "settlement",
            "ekonomisk-reglering",
            _("Propose an economic settlement"),
            {S.STEP3},
            DECIDE,
            offered=_may_propose,
            action="disagreements.disagreement.settlement_proposed",
            done=_("Proposed economic settlement, awaiting the other party's confirmation"),
            denied=STEP3_NEEDS_TOP_LEVEL,
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "court",
            "allman-domstol",
            _("Refer to a general court"),
            {S.STEP3},
            DECIDE,
            target=S.IN_COURT,
            action="disagreements.disagreement.referred_to_court",
            done=_("Referred to a general court"),
            denied=STEP3_NEEDS_TOP_LEVEL,
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "judgment",
            "dom",
            _("Register judgment"),
            {S.IN_COURT},
            DECIDE,
            target=S.RESOLVED,
            primary=True,
            action="disagreements.disagreement.resolved",
            done=_("Resolved by judgment in a general court"),
            denied=STEP3_NEEDS_TOP_LEVEL,
            not_now=NOT_IN_COURT,
        ),
        Move(
            "edit",
            "andra",
            _("Change details"),
            OPEN,
            HANDLE,
            action="disagreements.disagreement.updated",
            done=_("The details were changed"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "close",
            "avsluta",
            _("Close with a lesson"),
            {S.RESOLVED},
            HANDLE,
            target=S.CLOSED,
            primary=True,
            action="disagreements.disagreement.closed",
            done=_("Closed with a lesson"),
        ),
        Move(
            "reopen",
            "ateroppna",
            _("Reopen the case"),
            {S.RESOLVED, S.CLOSED},
            HANDLE,
            target=_back_to_its_step,
            # A case ended by economic settlement or judgment is final (see the service).
            offered=lambda d, actor: d.resolution == Disagreement.Resolution.AGREEMENT,
            action="disagreements.disagreement.reopened",
            done=_("Reopened"),
        ),
        # Answered from the proposal's box on the case page, not from the list of actions.
        Move(
            "skip_accept",
            "godkann-att-hoppa-over-steg-2",
            _("Approve the proposal"),
            {S.STEP1},
            HANDLE,
            target=S.STEP3,
            primary=True,
            offered=_skip_answer_offered,
            action="disagreements.disagreement.skip_accepted",
            done=_("Step 2 was skipped by agreement – dispute at step 3"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "skip_decline",
            "avboj-att-hoppa-over-steg-2",
            _("Decline the proposal"),
            {S.STEP1},
            HANDLE,
            offered=_skip_answer_offered,
            action="disagreements.disagreement.skip_declined",
            done=_("The proposal to skip step 2 was declined"),
            not_now=CASE_NOT_OPEN,
        ),
        # Answered from the proposal's box on the case page: what binds both parties takes
        # effect when the other party's step owner confirms it.
        Move(
            "resolve_confirm",
            "bekrafta-losning",
            _("Confirm the proposal"),
            {S.STEP1, S.STEP2},
            HANDLE,
            target=S.RESOLVED,
            primary=True,
            offered=lambda d, actor: (
                d.proposal_kind == "resolve" and _proposal_answer_offered(d, actor)
            ),
            action="disagreements.disagreement.resolved",
            done=_("Resolved: the parties agree"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "resolve_confirm",
            "bekrafta-losning",
            _("Confirm the proposal"),
            {S.STEP3},
            DECIDE,
            target=S.RESOLVED,
            primary=True,
            offered=lambda d, actor: (
                d.proposal_kind == "resolve" and _proposal_answer_offered(d, actor)
            ),
            action="disagreements.disagreement.resolved",
            done=_("Resolved: agreement at the highest level"),
            denied=STEP3_NEEDS_TOP_LEVEL,
        ),
        Move(
            "settlement_confirm",
            "bekrafta-ekonomisk-reglering",
            _("Confirm the economic settlement"),
            {S.STEP3},
            DECIDE,
            target=S.RESOLVED,
            primary=True,
            offered=lambda d, actor: (
                d.proposal_kind == "settlement" and _proposal_answer_offered(d, actor)
            ),
            action="disagreements.disagreement.resolved",
            done=_("Resolved by economic settlement"),
            denied=STEP3_NEEDS_TOP_LEVEL,
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "proposal_decline",
            "avboj-forslag",
            _("Decline the proposal"),
            OPEN,
            HANDLE,
            offered=_proposal_answer_offered,
            action="disagreements.disagreement.proposal_declined",
            done=_("The proposal was declined"),
            not_now=CASE_NOT_OPEN,
        ),
        # Each step's protocol, from the ladder on the case page.
        Move(
            "protocol_position",
            "protokoll",
            _("Write your party's position in the step protocol"),
            Stage.values,
            HANDLE,
            offered=_protocol_offered,
            action="disagreements.protocol.position_written",
            done=_("A party's position in the step protocol was written"),
        ),
        Move(
            "protocol_confirm",
            "bekrafta-protokoll",
            _("Confirm the step protocol"),
            Stage.values,
            HANDLE,
            offered=_protocol_offered,
            action="disagreements.protocol.confirmed",
            done=_("The step protocol was confirmed"),
        ),
        # Documents, from the case page's "Documents" section (issue 18): seen by the managers
        # of both parties ("disagreements.attachments"), added by the current step's owners.
        Move(
            "attach",
            "bilaga",
            _("Attach documents"),
            {*OPEN, S.IN_COURT},
            "disagreements.attachments",
            offered=lambda d, actor: _owns_current_step(d, actor),
            action="disagreements.attachment.added",
            done=_("Documents attached"),
            not_now=CASE_NOT_OPEN,
        ),
        # The thread, below on the case page.
        Move(
            "comment",
            "kommentar",
            _("Send comment"),
            Stage.values,
            HANDLE,
            action="disagreements.comment.added",
            done=_("Comment"),
        ),
    ],
)

# Moves the case page shows elsewhere than in its list of actions.
NOT_LISTED = {
    "temporary_solution",
    "skip_accept",
    "skip_decline",
    "comment",
    "resolve_confirm",
    "settlement_confirm",
    "proposal_decline",
    "protocol_position",
    "protocol_confirm",
    "attach",
}
