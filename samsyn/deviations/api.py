"""Deviations over the API: the list with the page's filters and a cursor, report one, read
one, and every move of the case engine (samsyn/api/cases.py). Thin: the page's forms,
selectors and services do the work."""

import datetime
import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from samsyn.api.cases import (
    BadCursor,
    case_json,
    case_routes,
    cursor_page,
    etag,
    json_response,
)
from samsyn.api.idempotency import once
from samsyn.api.params import RowId
from samsyn.api.problems import problem
from samsyn.core.access import can
from samsyn.deviations import services
from samsyn.deviations.forms import DeviationFilterForm, ReportForm
from samsyn.deviations.patient_forms import PatientReferenceViewForm
from samsyn.deviations.selectors import (
    deviation_get_for,
    deviation_list,
    providers_reporting_for,
)
from samsyn.deviations.views import ACTIONS

router = Router(tags=[gettext_lazy("Deviations")])


class DeviationOut(Schema):
    id: int
    reference: str
    title: str
    description: str
    status: str
    version: int
    event_date: datetime.date
    created_at: datetime.datetime
    reporting_provider_id: int
    counterpart_provider_id: int
    document_id: int | None
    section_id: int | None
    event_type: str
    category_id: int | None
    secondary_category_id: int | None
    # The consequence axes (issue 19): null on an axis the type asks = "not known yet".
    patient_consequence_id: int | None
    psychological_consequence_id: int | None
    potential_consequence_id: int | None
    organisation_consequence_id: int | None
    patient_affected: bool
    proposed_measure: str
    ack_due: datetime.date | None
    analysis_due: datetime.date | None
    lifted_level: str


class DeviationPage(Schema):
    items: list[DeviationOut]
    next_cursor: str | None


class DeviationIn(Schema):
    """The report form's fields; the ids come from GET /providers, /governing-documents."""

    counterpart_provider: RowId
    event_date: datetime.date
    title: str
    description: str
    document: RowId
    category: RowId
    # "deviation", "near_miss", "risk" or "good_cooperation": each asks its own fields.
    event_type: Literal["deviation", "near_miss", "risk", "good_cooperation"] = "deviation"
    secondary_category: RowId | None = None
    # A PatientConsequence id or "unknown" ("not known yet"); leave out what the type does
    # not ask (a harm grade on good cooperation is refused).
    patient_consequence: RowId | Literal["unknown"] | None = None
    psychological_consequence: RowId | Literal["unknown"] | None = None
    potential_consequence: RowId | Literal["unknown"] | None = None
    organisation_consequence: RowId | None = None
    reporting_provider: RowId | None = None
    section: RowId | None = None
    other_explanation: str = ""
    patient_affected: bool = False
    proposed_measure: str = ""
    # The patient's personnummer or samordningsnummer (optional, issue 18): kept apart from
    # the case, encrypted, read back only by the two units' handlers through
    # POST /deviations/{id}/patient-reference; in no answer.
    patient_reference: str = ""


@router.get(
    "",
    response=DeviationPage,
    summary=gettext_lazy("List deviations"),
    description=gettext_lazy(
        "The same filters as the list page (`view`, `q`, `status`, `category`, `provider`, "
        "`date_from`, `date_to`, `overdue`, `lifted`) and `sort` = `newest` or `oldest`. "
        "Pages by cursor: send `next_cursor` as `cursor` for the next page."
    ),
)
def deviations_list(request, cursor: str = "", limit: int = 25):
    if not can(request.actor, "deviations.view"):
        raise PermissionDenied
    form = DeviationFilterForm(request.GET)
    if not form.is_valid():
        return problem(400, errors=form.errors)
    filters = form.filters()
    qs = deviation_list(actor=request.actor, filters=filters)
    try:
        rows, next_cursor = cursor_page(
            qs, cursor=cursor, limit=limit, oldest=filters.sort == "oldest"
        )
    except BadCursor:
        return problem(400, errors={"cursor": [_("The cursor is not valid.")]})
    return {"items": rows, "next_cursor": next_cursor}


@router.post(
    "",
    response={201: DeviationOut},
    summary=gettext_lazy("Report a deviation"),
    description=gettext_lazy(
        "The same rules as the report page; the deviation is sent to the counterpart at "
        "once. Send `Idempotency-Key` and a retry creates no duplicate."
    ),
)
def deviation_create(request, payload: DeviationIn):
    providers = providers_reporting_for(request.actor)
    if not providers:
        raise PermissionDenied
    return once(request, lambda: _report(request, payload, providers))


def _report(request, payload: DeviationIn, providers) -> object:
    data = {k: ("" if v is None else v) for k, v in payload.model_dump(mode="json").items()}
    data["patient_affected"] = "on" if payload.patient_affected else ""
    data["submission_token"] = str(uuid.uuid4())
    form = ReportForm(
        data,
        providers=providers,
        county=providers[0].party.county_id,
        event_type=payload.event_type,
    )
    if not form.is_valid():
        return problem(400, errors=form.errors)
    deviation = services.deviation_report(actor=request.actor, report=form.report())
    return json_response(
        case_json(DeviationOut, deviation),
        status=201,
        headers={"ETag": etag(deviation), "Location": f"/api/v1/deviations/{deviation.pk}"},
    )


class PatientReferenceIn(Schema):
    """Why the patient's identity is needed: `investigation`, `patient_contact` or `other`
    (then `reason_text` too); the read log keeps it."""

    reason: str
    reason_text: str = ""


class PatientReferenceOut(Schema):
    patient_reference: str


@router.post(
    "/{deviation_id}/patient-reference",
    response=PatientReferenceOut,
    summary=gettext_lazy("Read the patient's identity"),
    description=gettext_lazy(
        "Only for the handlers of the two units involved, on explicit request: the reason is "
        "written to the read log with the read. The identity is in no other answer."
    ),
)
def deviation_patient_reference(request, deviation_id: RowId, payload: PatientReferenceIn):
    deviation = deviation_get_for(request.actor, deviation_id)
    form = PatientReferenceViewForm(payload.model_dump())
    if not form.is_valid():
        return problem(400, errors=form.errors)
    try:
        number = services.patient_reference_view(
            actor=request.actor, deviation=deviation, channel="api", **form.cleaned_data
        )
    except ValidationError as exc:
        return problem(400, errors=getattr(exc, "message_dict", None) or {"__all__": exc.messages})
    response = json_response({"patient_reference": number})
    response["Cache-Control"] = "private, no-store"
    return response


case_routes(router, actions=ACTIONS, out=DeviationOut, noun="avvikelse")
