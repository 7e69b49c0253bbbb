"""What every disagreement service shares: the case engine, starting and ending a step, and
who is told."""

import datetime

from django.conf import settings
from django.utils import timezone

from samsyn.core.notifications import notify
from samsyn.disagreements.models import Disagreement, EscalationStep
from samsyn.disagreements.selectors import ladder_people
from samsyn.disagreements.workflow import DISAGREEMENT_WORKFLOW

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
    return step


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
