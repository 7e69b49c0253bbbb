"""Pages for systemic issues (issue 19 item 5): thin; the rules are in services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from samsyn.core.access import can
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.disagreements.selectors import disagreements_visible_to
from samsyn.systemic import services
from samsyn.systemic.forms import LiftForm, SystemicIssueForm
from samsyn.systemic.selectors import systemic_issue_get_for, systemic_issues_visible_to


@require_GET
def issue_list(request):
    if not can(request.actor, "systemic.view"):
        raise PermissionDenied
    return render(
        request,
        "systemic/list.html",
        {
            "issues": systemic_issues_visible_to(request.actor).prefetch_related("deviations"),
            "can_manage": can(request.actor, "systemic.manage"),
        },
    )


def _initial(issue) -> dict:
    return {name: getattr(issue, name) for name in services.EDITABLE} | {
        "deviations": list(issue.deviations.all())
    }


@require_http_methods(["GET", "POST"])
def issue_edit(request, pk=None):
    """Create (no pk) or change a systemic issue; errors come back on the fields."""
    actor = request.actor
    issue = systemic_issue_get_for(actor, pk) if pk else None
    if not can(actor, "systemic.manage", issue):  # issue None: anywhere at all
        raise PermissionDenied
    form = SystemicIssueForm(
        posted(request), actor=actor, initial=_initial(issue) if issue else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.systemic_issue_save(
                actor=actor, data=form.data_for_service(), issue=issue
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("The systemic issue is saved."))
            return redirect(saved)
    return render(
        request, "systemic/form.html", {"form": form, "issue": issue}, status=form_status(form)
    )


def _detail(request, issue, lift_form=None, status=200):
    actor = request.actor
    may_lift = not issue.disagreement_id and can(actor, "disagreements.handle", issue)
    return render(
        request,
        "systemic/detail.html",
        {
            "issue": issue,
            "cases": issue.deviations.select_related("reporting_provider", "counterpart_provider"),
            "can_manage": can(actor, "systemic.manage", issue),
            "lift_form": lift_form or (LiftForm(actor=actor, issue=issue) if may_lift else None),
        },
        status=status,
    )


@require_GET
def issue_detail(request, pk):
    return _detail(request, systemic_issue_get_for(request.actor, pk))


@require_http_methods(["POST"])
def issue_lift(request, pk):
    """Lift the issue to the ladder as one disagreement (the parties' managers)."""
    actor = request.actor
    issue = systemic_issue_get_for(actor, pk)
    if not can(actor, "disagreements.handle", issue):
        raise PermissionDenied
    if (
        issue.disagreement_id
        and disagreements_visible_to(actor).filter(pk=issue.disagreement_id).exists()
    ):
        # Lifted already (the form sent twice, or another manager was first): its disagreement.
        messages.info(request, services.ALREADY_LIFTED)
        return redirect(issue.disagreement)
    form = LiftForm(request.POST, actor=actor, issue=issue)
    if form.is_valid():
        try:
            disagreement = services.systemic_issue_lift(
                actor=actor, issue=issue, **form.cleaned_data
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("The systemic issue is lifted to the ladder."))
            return redirect(disagreement)
    return _detail(request, issue, lift_form=form, status=form_status(form) if form.errors else 400)


def systemic_issues_for_deviation(request, deviation) -> str:
    """The case page's box: the systemic issues the case is a member of (that the reader sees)."""
    issues = systemic_issues_visible_to(request.actor).filter(deviations=deviation)
    if not issues:
        return ""
    return render_to_string("systemic/_for_deviation.html", {"issues": issues}, request=request)
