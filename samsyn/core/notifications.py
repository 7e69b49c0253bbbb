"""Telling people that something waits for them: an inbox row and an e-mail.

The e-mail is written to the outbox in the same transaction as the change, and sent once it
commits; a failed send is tried again by the outbox (samsyn/outbox) and never rolls back the
change that caused it.
"""

from django.conf import settings

from samsyn.core.models import Notification
from samsyn.outbox.services import outbox_emails


def notify(*, users, subject: str, body: str, url: str = "") -> list[Notification]:
    """Put a message in each person's inbox and e-mail those with an address (one insert of
    each for everyone: a case sent to a provider tells all its handlers)."""
    people = list({u.pk: u for u in users}.values())
    notes = Notification.objects.bulk_create(
        [Notification(user=user, subject=subject, body=body, url=url) for user in people]
    )
    link = f"{settings.SITE_URL}{url}" if url else ""
    outbox_emails(
        [
            {
                "to": user.email,
                "subject": subject,
                "body": f"{body}\n\n{link}" if link else body,
                "user": user,
                "notification": note,
            }
            for user, note in zip(people, notes, strict=True)
        ]
    )
    return notes
