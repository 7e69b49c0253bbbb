"""The follow-up pages: the choice of a pair or an area, and its figures (issue 19 item 6); the
county's annual report as a page, a PDF and a workbook (issue 20)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from samsyn.core.access import can
from samsyn.core.exports import XLSX_CONTENT_TYPE
from samsyn.followup import report_files
from samsyn.followup.report import county_report_for
from samsyn.followup.selectors import (
    PERMISSION,
    PairScope,
    area_scope,
    pair_figures_for,
    pair_scope,
    pairs_visible_to,
)
from samsyn.parties.models import CooperationArea, Party


def pairs(request):
    if not can(request.actor, PERMISSION):
        raise PermissionDenied
    municipalities, areas = pairs_visible_to(request.actor)
    return render(
        request, "followup/pairs.html", {"municipalities": municipalities, "areas": areas}
    )


def pair(request, code: str):
    municipality = get_object_or_404(Party, code=code, kind=Party.Kind.MUNICIPALITY)
    return _figures_page(request, pair_scope(municipality=municipality))


def area(request, pk: int):
    return _figures_page(request, area_scope(area=get_object_or_404(CooperationArea, pk=pk)))


def report_latest(request):
    """The report of the last full year."""
    return redirect("followup:report", timezone.localdate().year - 1)


def report(request, year: int):
    figures = county_report_for(request.actor, year)
    return render(request, "followup/report.html", {"report": figures})


def report_pdf(request, year: int):
    pdf = report_files.report_pdf(county_report_for(request.actor, year))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="avvikelser-i-samverkan-{year}.pdf"'
    return response


def report_xlsx(request, year: int):
    workbook = report_files.report_xlsx(county_report_for(request.actor, year))
    response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="avvikelser-i-samverkan-{year}.xlsx"'
    return response


def _figures_page(request, scope: PairScope):
    figures = pair_figures_for(request.actor, scope)
    return render(request, "followup/pair.html", {"figures": figures, "scope": scope})
