"""Review pages for county administrators: the read log (with CSV export) and the audit trail."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from samsyn.audit.display import action_label, data_rows, object_type_label
from samsyn.audit.forms import ReadLogFilterForm, TrailFilterForm
from samsyn.audit.selectors import (
    REVIEW_PERMISSION,
    audit_events_for_review,
    read_events_for_review,
)
from samsyn.audit.services import audit_record
from samsyn.core.access import can
from samsyn.core.exports import csv_response

PAGE_SIZE = 50
FILTER_INVALID = "Filtret är felaktigt; rätta det på sidan Läslogg och exportera igen."


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


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return page, query.urlencode()


def read_log(request):
    """The read log review that patient data law asks for (issue 8)."""
    _require_review(request)
    form, _filters, events = _filtered(request, ReadLogFilterForm, read_events_for_review)
    page, query = _page(request, events if events is not None else [])
    return render(
        request,
        "audit/read_log.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "rows": [{"event": e, "type_label": object_type_label(e.object_type)} for e in page],
        },
    )


def read_log_csv(request):
    """The filtered read log as CSV, for the review record; the export itself is logged."""
    _require_review(request)
    form, filters, events = _filtered(request, ReadLogFilterForm, read_events_for_review)
    if events is None:
        return HttpResponseBadRequest(FILTER_INVALID, content_type="text/plain; charset=utf-8")
    audit_record(actor=request.actor, action="audit.read_log.exported", data={"filters": filters})
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
        header=["tidpunkt", "användare", "vårdgivare", "kanal", "objekttyp", "objekt-id", "detalj"],
        rows=rows,
        filename=f"laslogg-{stamp}.csv",
    )


def trail(request):
    """The audit trail: who changed what, searchable by object, action, user and period."""
    _require_review(request)
    form, _filters, events = _filtered(request, TrailFilterForm, audit_events_for_review)
    page, query = _page(request, events if events is not None else [])
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "rows": [
                {
                    "event": e,
                    "label": action_label(e.action),
                    "type_label": object_type_label(e.object_type),
                    "data": data_rows(e.data),
                }
                for e in page
            ],
        },
    )
