"""The deviations app's one door to the agreement registry (DOMAIN.md section 1).

A deviation cites the document that was not followed; that document must have governed
the two parties on the event date. The registry answers; we only ask.
"""

import datetime

from django.db.models import Q

from samsyn.agreements.models import GoverningDocument

try:  # The registry's selectors arrive from the agreements branch.
    from samsyn.agreements.selectors import document_governs, documents_for_citation
except ImportError:  # pragma: no cover - only until the registry is merged
    document_governs = documents_for_citation = None

NO_VALID_VERSION = "Dokumentet hade ingen giltig version på händelsedatumet."


def document_check(*, document, provider_a, provider_b, on_date: datetime.date) -> tuple[bool, str]:
    """(True, "") when the document governed both providers' parties on the date, else a reason."""
    if document_governs is not None:
        return document_governs(
            document=document, provider_a=provider_a, provider_b=provider_b, on_date=on_date
        )
    valid = document.versions.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on_date), valid_from__lte=on_date
    ).exists()
    return (True, "") if valid else (False, NO_VALID_VERSION)


def documents_citable(*, county):
    """The documents a reporter may cite in this county, in the registry's order."""
    if documents_for_citation is not None:
        return documents_for_citation(county=county)
    return GoverningDocument.objects.filter(county=county).order_by("kind", "title")
