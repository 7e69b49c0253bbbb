"""What every disagreement service shares: access checks, status moves, starting a step."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from samsyn.audit.services import audit_record
from samsyn.core.access import can
from samsyn.core.notifications import notify
from samsyn.core.services import model_update
from samsyn.disagreements.models import ALLOWED_TRANSITIONS, Disagreement, EscalationStep
from samsyn.disagreements.selectors import ladder_people

TRANSITION_NOT_ALLOWED = "Ärendet kan inte gå från ”{current}” till ”{target}”."
CASE_NOT_OPEN = "Ärendet är inte öppet: det har status ”{status}”."


def require(actor, permission: str, obj) -> None:
    """Refuse (403) a write the actor may not do; views check first, this guards every door."""
    if not can(actor, permission, obj):
        raise PermissionDenied


def require_open(disagreement: Disagreement) -> None:
    if disagreement.status != Disagreement.Status.OPEN:
        raise ValidationError(CASE_NOT_OPEN.format(status=disagreement.get_status_display()))


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


def disagreement_transition(
    *,
    actor,
    disagreement: Disagreement,
    to: str,
    expected_version: int | None,
    data: dict | None = None,
    action: str,
    audit_data: dict | None = None,
) -> None:
    """The one place a case changes status: refuses a move that ALLOWED_TRANSITIONS lacks."""
    current = disagreement.status
    if to not in ALLOWED_TRANSITIONS[current]:
        raise ValidationError(
            TRANSITION_NOT_ALLOWED.format(
                current=Disagreement.Status(current).label, target=Disagreement.Status(to).label
            ),
            code="transition",
        )
    fields = {"status": to, **(data or {})}
    model_update(
        instance=disagreement, fields=list(fields), data=fields, expected_version=expected_version
    )
    audit_record(
        actor=actor,
        action=action,
        target=disagreement,
        data={"from": current, "to": to, "step": disagreement.current_step, **(audit_data or {})},
    )


def case_url(disagreement: Disagreement) -> str:
    return reverse("disagreements:detail", args=[disagreement.pk])


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
            subject=f"{disagreement.reference}: {subject}",
            body=body,
            url=case_url(disagreement),
        )
