"""The follow-up pages: the choice of a pair or an area, and its figures (issue 19 item 6); the
county's annual report as a page, a PDF and a workbook (issue 20)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from samsyn.core.access import can
from samsyn.core.exports import XLSX_CONTENT_TYPE
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.followup import report_files, services
from samsyn.followup.dashboard import dashboard as dashboard_figures
from samsyn.followup.dashboard import dashboard_years
from samsyn.followup.forms import CompilationFilterForm, DashboardFilterForm, ReflectionForm
from samsyn.followup.models import AreaReflection
from samsyn.followup.provider import (
    COMPILATION_PERMISSION,
    compilation_providers_for,
    provider_compilation_for,
)
from samsyn.followup.reflections import reflection_areas_for, reflection_deadline
from samsyn.followup.report import (
    FIRST_YEAR,
    REPORT_PERMISSION,
    county_report_for,
    report_county_for,
)
from samsyn.followup.selectors import (
    PERMISSION,
    PairScope,
    area_scope,
    pair_figures_for,
    pair_scope,
    pairs_visible_to,
    sub_region_scope,
    sub_regions_visible_to,
)
from samsyn.parties.models import CareProvider, CooperationArea, Party, SubRegion


@require_GET
def index(request):
    """/uppfoljning/: the dashboard for those who read the county's report, the choice of a
    pair or an area for everyone else who follows up."""
    if can(request.actor, REPORT_PERMISSION):
        return _dashboard(request)
    return pairs(request)


def _dashboard(request):
    """The county's figures under the filter in the query string (issue 20 item 4); with
    `part=unit`, only the unit menu for the chosen care provider (htmx)."""
    county = report_county_for(request.actor)
    years = dashboard_years()
    if request.GET.get("part") == "unit":  # a new provider: its units, none chosen yet
        data = request.GET.copy()
        data.pop("unit", None)
        form = DashboardFilterForm(data, county=county, years=years)
        return render(request, "followup/_dashboard_unit.html", {"form": form})
    form = DashboardFilterForm(request.GET or None, county=county, years=years)
    filters = form.report_filter(default_year=years[0])
    context = {"form": form, "dash": dashboard_figures(request.actor, county, filters)}
    return render(request, "followup/dashboard.html", context, status=form_status(form))


def pairs(request):
    if not can(request.actor, PERMISSION):
        raise PermissionDenied
    municipalities, areas = pairs_visible_to(request.actor)
    context = {
        "municipalities": municipalities,
        "areas": areas,
        "sub_regions": sub_regions_visible_to(request.actor),
        "reflection_areas": reflection_areas_for(request.actor),
        "reflection_year": timezone.localdate().year - 1,
    }
    return render(request, "followup/pairs.html", context)


def pair(request, code: str):
    municipality = get_object_or_404(Party, code=code, kind=Party.Kind.MUNICIPALITY)
    return _figures_page(request, pair_scope(municipality=municipality))


def area(request, pk: int):
    return _figures_page(request, area_scope(area=get_object_or_404(CooperationArea, pk=pk)))


def sub_region(request, pk: int):
    return _figures_page(request, sub_region_scope(sub_region=get_object_or_404(SubRegion, pk=pk)))


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


def compilation_latest(request):
    """The actor's own provider's compilation of the last full year."""
    if not can(request.actor, COMPILATION_PERMISSION):
        raise PermissionDenied
    providers = compilation_providers_for(request.actor)
    if not providers:
        raise PermissionDenied
    return redirect("followup:compilation", providers[0].pk, timezone.localdate().year - 1)


def _compilation(request, pk: int, year: int):
    form = CompilationFilterForm(request.GET or None)
    start, end = form.days(year)
    provider = get_object_or_404(CareProvider, pk=pk)
    return form, provider_compilation_for(request.actor, provider, year, start=start, end=end)


@require_GET
def compilation(request, pk: int, year: int):
    form, figures = _compilation(request, pk, year)
    context = {
        "form": form,
        "c": figures,
        "providers": compilation_providers_for(request.actor),
        "query": request.GET.urlencode(),
    }
    return render(request, "followup/compilation.html", context, status=form_status(form))


@require_GET
def compilation_pdf(request, pk: int, year: int):
    _form, figures = _compilation(request, pk, year)
    response = HttpResponse(report_files.compilation_pdf(figures), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sammanstallning-{pk}-{year}.pdf"'
    return response


@require_GET
def compilation_xlsx(request, pk: int, year: int):
    _form, figures = _compilation(request, pk, year)
    response = HttpResponse(report_files.compilation_xlsx(figures), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="sammanstallning-{pk}-{year}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def reflection(request, year: int, pk: int):
    """An area's reflection on a year: written and changed by its sub-regional coordinators."""
    actor = request.actor
    if not can(actor, services.WRITE):
        raise PermissionDenied
    area = get_object_or_404(CooperationArea, pk=pk)
    if not FIRST_YEAR <= year <= timezone.localdate().year or not can(
        actor, services.WRITE, AreaReflection(area=area, year=year)
    ):
        raise Http404
    existing = AreaReflection.objects.filter(area=area, year=year).first()
    initial = {name: getattr(existing, name) for name in services.TEXTS} if existing else None
    form = ReflectionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_submit(actor=actor, area=area, year=year, texts=form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("The area's reflection is submitted."))
            return redirect("followup:reflection", year, area.pk)
    context = {
        "form": form,
        "area": area,
        "year": year,
        "existing": existing,
        "deadline": reflection_deadline(area.county, year),
    }
    return render(request, "followup/reflection.html", context, status=form_status(form))


def _figures_page(request, scope: PairScope):
    figures = pair_figures_for(request.actor, scope)
    return render(request, "followup/pair.html", {"figures": figures, "scope": scope})
