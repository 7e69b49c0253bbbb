"""CSV and Excel export of the disagreement list (streamed CSV, constant-memory Excel)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.exports import csv_response, xlsx_response, yes_no

HEADERS = [
    _("Case"),
    _("Title"),
    _("Party A"),
    _("Care provider A"),
    _("Counterparty"),
    _("Care provider, other party"),
    _("Category"),
    _("Status"),
    _("Step"),
    _("Dispute"),
    _("Patient affected"),
    _("Interim solution"),
    _("Outcome"),
    _("Registered"),
    _("Closed"),
]


def _row(d):
    return [
        d.reference,
        d.title,
        d.party_a.name,
        d.provider_a.name,
        d.party_b.name,
        d.provider_b.name,
        d.category.name,
        d.get_status_display(),
        d.current_step,
        yes_no(d.is_dispute),
        yes_no(d.patient_affected),
        yes_no(d.temporary_solution),
        d.get_resolution_display(),
        timezone.localdate(d.created_at).isoformat(),
        timezone.localdate(d.closed_at).isoformat() if d.closed_at else "",
    ]


def export_response(disagreements, *, fmt: str) -> HttpResponse:
    rows = (_row(d) for d in disagreements)
    if fmt == "xlsx":
        return xlsx_response(
            header=HEADERS,
            rows=rows,
            sheet=gettext("Disagreements"),
            filename=gettext("disagreements.xlsx"),
        )
    return csv_response(header=HEADERS, rows=rows, filename=gettext("disagreements.csv"))
