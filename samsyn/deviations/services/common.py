"""What every deviation write shares: who handles a case, who is told, the deadlines."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import roles_with
from samsyn.core.notifications import notify
from samsyn.deviations.models import Deviation
from samsyn.parties.models import CareProvider

VALUE_RETIRED = _("“{value}” can no longer be chosen. Choose another value.")


def handlers_of(provider: CareProvider):
    """The active people who handle a provider's cases (those who hold "deviations.handle"
    there): who receives and handles its cases."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__provider=provider,
            memberships__role__in=roles_with("deviations.handle"),
        )
        .distinct()
    )


def reporting_side(deviation: Deviation) -> list:
    return [deviation.reporter, *handlers_of(deviation.reporting_provider)]


def notify_about(*, users, deviation: Deviation, subject: str, body: str, skip=None) -> None:
    users = [u for u in users if skip is None or u.pk != skip.pk]
    if users:
        notify(
            users=users,
            subject=f"{deviation.reference}: {subject}",
            body=body,
            url=deviation.get_absolute_url(),
        )


def deadlines_for(sent_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Acknowledgement and analysis due dates, counted from sending (settings, default 14/30)."""
    return (
        sent_on + datetime.timedelta(days=settings.DEVIATION_ACK_DAYS),
        sent_on + datetime.timedelta(days=settings.DEVIATION_ANALYSIS_DAYS),
    )


def tell_reporting_side(*, actor, deviation: Deviation, subject: str, body: str = "") -> None:
    """Progress is told to the reporter and the reporting provider's handlers."""
    notify_about(
        users=reporting_side(deviation),
        deviation=deviation,
        subject=subject,
        body=body or f"{deviation.counterpart_provider}: {subject.lower()}.",
        skip=actor.user,
    )
