"""The county's follow-up data, kept by the county administrator in the app (issue 20 item 6,
issue 23 item 4): the indicators the dashboard and the annual report follow, and the date by
which the areas submit their yearly reflection. One page lists both; one form adds or changes
an indicator, one a deadline. Nothing is deleted: an indicator no longer followed is hidden."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.core.access import grant_for
from samsyn.core.forms import (
    form_status,
    posted,
    service_errors_to_form,
)
from samsyn.followup import forms, services
from samsyn.followup.models import Indicator, ReflectionDeadline


def _county_id(request) -> int:
    """The one county whose follow-up the administrator keeps (a person who keeps several
    counties' registries, a rare operator, uses one account per county)."""
    county_ids = grant_for(request.actor, services.KEEP_FOLLOWUP).county_ids
    if len(county_ids) != 1:
        raise PermissionDenied
    return next(iter(county_ids))


def settings_page(request):
    """The county's indicators (shown ones first) and the reflection deadlines, newest first."""
    county_id = _county_id(request)
    indicators = (
        Indicator.objects.filter(county_id=county_id)
        .select_related("sub_region", "area", "category")
        .order_by("-is_active", "order", "name")
    )
    deadlines = ReflectionDeadline.objects.filter(county_id=county_id).order_by("-year")
    return render(
        request,
        "followup/settings.html",
        {"indicators": indicators, "deadlines": deadlines},
    )


def deadline_edit(request, pk=None):
    """Add the deadline of a year (no pk) or change one."""
    county_id = _county_id(request)
    if pk is not None:
        deadline = get_object_or_404(ReflectionDeadline, county_id=county_id, pk=pk)
        initial = {"year": deadline.year, "due_on": deadline.due_on}
    else:
        deadline, initial = ReflectionDeadline(county_id=county_id), {}
    form = forms.DeadlineForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_deadline_save(
                actor=request.actor, deadline=deadline, **form.cleaned_data
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
            if deadline.pk:
                deadline.refresh_from_db()
        else:
            messages.success(
                request,
                _("The areas submit their reflection on %(year)s by %(date)s.")
                % {"year": deadline.year, "date": deadline.due_on.isoformat()},
            )
            return redirect(f"{reverse('followup:settings')}#deadlines")
    context = {"form": form, "deadline": deadline}
    return render(request, "followup/deadline_edit.html", context, status=form_status(form))


def indicator_edit(request, pk=None):
    """Add an indicator (no pk) or change one."""
    county_id = _county_id(request)
    if pk is not None:
        indicator = get_object_or_404(Indicator, county_id=county_id, pk=pk)
        initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS}
    else:
        indicator, initial = Indicator(county_id=county_id), {}
    form = forms.IndicatorForm(posted(request), initial=initial, county_id=county_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(
                actor=request.actor, indicator=indicator, data=form.cleaned_data
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
            if indicator.pk:
                indicator.refresh_from_db()
        else:
            messages.success(
                request, _("The indicator “%(name)s” is saved.") % {"name": indicator.name}
            )
            return redirect(f"{reverse('followup:settings')}#indicators")
    context = {"form": form, "indicator": indicator}
    return render(request, "followup/indicator_edit.html", context, status=form_status(form))
