"""The daily reminder sweep: overdue cases remind their responsible handlers once a day."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from samsyn.audit.services import audit_record
from samsyn.deviations.models import Deviation
from samsyn.deviations.selectors import overdue_q


def deviation_reminders_send(*, today=None) -> int:
    """Remind the counterpart's handlers of each overdue case, at most once per case per day.

    Each case is claimed with a conditional UPDATE, so two sweeps running at once (or a
    sweep run twice) remind nobody twice; safe for cron.
    """
    from samsyn.deviations.services import notify_about, receivers_of

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
            if deviation.ack_overdue(today):
                what = "acknowledgement"
                due = deviation.ack_due
                subject = gettext("Reminder: the deviation was to be acknowledged by {due}")
                body = gettext(
                    "The deviation “{title}” from {provider} was to be acknowledged by {due}."
                )
            else:
                what = "analysis"
                due = deviation.analysis_due
                subject = gettext("Reminder: the deviation was to be analysed by {due}")
                body = gettext(
                    "The deviation “{title}” from {provider} was to be analysed by {due}."
                )
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
            audit_record(
                actor=None,
                action="deviations.deviation.reminded",
                target=deviation,
                data={"on": today, "overdue": what},
            )
        sent += 1
    return sent
