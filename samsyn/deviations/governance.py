"""The deviations app's one door to the agreement registry (DOMAIN.md section 1).

A deviation cites the document that was not followed; that document must have governed
the two parties on the event date. The registry answers; we only ask.
"""

import datetime

from django.conf import settings

from samsyn.agreements.selectors import citable_since, document_governs, documents_for_citation


def document_check(*, document, provider_a, provider_b, on_date: datetime.date) -> tuple[bool, str]:
    """(True, "") when the document governed both providers' parties on the date, else a reason."""
    return document_governs(
        document=document, provider_a=provider_a, provider_b=provider_b, on_date=on_date
    )


def documents_governing(
    *, documents, provider_a, provider_b, on_date: datetime.date
) -> dict[int, str]:
    """Of `documents`, those that did NOT govern the two providers on the date, with the reason
    (the report form lists the others first and marks these before sending, issue 24)."""
    not_governing = {}
    for document in documents:
        governed, reason = document_check(
            document=document, provider_a=provider_a, provider_b=provider_b, on_date=on_date
        )
        if not governed:
            not_governing[document.pk] = reason
    return not_governing


def earliest_event_date(*, county) -> datetime.date | None:
    """The earliest event date a report accepts: DEVIATION_EARLIEST_EVENT_DATE when set, else
    the day the oldest document a report can cite came into force. Before it nothing in the
    registry could have been broken, so an earlier date is a typing error."""
    return settings.DEVIATION_EARLIEST_EVENT_DATE or citable_since(county=county)


def documents_citable(*, county):
    """The documents a reporter may cite in this county (those with numbered sections)."""
    return documents_for_citation(county=county)
