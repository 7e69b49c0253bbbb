"""The API's doors to a case type: read one case, list its moves, make any move.

Built from the app's `CaseActions` (the table of forms and services the pages use), so a
move added to a workflow and its page's forms is in the API without code here: the body is
bound to the move's own form without prefix, then `CaseActions.make()` calls the service.
`ETag` is the case's version; `If-Match` on a move is the version the caller saw (412 when
stale, mapped from the engine's version check).
"""

import datetime
from typing import Any

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Body, File, Router, Schema
from ninja.files import UploadedFile

from samsyn.api.auth import channel_detail
from samsyn.api.idempotency import once
from samsyn.api.params import RowId
from samsyn.api.problems import problem
from samsyn.attachments.services import attachment_open, attachments_of
from samsyn.audit.services import read_record
from samsyn.cases.views import CaseActions
from samsyn.core.keyset import cursor_decode, keyset_page


class AttachmentOut(Schema):
    id: int
    name: str
    mime_type: str
    size: int
    uploaded_at: datetime.datetime


class MoveOut(Schema):
    code: str
    label: str
    primary: bool
    fields: list[str]


def etag(case) -> str:
    return f'"{case.version}"'


def if_match_version(request) -> int | None:
    """The version in `If-Match: "7"` (or W/"7"); None when absent or not a version."""
    raw = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(raw) if raw.isdigit() else None


def json_response(data: dict, *, status: int = 200, headers=None) -> HttpResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


MAX_LIMIT = 100


class BadCursor(ValueError):
    pass


def cursor_page(qs, *, cursor: str, limit: int, oldest: bool = False) -> tuple[list, str | None]:
    """One page of a list by id and the cursor of the next page: the pages' own keyset
    (core/keyset.py), with a cursor that cannot be read refused instead of starting over."""
    ordering = ["id"] if oldest else ["-id"]
    if cursor and cursor_decode(cursor, length=len(ordering)) is None:
        raise BadCursor(cursor)
    page = keyset_page(
        qs, ordering=ordering, cursor=cursor or None, size=max(1, min(limit, MAX_LIMIT))
    )
    return list(page), page.next_cursor


def case_json(out: type[Schema], case) -> dict:
    return out.from_orm(case).model_dump(mode="json")


def _checked(request, actions: CaseActions, case_id: int, code: str, move):
    """The case for the person (404 for a stranger, or for a move the table does not have)
    and the move's permission (403 before the move's form reads the body), then `move(case)`.
    Under an Idempotency-Key a request sent again gets the answer the same person was given
    the first time (api/idempotency.py), without this check again."""
    case = actions.case_for(request.actor, case_id)
    if code not in actions.forms:
        raise Http404(_("There is no move {code}.").format(code=code))
    actions.workflow.permit(actor=request.actor, case=case, code=code)
    return move(case)


def _after_move(actions: CaseActions, actor, case):
    """The case read again after a move; the case as the move left it when the move took it
    out of the person's sight (a ward passed it to another unit)."""
    try:
        return actions.case_for(actor, case.pk)
    except Http404:
        return case


