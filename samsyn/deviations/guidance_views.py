"""The classification's definitions and examples, kept by county administrators in the app
(issue 19 item 3): one page lists every value, one form changes a value's help text."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.access import can
from samsyn.core.forms import StyledFormMixin, form_status, posted, service_errors_to_form
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations import services
from samsyn.deviations.models import Category, Cause, OrganisationConsequence, PatientConsequence

# The kinds of value, by the Swedish address segment users see.
KINDS = {
    "kategori": (Category, gettext_lazy("Categories")),
    "orsak": (Cause, gettext_lazy("Causes")),
    "patientkonsekvens": (PatientConsequence, gettext_lazy("Consequences for the patient")),
    "organisationskonsekvens": (
        OrganisationConsequence,
        gettext_lazy("Consequences for the organisation"),
    ),
}


class GuidanceForm(StyledFormMixin, forms.Form):
    description = forms.CharField(
        label=gettext_lazy("Definition"),
        max_length=400,
        required=False,
        validators=[no_personal_identity_number],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the value means, in one or two sentences."),
    )
    examples = forms.CharField(
        label=gettext_lazy("Examples"),
        required=False,
        validators=[no_personal_identity_number],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One or two short examples, one per line. No patient details."),
    )


def _allowed(request) -> None:
    if not can(request.actor, "classification.edit"):
        raise PermissionDenied


def guidance_list(request):
    """Every value of the classification with its definition and examples."""
    _allowed(request)
    kinds = [
        {"slug": slug, "title": title, "values": model.objects.all()}
        for slug, (model, title) in KINDS.items()
    ]
    return render(request, "deviations/guidance_list.html", {"kinds": kinds})


def guidance_edit(request, kind, pk):
    _allowed(request)
    if kind not in KINDS:
        raise Http404
    value = get_object_or_404(KINDS[kind][0], pk=pk)
    initial = {"description": value.description, "examples": value.examples}
    form = GuidanceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.classification_guidance_update(
                actor=request.actor, value=value, **form.cleaned_data
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(
                request, _("The help text for “%(name)s” is saved.") % {"name": value.name}
            )
            return redirect("deviations:guidance")
    context = {"form": form, "value": value, "kind_title": KINDS[kind][1]}
    return render(request, "deviations/guidance_edit.html", context, status=form_status(form))
