"""The daily reminder sweep: overdue cases remind their responsible handlers once a day."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from samsyn.audit.services import audit_record
from samsyn.deviations.models import Deviation
from samsyn.deviations.selectors import overdue_q
from samsyn.deviations.services import notify_about, receivers_of
from samsyn.outbox.models import WebhookEvent
from samsyn.outbox.webhooks import webhook_event


def deviation_reminders_send(*, today=None) -> int:
    """Remind the counterpart's handlers of each overdue case, at most once per case per day.

    Each case is claimed with a conditional UPDATE, so two sweeps running at once (or a
    sweep run twice) remind nobody twice; safe for cron.
    """
    today = today or timezone.localdate()
    sent = 0
    candidates = (
        Deviation.objects.filter(overdue_q(today))
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("counterpart_provider", "reporting_provider")
    )
    for deviation in candidates.iterator():
        with transaction.atomic():
            claimed = (
                Deviation.objects.filter(pk=deviation.pk)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                .update(reminded_on=today)
            )
            if not claimed:
                continue
            what, due, subject, body = _reminder(deviation, today)
            values = {
                "due": f"{due:%Y-%m-%d}",
                "title": deviation.title,
                "provider": deviation.reporting_provider,
            }
            notify_about(
                users=receivers_of(deviation),
                deviation=deviation,
                subject=subject.format(**values),
                body=body.format(**values),
            )
            if what == "answer":
                webhook_event(
                    event=WebhookEvent.ANSWER_DUE,
                    deviation=deviation,
                    providers=[deviation.counterpart_provider],
                )
            audit_record(
                actor=None,
                action="deviations.deviation.reminded",
                target=deviation,
                data={"on": today, "overdue": what},
            )
        sent += 1
    return sent


def _reminder(deviation: Deviation, today) -> tuple[str, object, str, str]:
    """What is overdue first: the acknowledgement, the analysis, then the answer (issue 17)."""
    if deviation.ack_overdue(today):
        return (
            "acknowledgement",
            deviation.ack_due,
            gettext("Reminder: the deviation was to be acknowledged by {due}"),
            gettext("The deviation “{title}” from {provider} was to be acknowledged by {due}."),
        )
    if deviation.analysis_overdue(today):
        return (
            "analysis",
            deviation.analysis_due,
            gettext("Reminder: the deviation was to be analysed by {due}"),
            gettext("The deviation “{title}” from {provider} was to be analysed by {due}."),
        )
    return (
        "answer",
        deviation.answer_due,
        gettext("Reminder: the deviation was to be answered by {due}"),
        gettext(
            "The deviation “{title}” from {provider} was to be answered by {due}, with the "
            "measures taken or planned."
        ),
    )
