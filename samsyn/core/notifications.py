"""Telling people that something waits for them: an inbox row and an e-mail.

The e-mail is written to the outbox in the same transaction as the change, and sent once it
commits; a failed send is tried again by the outbox (samsyn/outbox) and never rolls back the
change that caused it.
"""

from django.conf import settings

from samsyn.core.models import Notification
from samsyn.outbox.services import outbox_email


def notify(*, users, subject: str, body: str, url: str = "") -> list[Notification]:
    """Put a message in each person's inbox and e-mail those with an address."""
    notes = []
    for user in {u.pk: u for u in users}.values():
        note = Notification.objects.create(user=user, subject=subject, body=body, url=url)
        notes.append(note)
        link = f"{settings.SITE_URL}{url}" if url else ""
        outbox_email(
            to=user.email,
            subject=subject,
            body=f"{body}\n\n{link}" if link else body,
            user=user,
            notification=note,
        )
    return notes
