"""Writing messages to the outbox and sending them (decision 0015 and "outbox worker").

`outbox_email` writes the message in the caller's transaction and wakes the delivery loop
(`manage.py deliver_outbox --loop`, its own process) when that transaction commits: no request
waits for a mail server. The loop sends it with `outbox_deliver_due`: each message is locked
while it is sent (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL), so two loops or sweeps at
once never send it twice, and a failure is tried again after a growing pause until it is given
up.
"""

import contextlib
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.access import can
from samsyn.core.models import Notification
from samsyn.outbox.models import Channel, DeliveryStatus, OutboxMessage
from samsyn.outbox.wake import outbox_wake
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
    """An e-mail that the delivery loop sends once the current transaction commits (None
    without an address)."""
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
                next_attempt_at=Now(),  # the database's clock, as _due reads it
            )
            for e in emails
        ]
    )
    outbox_wake()
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


def outbox_deliver_due(*, limit: int = 500) -> Delivered:
    """Send what is due, over one connection to the mail server.
    Each message is taken with `FOR UPDATE SKIP LOCKED` in a transaction of its own, sent,
    and marked sent or failed before that transaction commits: two sweeps never send one
    message, and a process killed half-way sends at most the message in flight again (its
    lock dies with its connection); those before it are marked, those after it still wait
    (decisions 0015 and 0033)."""
    done = Delivered()
    due = _due().order_by("next_attempt_at", "id")
    mailer = _Mailer()
    try:
        for _n in range(limit):
            with transaction.atomic():
                message = due.select_for_update(skip_locked=True).first()
                if message is None:
                    break
                if _attempt(message, done, mailer):
                    _mark_sent(message)
    finally:
        mailer.close()
    return done


def _due():
    """Pending and due by the database's clock, the one every `next_attempt_at` is written with:
    a web host's clock ahead of the loop's would otherwise keep a new message from the look its
    commit wakes (decision 0035)."""
    return OutboxMessage.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=Now())


class _Mailer:
    """One connection to the mail server for a run's e-mails, opened at the first one; after a
    failure the next e-mail opens a fresh one."""

    def __init__(self):
        self.connection = mail.get_connection()
        self.opened = False

    def ready(self):
        if not self.opened:
            self.connection.open()
            self.opened = True
        return self.connection

    def close(self) -> None:
        if self.opened:
            self.opened = False
            with contextlib.suppress(Exception):  # a broken connection is dropped all the same
                self.connection.close()


def _send(message: OutboxMessage, mailer: _Mailer) -> None:
    if message.channel == Channel.WEBHOOK:
        webhook_post(message)
        return
    EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message_id(message)},
        connection=mailer.ready(),
    ).send()


def message_id(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt to send one outbox message, so that a mail system
    can drop the copy a sweep sends again when it died after the server accepted the first
    (SMTP cannot rule that out; decision 0027)."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "samsyn"
    return f"<samsyn-outbox-{message.pk}@{domain}>"


def _attempt(message: OutboxMessage, done: Delivered, mailer: _Mailer) -> bool:
    """Send one message; a failure is kept with its next attempt. True when sent (the caller
    marks it)."""
    try:
        _send(message, mailer)
    except Exception as error:  # noqa: BLE001 - any transport failure is kept and retried
        log.warning("Could not send outgoing message %s: %s", message.pk, error)
        if message.channel == Channel.EMAIL:
            mailer.close()
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        if message.attempts > len(RETRY_MINUTES):
            message.status = DeliveryStatus.FAILED
            done.given_up += 1
        else:
            pause = RETRY_MINUTES[message.attempts - 1]
            message.next_attempt_at = Now() + datetime.timedelta(minutes=pause)
            done.failed += 1
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    done.sent += 1
    return True


def _mark_sent(message: OutboxMessage) -> None:
    """Sent, and its inbox row e-mailed. An e-mail's body is emptied (a webhook's stays: it
    can be sent again)."""
    now = timezone.now()
    emptied = {"body": ""} if message.channel == Channel.EMAIL else {}
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=F("attempts") + 1, status=DeliveryStatus.SENT, sent_at=now, **emptied
    )
    if message.notification_id:
        Notification.objects.filter(pk=message.notification_id).update(emailed_at=now)


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
    sent by the delivery loop after commit: a given-up e-mail retried, a webhook delivery
    replayed. The callers
    check who may and which messages may."""
    message.status = DeliveryStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = Now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_record(actor=actor, action=action, target=message, data=data)
    outbox_wake()
    return message
