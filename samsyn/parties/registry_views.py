"""The county's registry, kept by the county administrator in the app (issue 23 item 4): the
care providers (listed by principal; one form adds a provider or changes its name, type and
whether it is active) and the cooperation areas (one form adds an area or changes its name
and member municipalities), the same way as the classification's values
(deviations/guidance_views.py). Nothing is deleted here."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.access import can, grant_for
from samsyn.core.forms import StyledFormMixin, form_status, posted, service_errors_to_form
from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import CareProvider, CooperationArea, County, Party
from samsyn.parties.services import (
    KEEP_REGISTRY,
    area_save,
    county_forum_rename,
    provider_add,
    provider_change,
)


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
    # The region first, then the municipalities by name.
    parties = _parties(request.actor).prefetch_related("providers").order_by("-kind", "name")
    areas = CooperationArea.objects.filter(
        county__in=_parties(request.actor).values("county")
    ).prefetch_related("members")
    counties = County.objects.filter(pk__in=_parties(request.actor).values("county"))
    context = {"parties": parties, "areas": areas, "counties": counties}
    return render(request, "parties/providers.html", context)


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


class AreaForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100, validators=[no_personal_identity_number]
    )
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Member municipalities"),
        queryset=Party.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Cases already reported keep the area they were reported in; new cases follow "
            "the new membership."
        ),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = municipalities


def area_edit(request, area_id=None):
    """Add a cooperation area of the county (no id) or change its name and members."""
    _allowed(request)
    counties = set(_parties(request.actor).values_list("county_id", flat=True))
    if area_id is not None:
        area = get_object_or_404(CooperationArea.objects.filter(county__in=counties), pk=area_id)
    elif len(counties) == 1:
        area = CooperationArea(county_id=counties.pop())
    else:
        raise PermissionDenied  # a superuser of several counties adds areas in the admin
    municipalities = Party.objects.filter(
        county_id=area.county_id, kind=Party.Kind.MUNICIPALITY
    ).order_by("name")
    initial = {"name": area.name, "members": area.members.all()} if area.pk else {}
    form = AreaForm(posted(request), initial=initial, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            area_save(actor=request.actor, area=area, **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
            if area.pk:
                area.refresh_from_db()
        else:
            messages.success(
                request, _("The cooperation area {name} is saved.").format(name=area.name)
            )
            return redirect(f"{reverse('parties:providers')}#areas")
    context = {"form": form, "area": area}
    return render(request, "parties/area_edit.html", context, status=form_status(form))


class ForumForm(StyledFormMixin, forms.Form):
    patient_safety_forum = forms.CharField(
        label=gettext_lazy("Name of the county's patient-safety forum"),
        max_length=150,
        validators=[no_personal_identity_number],
        help_text=gettext_lazy(
            "Where a case lifted to the county level lands; its members are the county "
            "coordinators. Shown on the cases and in the annual report."
        ),
    )


def forum_edit(request, county_id):
    """Name the county's patient-safety forum."""
    _allowed(request)
    counties = County.objects.filter(pk__in=_parties(request.actor).values("county"))
    county = get_object_or_404(counties, pk=county_id)
    form = ForumForm(posted(request), initial={"patient_safety_forum": county.patient_safety_forum})
    if request.method == "POST" and form.is_valid():
        try:
            county_forum_rename(
                actor=request.actor, county=county, name=form.cleaned_data["patient_safety_forum"]
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
            county.refresh_from_db()
        else:
            messages.success(request, _("The name of the patient-safety forum is saved."))
            return redirect(f"{reverse('parties:providers')}#forum")
    context = {"form": form, "county": county}
    return render(request, "parties/forum_edit.html", context, status=form_status(form))
