"""The filtered list as CSV (streamed) and Excel (XlsxWriter, constant memory), for compilations.

A county's export is half a million cases (issue 16): rows are read in keyset batches of plain
values (no model objects), with each batch's causes and measure counts in one query each, so
the worker's memory stays flat and the first bytes leave at once.
"""

from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.exports import csv_response, xlsx_response, yes_no
from samsyn.core.keyset import keyset_batches
from samsyn.deviations.consequences import asked
from samsyn.deviations.models import Deviation, EventType, LiftedLevel, Measure, Status

BATCH = 2000
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
    # Issue 19: the type and the classification's new parts (the consequence above is the
    # actual physical harm).
    _("Type of report"),
    _("Secondary category"),
    _("Psychological harm"),
    _("Potential consequence"),
]
FIELDS = (
    "id",
    "created_at",
    "event_date",
    "status",
    "reporting_provider__name",
    "counterpart_provider__name",
    "title",
    "description",
    "category__name",
    "patient_consequence__name",
    "organisation_consequence__name",
    "other_explanation",
    "patient_affected",
    "document__title",
    "section__number",
    "section__title",
    "document_governed",
    "proposed_measure",
    "ack_due",
    "analysis_due",
    "lifted_level",
    "no_measure_by_id",
    "no_measure_reason",
    "event_type",
    "secondary_category__name",
    "psychological_consequence__name",
    "potential_consequence__name",
)
STATUS_LABELS = dict(Status.choices)
TYPE_LABELS = dict(EventType.choices)
LIFTED_LABELS = dict(LiftedLevel.choices)


def _date(value) -> str:
    return value.isoformat() if value else ""


def _grade(v: dict, axis: str) -> str:
    """A consequence axis: its value; "not known yet" where the type asks it; else empty."""
    if v[f"{axis}__name"]:
        return v[f"{axis}__name"]
    return gettext("Not known yet") if axis in asked(v["event_type"]).harm_axes else ""


def _row(v: dict, probe: Deviation, causes: dict, measures: dict, today) -> list:
    # One unsaved case, refilled per row, answers "overdue?" by the model's own rule.
    probe.pk, probe.status = v["id"], v["status"]
    probe.ack_due, probe.analysis_due = v["ack_due"], v["analysis_due"]
    section = f"{v['section__number']} {v['section__title']}" if v["section__number"] else ""
    return [
        probe.reference,
        timezone.localtime(v["created_at"]).strftime("%Y-%m-%d %H:%M"),
        v["event_date"].isoformat(),
        str(STATUS_LABELS.get(v["status"], v["status"])),
        v["reporting_provider__name"],
        v["counterpart_provider__name"],
        v["title"],
        v["description"],
        v["category__name"],
        _grade(v, "patient_consequence"),
        v["organisation_consequence__name"] or "",
        v["other_explanation"],
        yes_no(v["patient_affected"]),
        v["document__title"],
        section,
        yes_no(v["document_governed"]),
        v["proposed_measure"],
        _date(v["ack_due"]),
        _date(v["analysis_due"]),
        yes_no(probe.is_overdue(today)),
        str(LIFTED_LABELS.get(v["lifted_level"], "")),
        ", ".join(causes.get(v["id"], ())),
        measures.get(v["id"], 0),
        yes_no(v["no_measure_by_id"] and v["no_measure_reason"]),
        str(TYPE_LABELS.get(v["event_type"], v["event_type"])),
        v["secondary_category__name"] or "",
        _grade(v, "psychological_consequence"),
        _grade(v, "potential_consequence"),
    ]


def _causes_of(ids) -> dict[int, list[str]]:
    causes: dict[int, list[str]] = {}
    through = Deviation.causes.through.objects.filter(deviation_id__in=ids)
    for deviation_id, name in through.order_by("cause__order", "cause__name").values_list(
        "deviation_id", "cause__name"
    ):
        causes.setdefault(deviation_id, []).append(name)
    return causes


def _measure_counts(ids) -> dict[int, int]:
    counts = Measure.objects.filter(deviation_id__in=ids).values("deviation_id")
    return dict(counts.annotate(n=Count("id")).values_list("deviation_id", "n"))


def _rows(qs, ordering):
    today = timezone.localdate()
    probe = Deviation()
    for batch in keyset_batches(qs, ordering=ordering, fields=FIELDS, size=BATCH):
        ids = [v["id"] for v in batch]
        causes, measures = _causes_of(ids), _measure_counts(ids)
        for v in batch:
            yield _row(v, probe, causes, measures, today)


def _filename(ext: str) -> str:
    return gettext("deviations-{date}.{ext}").format(
        date=f"{timezone.localdate():%Y-%m-%d}", ext=ext
    )


def deviations_csv(qs, *, ordering) -> StreamingHttpResponse:
    return csv_response(header=HEADER, rows=_rows(qs, ordering), filename=_filename("csv"))


def deviations_xlsx(qs, *, ordering) -> HttpResponse:
    return xlsx_response(
        header=HEADER,
        rows=_rows(qs, ordering),
        sheet=gettext("Deviations"),
        filename=_filename("xlsx"),
    )
