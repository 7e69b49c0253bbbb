"""The county's care providers, kept by the county administrator in the app (issue 23 item 4):
one page lists them by principal, one form adds a provider or changes one (its name, type and
whether it is active), the same way as the classification's values
(deviations/guidance_views.py). Nothing is deleted here."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.access import can, grant_for
from samsyn.core.forms import StyledFormMixin, form_status, posted, service_errors_to_form
from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import CareProvider, Party
from samsyn.parties.services import KEEP_REGISTRY, provider_add, provider_change


class ProviderForm(StyledFormMixin, forms.Form):
    party = forms.ModelChoiceField(label=gettext_lazy("Principal"), queryset=Party.objects.none())
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=150, validators=[no_personal_identity_number]
    )
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=CareProvider.Kind.choices)
    is_active = forms.BooleanField(
        label=gettext_lazy("Active"),
        required=False,
        help_text=gettext_lazy(
            "An inactive care provider is no longer offered as a counterpart; its cases, "
            "people and units keep it."
        ),
    )

    def __init__(self, *args, parties, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        if provider is None:
            self.fields["party"].queryset = parties
            del self.fields["is_active"]
        else:
            del self.fields["party"]  # a provider's principal stays (its cases' history)


def _parties(actor):
    if actor.user.is_superuser:
        return Party.objects.all()
    return Party.objects.filter(county_id__in=grant_for(actor, KEEP_REGISTRY).county_ids)


def _allowed(request) -> None:
    if not (request.user.is_superuser or can(request.actor, KEEP_REGISTRY)):
        raise PermissionDenied


def providers(request):
    """The county's care providers by principal, inactive ones marked."""
    _allowed(request)
    parties = _parties(request.actor).prefetch_related("providers").order_by("kind", "name")
    return render(request, "parties/providers.html", {"parties": parties})


def provider_edit(request, provider_id=None):
    """Add a care provider (no id) or change one."""
    _allowed(request)
    parties = _parties(request.actor)
    provider = (
        get_object_or_404(CareProvider.objects.filter(party__in=parties), pk=provider_id)
        if provider_id is not None
        else None
    )
    initial = (
        {"name": provider.name, "kind": provider.kind, "is_active": provider.is_active}
        if provider
        else {}
    )
    form = ProviderForm(posted(request), initial=initial, parties=parties, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            if provider is None:
                provider = provider_add(actor=request.actor, **form.cleaned_data)
                done = _("The care provider {name} is added.")
            else:
                provider_change(actor=request.actor, provider=provider, data=form.cleaned_data)
                done = _("The care provider {name} is saved.")
        except ValidationError as exc:
            service_errors_to_form(form, exc)
            if provider is not None:
                provider.refresh_from_db()
        else:
            messages.success(request, done.format(name=provider.name))
            return redirect("parties:providers")
    context = {"form": form, "provider": provider}
    return render(request, "parties/provider_edit.html", context, status=form_status(form))
