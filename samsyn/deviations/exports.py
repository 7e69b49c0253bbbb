"""The filtered list as CSV (streamed) and Excel (openpyxl write-only), for compilations."""

from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.exports import csv_response, xlsx_response

HEADER = [
    _("Reference"),
    _("Registered"),
    _("Event date"),
    _("Status"),
    _("Reporting care provider"),
    _("Receiving care provider"),
    _("Title"),
    _("What happened"),
    _("Category"),
    _("Consequence for the patient"),
    _("Consequence for the organisation"),
    _("Explanation of other"),
    _("The patient was affected"),
    _("Governing document"),
    _("Section"),
    _("The document applied"),
    _("Suggested measure"),
    _("Acknowledge by"),
    _("Analyse by"),
    _("Overdue"),
    _("Lift to"),
    _("Causes"),
    _("Number of measures"),
    _("Decision that no measure is needed"),
]


def _yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


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
        _yes_no(d.patient_affected),
        d.document.title,
        str(d.section) if d.section else "",
        _yes_no(d.document_governed),
        d.proposed_measure,
        d.ack_due.isoformat() if d.ack_due else "",
        d.analysis_due.isoformat() if d.analysis_due else "",
        _yes_no(d.is_overdue(today)),
        d.get_lifted_level_display(),
        ", ".join(c.name for c in d.causes.all()),
        d.measure_count,
        _yes_no(d.has_no_measure_decision),
    ]


def _rows(qs):
    today = timezone.localdate()
    qs = qs.prefetch_related("causes").annotate(measure_count=Count("measures"))
    for d in qs.iterator(chunk_size=1000):
        yield _row(d, today)


def _filename(ext: str) -> str:
    return gettext("deviations-{date}.{ext}").format(
        date=f"{timezone.localdate():%Y-%m-%d}", ext=ext
    )


def deviations_csv(qs) -> StreamingHttpResponse:
    return csv_response(header=HEADER, rows=_rows(qs), filename=_filename("csv"))


def deviations_xlsx(qs) -> HttpResponse:
    return xlsx_response(
        header=HEADER, rows=_rows(qs), sheet=gettext("Deviations"), filename=_filename("xlsx")
    )
