"""The filtered list as CSV (streamed) and Excel (openpyxl write-only), for compilations."""

import csv
import io

from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

HEADER = [
    "Referens", "Registrerad", "Händelsedatum", "Status", "Rapporterande vårdgivare", "Motpart",
    "Rubrik", "Vad hände", "Kategori", "Konsekvens för patienten",
    "Konsekvens för organisationen", "Förklaring av annat", "Patienten påverkades",
    "Styrande dokument", "Avsnitt", "Dokumentet gällde", "Förslag på åtgärd",
    "Kvittera senast", "Analysera senast", "Försenad", "Lyft till", "Orsaker",
    "Antal åtgärder", "Beslut att ingen åtgärd behövs",
]


def _row(d, today) -> list:
    return [
        d.reference, timezone.localtime(d.created_at).strftime("%Y-%m-%d %H:%M"),
        d.event_date.isoformat(), d.get_status_display(), d.reporting_provider.name,
        d.counterpart_provider.name, d.title, d.description, d.category.name,
        d.patient_consequence.name, d.organisation_consequence.name, d.other_explanation,
        "ja" if d.patient_affected else "nej", d.document.title,
        str(d.section) if d.section else "", "ja" if d.document_governed else "nej",
        d.proposed_measure, d.ack_due.isoformat() if d.ack_due else "",
        d.analysis_due.isoformat() if d.analysis_due else "",
        "ja" if d.is_overdue(today) else "nej", d.get_lifted_level_display(),
        ", ".join(c.name for c in d.causes.all()), d.measure_count,
        "ja" if d.has_no_measure_decision else "nej",
    ]


def _safe(value):
    """Text starting with = + - @ would run as a formula in a spreadsheet: defuse it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _rows(qs):
    today = timezone.localdate()
    qs = qs.prefetch_related("causes").annotate(measure_count=Count("measures"))
    for d in qs.iterator(chunk_size=1000):
        yield [_safe(v) for v in _row(d, today)]


def _filename(ext: str) -> str:
    return f"avvikelser-{timezone.localdate():%Y-%m-%d}.{ext}"


class _Echo:
    def write(self, value):
        return value


def deviations_csv(qs) -> StreamingHttpResponse:
    """Semicolon-separated UTF-8 with BOM, as Swedish Excel opens it."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(HEADER)
        for row in _rows(qs):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def deviations_xlsx(qs) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Avvikelser")
    sheet.append(HEADER)
    for row in _rows(qs):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
