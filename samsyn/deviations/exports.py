"""The filtered list as CSV (streamed) and Excel (flat memory), for compilations.

A county's export is half a million cases (issue 16): rows are read in keyset batches of plain
values (no model objects) with each case's measure count, and each batch's causes in one more
query, so the worker's memory stays flat and the first bytes leave at once.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.exports import csv_response, xlsx_response, yes_no
from samsyn.core.keyset import keyset_batches
from samsyn.deviations.consequences import asked
from samsyn.deviations.models import Deviation, EventType, LiftedLevel, Measure, Status

# Cases per query. 1,000 rather than 2,000: the whole county's Excel export peaked at 148-151 MB
# in the worker with 2,000 (target 150 MB) and at 142 MB with 1,000, some seconds slower
# (bench, 500,000 cases, 2026-12-01).
BATCH = 1000
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
    # Overdue includes the answer (issue 17), as Deviation.is_overdue reads it.
    "answer_due",
    "answered_at",
    "lifted_level",
    "no_measure_by_id",
    "no_measure_reason",
    "event_type",
    "secondary_category__name",
    "psychological_consequence__name",
    "potential_consequence__name",
    "measure_count",
)
STATUS_LABELS = dict(Status.choices)
TYPE_LABELS = dict(EventType.choices)
LIFTED_LABELS = dict(LiftedLevel.choices)
AXES = ("patient_consequence", "psychological_consequence", "potential_consequence")


@dataclass(frozen=True)
class _Texts:
    """The export's fixed words, translated once per export rather than in every row (a
    county's export asked gettext a few million times; issue 16)."""

    yes: str
    no: str
    not_known: str
    status: dict
    type: dict
    lifted: dict
    harm_axes: dict  # event type -> the consequence axes it asks

    @classmethod
    def now(cls) -> "_Texts":
        return cls(
            yes=yes_no(True),
            no=yes_no(False),
            not_known=gettext("Not known yet"),
            status={k: str(v) for k, v in STATUS_LABELS.items()},
            type={k: str(v) for k, v in TYPE_LABELS.items()},
            lifted={k: str(v) for k, v in LIFTED_LABELS.items()},
            harm_axes={k: asked(k).harm_axes for k in TYPE_LABELS},
        )


def _date(value) -> str:
    return value.isoformat() if value else ""


def _grades(v: dict, texts: _Texts) -> list[str]:
    """Each consequence axis: its value; "not known yet" where the type asks it; else empty."""
    axes = texts.harm_axes.get(v["event_type"])
    if axes is None:
        axes = asked(v["event_type"]).harm_axes
    return [v[f"{axis}__name"] or (texts.not_known if axis in axes else "") for axis in AXES]


def _row(v: dict, probe: Deviation, causes: dict, context: tuple) -> list:
    texts, today, zone = context
    # One unsaved case, refilled per row, answers "overdue?" by the model's own rule.
    probe.pk, probe.status = v["id"], v["status"]
    probe.ack_due, probe.analysis_due = v["ack_due"], v["analysis_due"]
    probe.answer_due, probe.answered_at = v["answer_due"], v["answered_at"]
    section = f"{v['section__number']} {v['section__title']}" if v["section__number"] else ""
    patient, psychological, potential = _grades(v, texts)
    yes, no = texts.yes, texts.no
    return [
        probe.reference,
        v["created_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        v["event_date"].isoformat(),
        texts.status.get(v["status"], v["status"]),
        v["reporting_provider__name"],
        v["counterpart_provider__name"],
        v["title"],
        v["description"],
        v["category__name"],
        patient,
        v["organisation_consequence__name"] or "",
        v["other_explanation"],
        yes if v["patient_affected"] else no,
        v["document__title"],
        section,
        yes if v["document_governed"] else no,
        v["proposed_measure"],
        _date(v["ack_due"]),
        _date(v["analysis_due"]),
        yes if probe.is_overdue(today) else no,
        texts.lifted.get(v["lifted_level"], ""),
        ", ".join(causes.get(v["id"], ())),
        v["measure_count"],
        yes if v["no_measure_by_id"] and v["no_measure_reason"] else no,
        texts.type.get(v["event_type"], v["event_type"]),
        v["secondary_category__name"] or "",
        psychological,
        potential,
    ]


def _causes_of(ids) -> dict[int, list[str]]:
    causes: dict[int, list[str]] = {}
    through = Deviation.causes.through.objects.filter(deviation_id__in=ids)
    for deviation_id, name in through.order_by("cause__order", "cause__name").values_list(
        "deviation_id", "cause__name"
    ):
        causes.setdefault(deviation_id, []).append(name)
    return causes


def _with_measure_counts(qs):
    """Each case's number of measures, counted in the batch's own query: an index lookup per
    row, instead of a second query per batch naming its 2,000 cases (which cost the worker
    more than the batch itself; issue 16)."""
    counted = (
        Measure.objects.filter(deviation=OuterRef("pk"))
        .order_by()
        .values("deviation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(measure_count=Coalesce(Subquery(counted), 0))


def _rows(qs, ordering):
    context = (_Texts.now(), timezone.localdate(), timezone.get_current_timezone())
    probe = Deviation()
    batches = keyset_batches(_with_measure_counts(qs), ordering=ordering, fields=FIELDS, size=BATCH)
    for batch in batches:
        causes = _causes_of([v["id"] for v in batch])
        for v in batch:
            yield _row(v, probe, causes, context)


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
