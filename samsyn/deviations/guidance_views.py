"""The classification's values, kept by county administrators in the app (issue 19 item 3,
issue 23 item 4): one page lists every value, one form adds a value or changes one (its
name, definition, examples and whether it can be chosen). Nothing is deleted here."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.access import can
from samsyn.core.forms import StyledFormMixin, form_status, posted, service_errors_to_form
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations import services
from samsyn.deviations.models import Category, Cause, OrganisationConsequence, PatientConsequence
from samsyn.deviations.services.guidance import classification_fields

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


def classification_kind_register(*, slug: str, model, title) -> None:
    """Another app's values kept on the same page (a model with `name` and `is_active`):
    called from that app's AppConfig.ready(), so this app names none of them."""
    KINDS[slug] = (model, title)


class ClassificationValueForm(StyledFormMixin, forms.Form):
    """A value's fields; those the kind does not have are left out."""

    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=120,
        validators=[no_personal_identity_number],
        help_text=gettext_lazy(
            "A new name shows on old cases too. To change what the value means, add a new "
            "value and retire this one."
        ),
    )
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
    severity = forms.IntegerField(
        label=gettext_lazy("Severity"),
        min_value=0,
        max_value=99,
        help_text=gettext_lazy("0 = none, higher = more serious."),
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Can be chosen on new reports"),
        required=False,
        help_text=gettext_lazy("A retired value still shows on the cases that use it."),
    )

    def __init__(self, *args, model, adding: bool, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(classification_fields(model)) - ({"is_active"} if adding else set())
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if adding:
            self.fields["name"].help_text = ""  # the warning about renaming is for old values


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


def guidance_edit(request, kind, pk=None):
    """Add a value of a kind (no pk) or change one."""
    _allowed(request)
    if kind not in KINDS:
        raise Http404
    model, kind_title = KINDS[kind]
    value = get_object_or_404(model, pk=pk) if pk is not None else None
    initial = {name: getattr(value, name) for name in classification_fields(model)} if value else {}
    form = ClassificationValueForm(
        posted(request), initial=initial, model=model, adding=value is None
    )
    if request.method == "POST" and form.is_valid():
        try:
            if value is None:
                value = services.classification_value_add(
                    actor=request.actor, model=model, data=form.cleaned_data
                )
                done = _("“%(name)s” is added and can be chosen.")
            else:
                services.classification_value_update(
                    actor=request.actor, value=value, data=form.cleaned_data
                )
                done = _("“%(name)s” is saved.")
        except ValidationError as exc:
            service_errors_to_form(form, exc)
            if value is not None:
                value.refresh_from_db()  # the page's heading keeps the saved name
        else:
            messages.success(request, done % {"name": value.name})
            return redirect(f"{reverse('deviations:guidance')}#kind-{kind}")
    context = {"form": form, "value": value, "kind_title": kind_title, "kind": kind}
    return render(request, "deviations/guidance_edit.html", context, status=form_status(form))
