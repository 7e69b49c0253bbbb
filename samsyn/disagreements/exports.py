"""CSV and Excel export of the disagreement list (streamed CSV, constant-memory Excel)."""

from django.http import HttpResponse

from samsyn.core.exports import csv_response, xlsx_response

HEADERS = [
    "Ärende",
    "Rubrik",
    "Part A",
    "Vårdgivare A",
    "Motpart",
    "Vårdgivare motpart",
    "Kategori",
    "Status",
    "Steg",
    "Tvist",
    "Patient berörs",
    "Tillfällig lösning",
    "Utfall",
    "Registrerad",
    "Avslutad",
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
        "Ja" if d.is_dispute else "Nej",
        "Ja" if d.patient_affected else "Nej",
        "Ja" if d.temporary_solution else "Nej",
        d.get_resolution_display(),
        d.created_at.date().isoformat(),
        d.closed_at.date().isoformat() if d.closed_at else "",
    ]


def export_response(disagreements, *, fmt: str) -> HttpResponse:
    rows = (_row(d) for d in disagreements)
    if fmt == "xlsx":
        return xlsx_response(
            header=HEADERS, rows=rows, sheet="Oenigheter", filename="oenigheter.xlsx"
        )
    return csv_response(header=HEADERS, rows=rows, filename="oenigheter.csv")
