"""The county administrator's page of history: check a file (dry run), import it whole,
see how far the import has come, export the county's closed cases in the same layout."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from samsyn.core.access import can
from samsyn.core.forms import FORM_ERRORS_STATUS
from samsyn.history.exports import history_export_response
from samsyn.history.forms import ExportForm, ImportForm
from samsyn.history.layout import COLUMNS
from samsyn.history.selectors import PERMISSION, import_profiles_for, import_runs_for
from samsyn.history.services import (
    ImportReport,
    import_run_check,
    import_run_import,
    import_run_progress,
)

RECENT_RUNS = 20


def _allowed(request) -> None:
    if not can(request.actor, PERMISSION):
        raise PermissionDenied


def _page(request, *, form, export_form, status=200):
    return render(
        request,
        "history/import.html",
        {
            "form": form,
            "export_form": export_form,
            "profiles": import_profiles_for(request.actor),
            "runs": import_runs_for(request.actor)[:RECENT_RUNS],
            "columns": COLUMNS,
        },
        status=status,
    )


def import_page(request):
    _allowed(request)
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        profiles=import_profiles_for(request.actor),
    )
    if posted and form.is_valid():
        run = import_run_check(
            actor=request.actor,
            profile=form.cleaned_data["profile"],
            upload=form.cleaned_data["file"],
        )
        return redirect("history:run", pk=run.pk)
    status = FORM_ERRORS_STATUS if form.errors else 200
    return _page(request, form=form, export_form=ExportForm(), status=status)


def run_page(request, pk: int):
    _allowed(request)
    run = get_object_or_404(import_runs_for(request.actor), pk=pk)
    return render(
        request,
        "history/run.html",
        {"run": run, "report": ImportReport.from_json(run.report)},
    )


@require_POST
def run_import(request, pk: int):
    _allowed(request)
    run = get_object_or_404(import_runs_for(request.actor), pk=pk)
    try:
        run = import_run_import(actor=request.actor, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        report = ImportReport.from_json(run.report)
        if report.imported:
            messages.success(
                request,
                gettext("{n} cases imported; {d} were there already.").format(
                    n=report.new, d=report.duplicates
                ),
            )
        else:
            messages.error(request, gettext("Nothing was imported: see the wrong rows below."))
    return redirect("history:run", pk=run.pk)


def run_progress(request, pk: int):
    _allowed(request)
    run = get_object_or_404(import_runs_for(request.actor), pk=pk)
    return JsonResponse(import_run_progress(run))


def export(request):
    _allowed(request)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _page(
            request,
            form=ImportForm(profiles=import_profiles_for(request.actor)),
            export_form=form,
            status=FORM_ERRORS_STATUS,
        )
    return history_export_response(
        actor=request.actor,
        year=form.cleaned_data["year"],
        excel=form.cleaned_data["format"] == "xlsx",
    )
