"""CSV and Excel export of the disagreement list (openpyxl in write-only mode for big lists)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

HEADERS = ["Ärende", "Rubrik", "Part A", "Vårdgivare A", "Motpart", "Vårdgivare motpart",
           "Kategori", "Status", "Steg", "Tvist", "Patient berörs", "Tillfällig lösning",
           "Utfall", "Registrerad", "Avslutad"]


def _safe(value):
    """Text starting like a formula is prefixed, so a spreadsheet never runs it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _rows(disagreements):
    for d in disagreements:
        yield [_safe(v) for v in _row(d)]


def _row(d):
    return [
        d.reference, d.title, d.party_a.name, d.provider_a.name, d.party_b.name,
        d.provider_b.name, d.category.name, d.get_status_display(), d.current_step,
        "Ja" if d.is_dispute else "Nej", "Ja" if d.patient_affected else "Nej",
        "Ja" if d.temporary_solution else "Nej", d.get_resolution_display(),
        d.created_at.date().isoformat(),
        d.closed_at.date().isoformat() if d.closed_at else "",
    ]


def export_response(disagreements, *, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Oenigheter")
        sheet.append(HEADERS)
        for row in _rows(disagreements):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="oenigheter.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="oenigheter.csv"'
    response.write("\ufeff")  # so Excel reads the CSV as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(_rows(disagreements))
    return response
