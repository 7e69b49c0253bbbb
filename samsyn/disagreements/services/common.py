"""What every disagreement service shares: the case engine, starting and ending a step, and
who is told."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.notifications import notify
from samsyn.disagreements.models import Disagreement, EscalationStep, StepProtocol
from samsyn.disagreements.selectors import ladder_people
from samsyn.disagreements.workflow import DISAGREEMENT_WORKFLOW, step_owner_party_ids

W = DISAGREEMENT_WORKFLOW


def step_deadline_days(number: int) -> int:
    """Default days per step, from settings (DISAGREEMENT_STEP1_DAYS …); changeable per case."""
    return getattr(settings, f"DISAGREEMENT_STEP{number}_DAYS")


def step_start(
    *, disagreement: Disagreement, number: int, today=None, opened_reason: str = ""
) -> EscalationStep:
    today = today or timezone.localdate()
    step = EscalationStep(
        disagreement=disagreement,
        number=number,
        started_on=today,
        opened_reason=opened_reason,
        deadline=today + datetime.timedelta(days=step_deadline_days(number)),
    )
    step.full_clean()
    step.save()
    protocol_start(step=step)
    return step


def protocol_start(*, step: EscalationStep) -> StepProtocol:
    """A new step's protocol draft, starting from the previous step's (positions and bases
    carried over), or from the positions written when the case was registered."""
    d = step.disagreement
    previous = (
        StepProtocol.objects.filter(step__disagreement=d).exclude(step=step).order_by("-step_id")
    ).first()
    fields = {"position_a": d.position_a, "position_b": d.position_b}
    if previous:
        fields = {
            f"{name}_{side}": getattr(previous, f"{name}_{side}")
            for name in ("position", "facts", "document", "section")
            for side in ("a", "b")
        }
    return StepProtocol.objects.create(step=step, **fields)


def step_current(disagreement: Disagreement) -> EscalationStep:
    return disagreement.steps.get(outcome="")


def step_end(*, step: EscalationStep, outcome: str, text: str) -> None:
    step.outcome, step.outcome_text, step.ended_on = outcome, text, timezone.localdate()
    step.full_clean()
    step.save()


def notify_ladder(
    *, disagreement: Disagreement, subject: str, body: str, actor=None, steps=None
) -> None:
    """Tell the managers of both parties who handle the given steps (default: the current)."""
    users = []
    for number in steps or [disagreement.current_step]:
        users.extend(ladder_people(disagreement=disagreement, step=number))
    me = getattr(getattr(actor, "user", None), "pk", None)
    users = [u for u in users if u.pk != me]
    if users:
        notify(
            users=users,
            subject=f"{disagreement.listed_reference}: {subject}",
            body=body,
            url=disagreement.get_absolute_url(),
        )


def other_step_owner_party(actor, disagreement: Disagreement, *, proposer_id, refusal):
    """The party for which the actor answers another party's proposal: they must hold the
    current step for the *other* party (a party never confirms its own proposal)."""
    mine = step_owner_party_ids(actor, disagreement, disagreement.current_step) - {proposer_id}
    if not mine:
        raise ValidationError(refusal)
    return disagreement.party_a if disagreement.party_a_id in mine else disagreement.party_b


CLAIM_NOT_ANSWERED = _(
    "Step 3 cannot decide yet: the claim of {amount} from {party} has not been answered in "
    "writing, and the other party has until {due} to answer it."
)


def require_claims_answered(disagreement: Disagreement, *, today=None) -> None:
    """Step 3 decides only once every claim for economic settlement is answered in writing or
    its answer is overdue (decision 0017)."""
    today = today or timezone.localdate()
    waiting = disagreement.claims.filter(answer="", answer_due__gte=today).first()
    if waiting:
        raise ValidationError(
            CLAIM_NOT_ANSWERED.format(
                amount=waiting.amount_display, party=waiting.claimant, due=waiting.answer_due
            )
        )
