"""The mapping table's form (which assignment gives which role)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number
from samsyn.identity.models import IdentityProvider
from samsyn.parties.forms import RoleForm
from samsyn.parties.selectors import providers_managed_by


class MappingForm(RoleForm):
    identity_provider = forms.ModelChoiceField(label=_("Identity provider"), queryset=None)
    value = forms.CharField(
        label=_("Assignment value"),
        max_length=255,
        validators=[no_personal_identity_number],
        help_text=_(
            "Exactly as the identity provider sends it: for Inera the assignment's HSA-id "
            "(commissionHsaId), for Entra ID the app role's value."
        ),
    )

    field_order = ["identity_provider", "value", "provider", "role", "unit"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        parties = providers_managed_by(actor).values("party_id")
        self.fields["identity_provider"].queryset = IdentityProvider.objects.filter(
            enabled=True, roles_from_claims=True, parties__in=parties
        ).distinct()

    def mapping_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "provider": data["identity_provider"],
            "value": data["value"],
            "care_provider": data["provider"],
            "role": data["role"],
            "unit": data["unit"],
        }
