"""The filtered list as CSV (streamed) and Excel (openpyxl write-only), for compilations."""

from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.exports import csv_response, xlsx_response

HEADER = [
    "Referens",
    "Registrerad",
    _("Event date"),
    "Status",
    _("Reporting care provider"),
    "Motpart",
    "Rubrik",
    _("What happened"),
    "Kategori",
    _("Consequence for the patient"),
    _("Consequence for the organisation"),
    _("Explanation of other"),
    _("The patient was affected"),
    "Styrande dokument",
    "Avsnitt",
    _("The document applied"),
    _("Suggested measure"),
    "Kvittera senast",
    "Analysera senast",
    _("Overdue"),
    "Lyft till",
    "Orsaker",
    _("Number of measures"),
    _("Decision that no measure is needed"),
]


def _row(d, today) -> list:
    return [
        d.reference,
        timezone.localtime(d.created_at).strftime("%Y-%m-%d %H:%M"),
        d.event_date.isoformat(),
        d.get_status_display(),
        d.reporting_provider.name,
        d.counterpart_provider.name,
        d.title,
        d.description,
        d.category.name,
        d.patient_consequence.name,
        d.organisation_consequence.name,
        d.other_explanation,
        "ja" if d.patient_affected else "nej",
        d.document.title,
        str(d.section) if d.section else "",
        "ja" if d.document_governed else "nej",
        d.proposed_measure,
        d.ack_due.isoformat() if d.ack_due else "",
        d.analysis_due.isoformat() if d.analysis_due else "",
        "ja" if d.is_overdue(today) else "nej",
        d.get_lifted_level_display(),
        ", ".join(c.name for c in d.causes.all()),
        d.measure_count,
        "ja" if d.has_no_measure_decision else "nej",
    ]


def _rows(qs):
    today = timezone.localdate()
    qs = qs.prefetch_related("causes").annotate(measure_count=Count("measures"))
    for d in qs.iterator(chunk_size=1000):
        yield _row(d, today)


def _filename(ext: str) -> str:
    return f"avvikelser-{timezone.localdate():%Y-%m-%d}.{ext}"


def deviations_csv(qs) -> StreamingHttpResponse:
    return csv_response(header=HEADER, rows=_rows(qs), filename=_filename("csv"))


def deviations_xlsx(qs) -> HttpResponse:
    return xlsx_response(
        header=HEADER, rows=_rows(qs), sheet="Avvikelser", filename=_filename("xlsx")
    )