def case_routes(router: Router, *, actions: CaseActions, out: type[Schema], noun: str) -> None:
    """GET /{id}, GET /{id}/moves and POST /{id}/moves/{code} for one case type."""
    workflow = actions.workflow
    name = workflow.prefix.rsplit(".", 1)[-1]  # "deviation": the operations' ids

    @router.get(
        "/{int:case_id}",
        response=out,
        operation_id=f"{name}_read",
        summary=format_lazy(gettext_lazy("Read one {noun}"), noun=noun),
        description=gettext_lazy(
            "The case, with its version in `ETag`. The read goes into the read log (channel API)."
        ),
    )
    def case_read(request, case_id: RowId):
        case = actions.case_for(request.actor, case_id)
        read_record(actor=request.actor, target=case, channel="api", detail=channel_detail(request))
        return json_response(case_json(out, case), headers={"ETag": etag(case)})

    @router.get(
        "/{int:case_id}/moves",
        response=list[MoveOut],
        operation_id=f"{name}_moves",
        summary=gettext_lazy("Moves you can make now"),
        description=gettext_lazy(
            "The moves of the case engine's table you may make in the case's state now."
        ),
    )
    def case_moves(request, case_id: RowId):
        case = actions.case_for(request.actor, case_id)
        return [
            {
                "code": move.code,
                "label": move.label_for(case),
                "primary": move.primary_for(case),
                "fields": list(actions.form(case, move.code, request.actor, prefixed=False).fields),
            }
            for move in workflow.moves_available(request.actor, case)
            if move.code in actions.forms
        ]

    codes = ", ".join(f"`{code}`" for code in actions.forms)

    @router.post(
        "/{int:case_id}/moves/{code}",
        response={200: out},
        operation_id=f"{name}_move",
        summary=gettext_lazy("Make a move"),
        description=format_lazy(
            gettext_lazy(
                "Makes a move in the case engine with the same checks and service as the "
                "page. Moves: {codes}. The body is the move's fields (see `GET …/moves`); "
                "send the version you read in `If-Match` (412 if the case has changed)."
            ),
            codes=codes,
        ),
    )
    def case_move(request, case_id: RowId, code: str, data: Body[dict[str, Any]] = None):
        # A request sent again with its key gets the first answer, even when that move took
        # the case out of the sender's sight (a ward passed it on).
        return once(
            request,
            lambda: _checked(
                request, actions, case_id, code, lambda case: _move(request, case, code, data or {})
            ),
        )

    def _move(request, case, code, data, files=None):
        wanted = if_match_version(request)
        if wanted is not None and wanted != case.version:
            return problem(412, headers={"ETag": etag(case)})
        form_data = {k: _form_value(v) for k, v in data.items()}
        if wanted is not None:
            form_data["version"] = wanted
        form = actions.form(case, code, request.actor, form_data, files=files, prefixed=False)
        if "version" in form.fields and "version" not in form_data:
            return problem(428, _("Send the version you read (its ETag) in If-Match."))
        if not form.is_valid():
            return problem(400, errors=form.errors)
        actions.make(actor=request.actor, case=case, code=code, form=form)
        case = _after_move(actions, request.actor, case)
        return json_response(case_json(out, case), headers={"ETag": etag(case)})

    attachment_routes(router, actions=actions, out=out, name=name, move=_move)


def attachment_routes(
    router: Router, *, actions: CaseActions, out: type[Schema], name: str, move
) -> None:
    """The case's documents over the API (issue 21): list them, fetch one, attach more with
    the page's attach move (multipart/form-data, the field `files`, once or many times).
    Nothing for a case type without an attach move."""
    if "attach" not in actions.forms:
        return
    workflow = actions.workflow

    @router.get(
        "/{int:case_id}/attachments",
        response=list[AttachmentOut],
        operation_id=f"{name}_attachments",
        summary=gettext_lazy("The case's attachments"),
        description=gettext_lazy(
            "Name, type and size of each document, for those who may see the attachments "
            "(an empty list for anybody else who sees the case)."
        ),
    )
    def case_attachments(request, case_id: RowId):
        case = actions.case_for(request.actor, case_id)
        return list(attachments_of(actor=request.actor, case=case))

    @router.get(
        "/{int:case_id}/attachments/{int:attachment_id}",
        response={200: None},
        operation_id=f"{name}_attachment",
        summary=gettext_lazy("Fetch one attachment"),
        description=gettext_lazy(
            "The document itself, always as a download. The read goes into the read log "
            "(channel API)."
        ),
    )
    def case_attachment(request, case_id: RowId, attachment_id: RowId):
        actions.case_for(request.actor, case_id)  # a stranger gets 404
        attachment = attachment_open(
            actor=request.actor, pk=attachment_id, channel="api", detail=channel_detail(request)
        )
        if attachment.object_id != case_id:
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.mime_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @router.post(
        "/{int:case_id}/attachments",
        response={200: out},
        operation_id=f"{name}_attach",
        summary=gettext_lazy("Attach documents"),
        description=gettext_lazy(
            "The attach move of the case engine, as on the page: send the files as "
            "`multipart/form-data` in the field `files` (PDF, images, office documents; the "
            "type is read from the content). A file the case holds already is not attached "
            "twice. Answers with the case."
        ),
    )
    def case_attach(request, case_id: RowId, files: File[list[UploadedFile]]):
        case = actions.case_for(request.actor, case_id)
        workflow.permit(actor=request.actor, case=case, code="attach")
        return once(request, lambda: move(request, case, "attach", {}, files=request.FILES))


def _form_value(value):
    """JSON as a form reads it: lists stay lists, null is empty, the rest as text."""
    if isinstance(value, list):
        return [_form_value(v) for v in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value) if not isinstance(value, str) else value
