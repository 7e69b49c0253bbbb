"""Writing messages to the outbox and sending them (decision 0015).

`outbox_email` writes the message in the caller's transaction and asks for it to be sent once
that transaction commits, so a person hears of a change at once, as before. Whatever is not
sent then (the mail server is down, the process dies) is sent by `outbox_deliver_due`, which
`manage.py deliver_outbox` runs from a timer: each message is locked while it is sent
(`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL), so two sweeps at once never send it twice,
and a failure is tried again after a growing pause until it is given up.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Case, F, TextField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.access import can
from samsyn.core.models import Notification
from samsyn.outbox.models import Channel, DeliveryStatus, OutboxMessage
from samsyn.outbox.webhooks import webhook_post
from samsyn.parties.models import Membership

log = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, … failed attempt; after the last one the message is
# given up and shown to the county administrators.
RETRY_MINUTES = (1, 5, 30, 120, 720)
NOT_STUCK = _("The message is not waiting to be sent again.")


@dataclass
class Delivered:
    sent: int = 0
    failed: int = 0
    given_up: int = 0


def outbox_email(*, to: str, subject: str, body: str, user=None, notification=None):
    """An e-mail that leaves when the current transaction commits (None without an address)."""
    made = outbox_emails(
        [{"to": to, "subject": subject, "body": body, "user": user, "notification": notification}]
    )
    return made[0] if made else None


def outbox_emails(emails: list[dict]) -> list[OutboxMessage]:
    """Several e-mails as outbox_email writes each (`to`, `subject`, `body`, `user`,
    `notification`), in one insert with one look-up of the recipients' counties: a case sent
    to a provider tells all its handlers at once (issue 16). Those without an address are left
    out."""
    emails = [e for e in emails if e["to"]]
    if not emails:
        return []
    counties = _counties_of([e.get("user") for e in emails])
    now = timezone.now()
    messages = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                channel=Channel.EMAIL,
                user=e.get("user"),
                county_id=counties.get(getattr(e.get("user"), "pk", None)),
                recipient=e["to"],
                subject=f"[Samsyn] {e['subject']}"[:250],
                body=f"{e['body']}\n\n— Samsyn",
                notification=e.get("notification"),
                next_attempt_at=now,
            )
            for e in emails
        ]
    )
    ids = [m.pk for m in messages]
    transaction.on_commit(lambda: outbox_deliver_due(ids=ids))
    return messages


def _counties_of(users) -> dict:
    """{user id: the county of the person's first membership's provider} (by membership id)."""
    ids = {u.pk for u in users if u is not None}
    counties = {}
    rows = (
        Membership.objects.filter(user_id__in=ids)
        .order_by("user_id", "id")
        .values_list("user_id", "provider__party__county_id")
    )
    for user_id, county_id in rows:
        counties.setdefault(user_id, county_id)
    return counties


def outbox_deliver_due(*, ids=None, limit: int = 500) -> Delivered:
    """Send what is due: one at a time, each locked while it is sent and marked in the same
    transaction. With `ids` (the messages a change just wrote, sent right after its commit)
    those are taken together: one lock, one connection to the mail server, one update for
    those sent, so a report that tells five handlers commits once after its own commit, not
    five times (issue 16)."""
    done = Delivered()
    if ids is not None:
        _deliver_together(ids, done)
        return done
    for _n in range(limit):
        with transaction.atomic():
            message = (
                _due().order_by("next_attempt_at", "id").select_for_update(skip_locked=True).first()
            )
            if message is None:
                break
            if _attempt(message, done):
                _mark_sent([message])
    return done


def _due():
    return OutboxMessage.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
    )


def _deliver_together(ids, done: Delivered) -> None:
    with transaction.atomic():
        messages = list(
            _due()
            .filter(pk__in=ids)
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
        )
        if not messages:
            return
        connection = mail.get_connection()
        if any(m.channel == Channel.EMAIL for m in messages):
            try:
                connection.open()
            except Exception as error:  # noqa: BLE001 - each send then tries on its own
                log.warning("Could not reach the mail server: %s", error)
        try:
            _mark_sent([m for m in messages if _attempt(m, done, connection=connection)])
        finally:
            connection.close()


def _send(message: OutboxMessage, connection=None) -> None:
    if message.channel == Channel.WEBHOOK:
        webhook_post(message)
        return
    EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message_id(message)},
        connection=connection,
    ).send()


def message_id(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt to send one outbox message, so that a mail system
    can drop the copy a sweep sends again when it died after the server accepted the first
    (SMTP cannot rule that out; decision 0027)."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "samsyn"
    return f"<samsyn-outbox-{message.pk}@{domain}>"


def _attempt(message: OutboxMessage, done: Delivered, connection=None) -> bool:
    """Send one message; a failure is kept with its next attempt. True when sent (the caller
    marks it, with the others sent together)."""
    try:
        _send(message, connection)
    except Exception as error:  # noqa: BLE001 - any transport failure is kept and retried
        log.warning("Could not send outgoing message %s: %s", message.pk, error)
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        if message.attempts > len(RETRY_MINUTES):
            message.status = DeliveryStatus.FAILED
            done.given_up += 1
        else:
            pause = RETRY_MINUTES[message.attempts - 1]
            message.next_attempt_at = timezone.now() + datetime.timedelta(minutes=pause)
            done.failed += 1
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    done.sent += 1
    return True


def _mark_sent(messages: list[OutboxMessage]) -> None:
    """Sent: one update for the messages and one for their inbox rows. An e-mail's body is
    emptied (a webhook's stays: it can be sent again)."""
    if not messages:
        return
    now = timezone.now()
    OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
        attempts=F("attempts") + 1,
        status=DeliveryStatus.SENT,
        sent_at=now,
        body=Case(
            When(channel=Channel.EMAIL, then=Value("")),
            default=F("body"),
            output_field=TextField(),
        ),
    )
    notes = [m.notification_id for m in messages if m.notification_id]
    if notes:
        Notification.objects.filter(pk__in=notes).update(emailed_at=now)


def outbox_retry(*, actor, message: OutboxMessage) -> OutboxMessage:
    """A county administrator sends a given-up message again (now, with a fresh round of
    attempts)."""
    if not can(actor, "outbox.review", message):
        raise PermissionDenied
    if message.status != DeliveryStatus.FAILED:
        raise ValidationError(NOT_STUCK)
    return outbox_send_again(
        actor=actor,
        message=message,
        action="outbox.message.retried",
        data={"recipient": message.recipient, "subject": message.subject},
    )


def outbox_send_again(*, actor, message: OutboxMessage, action: str, data: dict) -> OutboxMessage:
    """A message back in the queue with a fresh round of attempts, recorded as `action` and
    sent after commit: a given-up e-mail retried, a webhook delivery replayed. The callers
    check who may and which messages may."""
    message.status = DeliveryStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_record(actor=actor, action=action, target=message, data=data)
    transaction.on_commit(lambda: outbox_deliver_due(ids=[message.pk]))
    return message
