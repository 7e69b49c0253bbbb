"""The mapping table on an in-app page: administrators say which assignment (an HSA
medarbetaruppdrag, an Entra app role) gives which role at their care providers; only roles
they may give by hand (parties.selectors.roles_grantable_by)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samsyn.core.access import can
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.identity.forms import MappingForm
from samsyn.identity.models import ClaimMapping
from samsyn.identity.services import claim_mapping_add, claim_mapping_remove
from samsyn.parties.selectors import MANAGE_PEOPLE, providers_managed_by


def _mappings_visible(actor):
    return ClaimMapping.objects.filter(care_provider__in=providers_managed_by(actor))


def _require_administrator(request):
    if not (request.user.is_superuser or can(request.actor, MANAGE_PEOPLE)):
        raise PermissionDenied


def mappings(request):
    _require_administrator(request)
    form = MappingForm(posted(request), actor=request.actor)
    if request.method == "POST" and form.is_valid():
        try:
            claim_mapping_add(actor=request.actor, **form.mapping_kwargs())
        except ValidationError as error:
            service_errors_to_form(form, error)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The assignment gives the role from the next sign-in."))
            return redirect("identity_mappings")
    rows = _mappings_visible(request.actor).select_related("provider", "care_provider", "unit")
    return render(
        request,
        "identity/mappings.html",
        {"mappings": rows.order_by("provider__name", "value"), "form": form},
        status=form_status(form),
    )


@require_POST
def mapping_remove(request, mapping_id):
    _require_administrator(request)
    mapping = get_object_or_404(_mappings_visible(request.actor), pk=mapping_id)
    try:
        claim_mapping_remove(actor=request.actor, mapping=mapping)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The mapping is removed."))
    return redirect("identity_mappings")
