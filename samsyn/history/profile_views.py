"""The import profiles, kept by the county administrator in the app (issue 21 item 5, issue 23
item 4): one page per old system with its name, which of its columns holds each column of
the layout, and what its words mean in Samsyn."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samsyn.core.access import grant_for
from samsyn.core.forms import StyledFormMixin, form_status, posted, service_errors_to_form
from samsyn.core.privacy import no_personal_identity_number
from samsyn.history import services
from samsyn.history.layout import COLUMNS
from samsyn.history.models import ImportProfile, ValueMapping
from samsyn.history.selectors import PERMISSION, import_profiles_for


def _county_id(request) -> int:
    county_ids = grant_for(request.actor, PERMISSION).county_ids
    if len(county_ids) != 1:
        raise PermissionDenied
    return next(iter(county_ids))


def _profile(request, pk) -> ImportProfile:
    _county_id(request)
    return get_object_or_404(import_profiles_for(request.actor), pk=pk)


class ProfileForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Source system"),
        max_length=60,
        validators=[no_personal_identity_number],
        help_text=gettext_lazy("Shown on every imported case, e.g. “MedControl PRO”."),
    )


class ColumnsForm(StyledFormMixin, forms.Form):
    """One field per column of the layout: the old system's header for it, if it differs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in COLUMNS:
            self.fields[column.key] = forms.CharField(
                label=column.header,
                max_length=120,
                required=False,
                validators=[no_personal_identity_number],
                help_text=_("Required in the file.") if column.required else "",
            )
        self.style_fields()


class ValueForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of value"), choices=ValueMapping.Kind.choices)
    source_value = forms.CharField(
        label=gettext_lazy("The old system's value"),
        max_length=200,
        validators=[no_personal_identity_number],
    )
    target = forms.CharField(
        label=gettext_lazy("Samsyn's value"),
        max_length=200,
        required=False,
        validators=[no_personal_identity_number],
        help_text=gettext_lazy(
            "The name in Samsyn (the short code of a document). Empty: the value means “not "
            "recorded”. A value already mapped gets the new meaning."
        ),
    )


def profile_create(request):
    """Add an import profile: the old system's name."""
    profile = ImportProfile(county_id=_county_id(request))
    form = ProfileForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.import_profile_save(actor=request.actor, profile=profile, **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("The profile “{name}” is added.").format(name=profile.name))
            return redirect("history:profile", pk=profile.pk)
    context = {"form": form}
    return render(request, "history/profile_create.html", context, status=form_status(form))


def profile(request, pk: int):
    """A profile's name, column mapping and value mapping; each form posts here with its
    `form` name and the page shows again with that form's errors."""
    profile = _profile(request, pk)
    which = request.POST.get("form") if request.method == "POST" else None
    name_form = ProfileForm(
        request.POST if which == "name" else None, initial={"name": profile.name}
    )
    columns_form = ColumnsForm(
        request.POST if which == "columns" else None,
        initial={m.field: m.column for m in profile.columns.all()},
    )
    value_form = ValueForm(request.POST if which == "value" else None)
    saved = None
    if which == "name" and name_form.is_valid():
        saved = _save(name_form, services.import_profile_save, profile=profile, request=request)
    elif which == "columns" and columns_form.is_valid():
        saved = _save(
            columns_form,
            services.import_profile_columns_save,
            profile=profile,
            request=request,
            columns=columns_form.cleaned_data,
        )
    elif which == "value" and value_form.is_valid():
        saved = _save(value_form, services.value_mapping_save, profile=profile, request=request)
    elif request.method == "POST" and which not in ("name", "columns", "value"):
        name_form = ProfileForm(request.POST)  # a post without a known form shows as an error
        name_form.add_error(None, _("The page was sent without a form; try again."))
    if saved:
        messages.success(request, saved)
        return redirect(reverse("history:profile", args=[profile.pk]) + f"#{which}-title")
    profile.refresh_from_db()
    context = {
        "profile": profile,
        "name_form": name_form,
        "columns_form": columns_form,
        "value_form": value_form,
        "values": profile.values.all(),
    }
    status = form_status(name_form, columns_form, value_form)
    return render(request, "history/profile.html", context, status=status)


def _save(form, service, *, profile, request, **data) -> str | None:
    """Run the service with the form's data; its refusals go onto the form."""
    try:
        service(actor=request.actor, profile=profile, **(data or form.cleaned_data))
    except ValidationError as exc:
        service_errors_to_form(form, exc)
        return None
    return _("The profile “{name}” is saved.").format(name=profile.name)


@require_POST
def value_remove(request, pk: int, value_id: int):
    profile = _profile(request, pk)
    mapping = get_object_or_404(profile.values, pk=value_id)
    services.value_mapping_remove(actor=request.actor, mapping=mapping)
    messages.success(
        request, _("The mapping of “{value}” is removed.").format(value=mapping.source_value)
    )
    return redirect(reverse("history:profile", args=[profile.pk]) + "#value-title")
