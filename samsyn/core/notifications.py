"""Telling people that something waits for them: an inbox row and an e-mail.

The e-mail goes out after the transaction commits; a failed send is logged and left
for the next reminder sweep, and never rolls back the change that caused it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from samsyn.core.models import Notification

log = logging.getLogger(__name__)


def notify(*, users, subject: str, body: str, url: str = "") -> list[Notification]:
    """Put a message in each person's inbox and e-mail those with an address."""
    notes = [
        Notification.objects.create(user=user, subject=subject, body=body, url=url)
        for user in {u.pk: u for u in users}.values()
    ]
    ids = [n.pk for n in notes]
    transaction.on_commit(lambda: notifications_send_email(ids=ids))
    return notes


def notifications_send_email(*, ids: list[int]) -> int:
    sent = 0
    for note in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "user"
    ):
        if not note.user.email:
            continue
        link = f"{settings.SITE_URL}{note.url}" if note.url else ""
        try:
            send_mail(
                subject=f"[Samsyn] {note.subject}",
                message=f"{note.body}\n\n{link}\n\n— Samsyn",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[note.user.email],
            )
        except Exception:  # noqa: BLE001 - any transport failure is logged and retried later
            log.exception("Could not e-mail notification %s", note.pk)
            continue
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
