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
    return bool(proposer) and bool(acting_party_ids(actor, d) - {proposer})


def _temporary_solution_label(d: Disagreement) -> str:
    if d.temporary_solution:
        return _("Change the interim solution")
    return _("Register an interim solution")


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
            offered=lambda d, actor: d.patient_affected,
            action="disagreements.disagreement.temporary_solution_set",
            done=_("An interim solution was registered"),
            not_now=CASE_NOT_OPEN,
        ),
        Move(
            "resolve",
            "los",
            _("Register that the parties agree (resolved)"),
            {S.STEP1, S.STEP2},
            HANDLE,
            target=S.RESOLVED,
            action="disagreements.disagreement.resolved",
            done=_("Resolved: the parties agree"),
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
            _("Register an agreement at the highest level"),
            {S.STEP3},
            DECIDE,
            target=S.RESOLVED,
            action="disagreements.disagreement.resolved",
            done=_("Resolved: agreement at the highest level"),
            denied=STEP3_NEEDS_TOP_LEVEL,
        ),
        Move(
            "settlement",
            "ekonomisk-reglering",
            _("Register an economic settlement"),
            {S.STEP3},
            DECIDE,
            target=S.RESOLVED,
            action="disagreements.disagreement.resolved",
            done=_("Resolved by economic settlement"),
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
NOT_LISTED = {"skip_accept", "skip_decline", "comment"}
