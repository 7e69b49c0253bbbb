"""Review pages for county administrators: the read log (with CSV export) and the audit trail."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import action_label, data_rows_many, object_names, object_type_label
from samsyn.audit.forms import ReadLogFilterForm, TrailFilterForm
from samsyn.audit.models import AuditEvent, ReadEvent
from samsyn.audit.selectors import (
    READ_LOG_ORDERING,
    REVIEW_PERMISSION,
    TRAIL_ORDERING,
    audit_events_for_review,
    read_events_for_review,
)
from samsyn.audit.services import audit_record, log_safe
from samsyn.core.access import can
from samsyn.core.exports import csv_response
from samsyn.core.forms import form_status
from samsyn.core.keyset import (
    CURSOR_PARAM,
    keyset_page,
    legacy_page_redirect,
    query_without_position,
)

PAGE_SIZE = 50
FILTER_INVALID = _("The filter is not valid; correct it on the Read log page and export again.")


def _require_review(request):
    if not can(request.actor, REVIEW_PERMISSION):
        raise PermissionDenied


def _filtered(request, form_class, selector):
    """The form and the rows it selects; a form with errors selects nothing rather than all."""
    form = form_class(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, {}, None
    filters = form.filters()
    return form, filters, selector(actor=request.actor, **filters)


def _keyset(request, qs, ordering):
    """A keyset page of the rows, newest first, or the redirect from an old `?sida=` link: the
    thousandth page of a county's log costs what the first does, and the total is counted
    only up to "more than 1,000"."""
    moved = legacy_page_redirect(request, qs, ordering=ordering, size=PAGE_SIZE)
    if moved:
        return None, moved
    page = keyset_page(qs, ordering=ordering, cursor=request.GET.get(CURSOR_PARAM), size=PAGE_SIZE)
    return page, None


def _rows(page, *, with_data: bool = False) -> list[dict]:
    """Each event with its object named (what it is called, not its id) and, for the trail,
    its data as labelled rows."""
    names = object_names((e.object_type, e.object_id) for e in page)
    data = data_rows_many((e.data, e.object_type) for e in page) if with_data else None
    rows = []
    for i, e in enumerate(page):
        row = {
            "event": e,
            "type_label": object_type_label(e.object_type),
            "object_name": names.get((e.object_type, e.object_id), ""),
        }
        if data is not None:
            row["data"] = data[i]
        rows.append(row)
    return rows


def read_log(request):
    """The read log review that patient data law asks for: keyset pages, newest first, so the
    tenth page of a county's log costs what the first does."""
    _require_review(request)
    form, _filters, events = _filtered(request, ReadLogFilterForm, read_events_for_review)
    if events is None:
        events = ReadEvent.objects.none()
    page, moved = _keyset(request, events, READ_LOG_ORDERING)
    if moved:
        return moved
    return render(
        request,
        "audit/read_log.html",
        {
            "form": form,
            "page": page,
            "query": query_without_position(request),
            "rows": _rows(page),
        },
        status=form_status(form),
    )


def read_log_csv(request):
    """The filtered read log as CSV, for the review record; the export itself is logged."""
    _require_review(request)
    form, filters, events = _filtered(request, ReadLogFilterForm, read_events_for_review)
    if events is None:
        return HttpResponseBadRequest(FILTER_INVALID, content_type="text/plain; charset=utf-8")
    audit_record(
        actor=request.actor, action="audit.read_log.exported", data={"filters": log_safe(filters)}
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = (
        [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.username,
            e.provider_name,
            e.channel,
            e.object_type,
            e.object_id,
            e.detail,
        ]
        for e in events.iterator(chunk_size=2000)
    )
    return csv_response(
        header=[
            gettext("time"),
            gettext("user"),
            gettext("care provider"),
            gettext("channel"),
            gettext("object type"),
            gettext("object id"),
            gettext("detail"),
        ],
        rows=rows,
        filename=f"laslogg-{stamp}.csv",
    )


def trail(request):
    """The audit trail: who changed what, searchable by object, action, user and period."""
    _require_review(request)
    form, _filters, events = _filtered(request, TrailFilterForm, audit_events_for_review)
    if events is None:
        events = AuditEvent.objects.none()
    page, moved = _keyset(request, events, TRAIL_ORDERING)
    if moved:
        return moved
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "page": page,
            "query": query_without_position(request),
            "rows": [
                {**row, "label": action_label(row["event"].action)}
                for row in _rows(page, with_data=True)
            ],
        },
        status=form_status(form),
    )
