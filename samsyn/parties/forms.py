"""Forms of the people administration pages (parties/people_views.py)."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import MACHINE_ROLES
from samsyn.core.forms import StyledFormMixin
from samsyn.core.privacy import no_personal_identity_number
from samsyn.identity.models import IdentityProvider
from samsyn.parties.models import CareUnit, Role
from samsyn.parties.selectors import providers_managed_by, roles_grantable_by

INVITE_NEEDS_A_WAY_IN = _(
    "Fill in the person's e-mail address, or choose an identity provider and fill in their id "
    "there (an HSA-id, say)."
)
ID_NEEDS_PROVIDER = _("Choose the identity provider where the person has this id.")


def grantable_role_choices(actor, providers) -> list[tuple[str, str]]:
    """The roles the actor may give at one provider at least (the service checks the pair)."""
    grantable: set[str] = set()
    for provider in providers[:50]:
        grantable.update(roles_grantable_by(actor, provider=provider))
        if len(grantable) == len(Role.values):
            break
    return [(value, label) for value, label in Role.choices if value in grantable]


class RoleForm(StyledFormMixin, forms.Form):
    """A role at a care provider (optionally at one of its units)."""

    provider = forms.ModelChoiceField(label=_("Care provider"), queryset=None)
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for the whole care provider."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        providers = providers_managed_by(actor).select_related("party").order_by("name")
        self.fields["provider"].queryset = providers
        self.fields["role"].choices = [("", "---------"), *grantable_role_choices(actor, providers)]
        self.fields["unit"].queryset = CareUnit.objects.filter(
            provider__in=providers
        ).select_related("provider")

    def role_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"provider": data["provider"], "role": data["role"], "unit": data["unit"]}


class InviteForm(RoleForm):
    first_name = forms.CharField(
        label=_("First name"), max_length=150, validators=[no_personal_identity_number]
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, validators=[no_personal_identity_number]
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("The person gets a link there to choose a password."),
    )
    identity_provider = forms.ModelChoiceField(
        label=_("Identity provider"),
        queryset=IdentityProvider.objects.none(),
        required=False,
        help_text=_("Where the person signs in: SITHS (Inera) or the municipality's account."),
    )
    subject = forms.CharField(
        label=_("HSA-id or id at the identity provider"),
        max_length=255,
        required=False,
        validators=[no_personal_identity_number],
        help_text=_("With an id the person signs in through the identity provider, no password."),
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "identity_provider",
        "subject",
        "provider",
        "role",
        "unit",
    ]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        # Only the identity providers that may vouch for the administrator's own principals.
        self.fields["identity_provider"].queryset = IdentityProvider.objects.filter(
            enabled=True, parties__in=providers_managed_by(actor).values("party_id")
        ).distinct()

    def clean(self):
        data = super().clean()
        subject = (data.get("subject") or "").strip()
        if subject and not data.get("identity_provider"):
            self.add_error("identity_provider", ID_NEEDS_PROVIDER)
        elif not subject and not data.get("email"):
            self.add_error(None, INVITE_NEEDS_A_WAY_IN)
        return data

    def username(self) -> str:
        """A free username from the e-mail address's local part, else from the name."""
        data = self.cleaned_data
        name = slugify(f"{data.get('first_name', '')} {data.get('last_name', '')}")
        base = (data.get("email") or "").split("@")[0] or name.replace("-", ".") or "person"
        base = re.sub(r"[^\w.@+-]", "-", base.lower())[:140] or "person"
        User = get_user_model()
        name, n = base, 1
        while User.objects.filter(username=name).exists():
            n += 1
            name = f"{base}-{n}"
        return name

    def invite_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            **self.role_kwargs(),
            "username": self.username(),
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data.get("email") or "",
            "identity_provider": data.get("identity_provider"),
            "subject": (data.get("subject") or "").strip(),
        }


class MachineAccountForm(RoleForm):
    """A care provider's own system (issue 21): its name, and the one role it holds there."""

    name = forms.CharField(
        label=_("Name of the system"),
        max_length=100,
        validators=[no_personal_identity_number],
        help_text=_("E.g. “The region's incident system” or “The municipality's care records”."),
    )

    field_order = ["name", "provider", "role", "unit"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["role"].choices = [
            choice for choice in self.fields["role"].choices if choice[0] in MACHINE_ROLES
        ]
        self.fields["role"].help_text = _(
            "A reporting system reports deviations; a handling system receives the provider's "
            "cases (or one unit's)."
        )

    def machine_kwargs(self) -> dict:
        return {**self.role_kwargs(), "name": self.cleaned_data["name"]}


class UnitForm(StyledFormMixin, forms.Form):
    provider = forms.ModelChoiceField(label=_("Care provider"), queryset=None)
    name = forms.CharField(label=_("Name of the unit"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Type of unit"), choices=CareUnit.Kind.choices, initial=CareUnit.Kind.OTHER
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class UnitChangeForm(StyledFormMixin, forms.Form):
    """A unit's kind, and whether it is still in use (offered when reporting, passing on)."""

    kind = forms.ChoiceField(label=_("Type of unit"), choices=CareUnit.Kind.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    @classmethod
    def for_unit(cls, unit, data=None):
        """The unit's own form on the units page (one per unit, told apart by the prefix)."""
        form = cls(
            data,
            prefix=f"enhet-{unit.pk}",
            initial={"kind": unit.kind, "is_active": unit.is_active},
        )
        form.unit_pk = unit.pk
        return form
