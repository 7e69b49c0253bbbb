"""What every deviation write shares: who handles a case, who is told, the deadlines."""

import datetime

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.notifications import notify
from samsyn.deviations.models import Deviation, Position
from samsyn.deviations.services.routing import receivers_at, reporting_unit_people
from samsyn.parties.models import CareProvider

VALUE_RETIRED = _("“{value}” can no longer be chosen. Choose another value.")


def handlers_of(provider: CareProvider):
    """The active people who receive a provider's cases as a whole: its provider-wide
    handlers, else its party's deviation coordinator (services/routing.py)."""
    return receivers_at(provider=provider).users


def reporting_side(deviation: Deviation) -> list:
    """The reporter and the reporting unit's handlers: who hears how the case goes."""
    return reporting_unit_people(deviation)


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


def answer_due_for(deviation: Deviation, sent_on: datetime.date) -> datetime.date:
    """The receiver answers within the days of the governing document it concerns (the
    county's routine: 60 days unless the document says otherwise; issue 17 item 3)."""
    return sent_on + datetime.timedelta(days=deviation.document.answer_days)


def tell_reporting_side(*, actor, deviation: Deviation, subject: str, body: str = "") -> None:
    """Progress is told to the reporter and the reporting provider's handlers."""
    notify_about(
        users=reporting_side(deviation),
        deviation=deviation,
        subject=subject,
        body=body or f"{deviation.counterpart_provider}: {subject.lower()}.",
        skip=actor.user,
    )


def outcome_text(deviation: Deviation) -> str:
    """What the reporting side is told (issue 17 item 4): what the receiver found, the
    measures and their status, the lesson if any."""
    lines = []
    if deviation.position:
        lines.append(
            gettext("The receiver's view: {position}.").format(
                position=Position(deviation.position).label
            )
        )
    if deviation.receiver_account:
        lines.append(gettext("Its account: {text}").format(text=deviation.receiver_account))
    if deviation.analysis:
        lines.append(gettext("What it found: {text}").format(text=deviation.analysis))
    if deviation.answer:
        lines.append(gettext("Its answer: {text}").format(text=deviation.answer))
    for measure in deviation.measures.all():
        status = (
            gettext("done {date}").format(date=measure.done_date.isoformat())
            if measure.done_date
            else gettext("due {date}").format(date=measure.due_date.isoformat())
        )
        lines.append(
            gettext("Measure: {text} ({status})").format(text=measure.description, status=status)
        )
    if deviation.has_no_measure_decision:
        lines.append(
            gettext("No measure is needed: {text}").format(text=deviation.no_measure_reason)
        )
    if deviation.follow_up:
        lines.append(gettext("Lesson from the follow-up: {text}").format(text=deviation.follow_up))
    return "\n".join(lines)
