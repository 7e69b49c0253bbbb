"""Disagreements over the API: raise one, read one, every move of the ladder (through the
engine's table, samsyn/api/cases.py), and the lessons library's search."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
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
from samsyn.disagreements import forms, services
from samsyn.disagreements.selectors import disagreements_filtered, lessons_search
from samsyn.disagreements.views.cases import ACTIONS

router = Router(tags=[gettext_lazy("Disagreements")])
lessons_router = Router(tags=[gettext_lazy("Guiding solutions")])


class DisagreementOut(Schema):
    id: int
    reference: str
    title: str
    question: str
    position_a: str
    position_b: str
    status: str
    current_step: int
    is_dispute: bool
    resolution: str
    version: int
    county_id: int
    party_a_id: int
    provider_a_id: int
    party_b_id: int
    provider_b_id: int
    category_id: int | None
    area_id: int | None
    patient_affected: bool
    temporary_solution_none: bool
    # What binds both parties, proposed and awaiting the other party's confirmation:
    # "resolve", "settlement" or "".
    proposal_kind: str


class DisagreementIn(Schema):
    """The registration form's fields (ids from GET /providers, /governing-documents)."""

    provider_a: RowId
    provider_b: RowId
    title: str
    question: str
    position_a: str
    category: RowId
    position_b: str = ""
    area: RowId | None = None
    deviations: list[RowId] = []
    documents: list[RowId] = []
    sections: list[RowId] = []
    patient_affected: bool = False
    temporary_solution: str = ""
    temporary_solution_from: datetime.date | None = None
    # A patient affected: the interim solution (text + from date), or true and why none is
    # needed in `temporary_solution`.
    temporary_solution_none: bool = False


class LessonOut(Schema):
    id: int
    title: str
    category_id: int
    area_id: int | None
    step_reached: int
    resolution: str
    solution: str
    lesson: str
    published_at: datetime.datetime | None


class DisagreementPage(Schema):
    items: list[DisagreementOut]
    next_cursor: str | None


@router.get(
    "",
    response=DisagreementPage,
    summary=gettext_lazy("List disagreements"),
    description=gettext_lazy(
        "The same filters as the list page (`q`, `status`, `step`, `party`); pages by "
        "cursor: send `next_cursor` as `cursor` for the next page."
    ),
)
def disagreements_list(request, cursor: str = "", limit: int = 25):
    if not can(request.actor, "disagreements.view"):
        raise PermissionDenied
    form = forms.FilterForm(request.GET)
    if not form.is_valid():
        return problem(400, errors=form.errors)
    qs = disagreements_filtered(request.actor, filters=form.cleaned_data)
    try:
        rows, next_cursor = cursor_page(qs, cursor=cursor, limit=limit)
    except BadCursor:
        return problem(400, errors={"cursor": [_("The cursor is not valid.")]})
    return {"items": rows, "next_cursor": next_cursor}


@router.post(
    "",
    response={201: DisagreementOut},
    summary=gettext_lazy("Raise a disagreement"),
    description=gettext_lazy(
        "The same rules as the page; starts at step 1. Accepts `Idempotency-Key`."
    ),
)
def disagreement_create(request, payload: DisagreementIn):
    if not can(request.actor, "disagreements.handle"):
        raise PermissionDenied
    return once(request, lambda: _create(request, payload))


def _create(request, payload: DisagreementIn):
    data = {k: ("" if v is None else v) for k, v in payload.model_dump(mode="json").items()}
    for flag in ("patient_affected", "temporary_solution_none"):
        data[flag] = "on" if getattr(payload, flag) else ""
    data["submission_token"] = str(uuid.uuid4())
    form = forms.DisagreementCreateForm(data, actor=request.actor)
    if not form.is_valid():
        return problem(400, errors=form.errors)
    case = services.disagreement_create(actor=request.actor, case=form.registration())
    return json_response(
        case_json(DisagreementOut, case),
        status=201,
        headers={"ETag": etag(case), "Location": f"/api/v1/disagreements/{case.pk}"},
    )


case_routes(router, actions=ACTIONS, out=DisagreementOut, noun="oenighet")


@lessons_router.get(
    "",
    response=list[LessonOut],
    summary=gettext_lazy("Search guiding solutions"),
    description=gettext_lazy(
        "The same search as the page: `q` free text, `document`, `category`, `area` (id)."
    ),
)
def lessons(request, limit: int = 25):
    form = forms.LessonSearchForm(request.GET)
    if not form.is_valid():
        return problem(400, errors=form.errors)
    filters = {k: v for k, v in form.cleaned_data.items() if v}
    return list(lessons_search(actor=request.actor, **filters)[: max(1, min(limit, 100))])
