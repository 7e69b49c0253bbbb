"""Identity providers (OpenID Connect) configured as data, the people they vouch for, and
which of their claims give which role at which care provider (docs/decisions: oidc-login)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import CareProvider, CareUnit, Party, Role

ENV_NAME = RegexValidator(
    r"^[A-Z][A-Z0-9_]*$",
    _("Write the name of an environment variable: capital letters, digits and _."),
)
CLAIM_NAME = RegexValidator(
    r"^[A-Za-z0-9_.:/-]*$", _("A claim name has letters, digits and . _ : / - only.")
)
MAPPING_OUTSIDE_PARTIES = _(
    "The identity provider may not vouch for this care provider: add its principal to the "
    "provider's parties first."
)
UNIT_NOT_OF_PROVIDER = _("The unit does not belong to the chosen care provider.")


class IdentityProvider(models.Model):
    """An OpenID Connect provider people sign in through (Inera's IdP, a municipality's
    Entra ID). The client secret is never stored: the row names the environment variable."""

    slug = models.SlugField(_("short name in addresses"), unique=True)
    name = models.CharField(
        _("name on the sign-in page"), max_length=100, validators=[no_personal_identity_number]
    )
    issuer = models.URLField(_("issuer"), max_length=300)
    client_id = models.CharField(
        _("client id"), max_length=200, validators=[no_personal_identity_number]
    )
    secret_env = models.CharField(
        _("environment variable with the client secret"),
        max_length=100,
        validators=[ENV_NAME, no_personal_identity_number],
    )
    scopes = models.CharField(
        _("scopes"),
        max_length=300,
        default="openid profile email",
        validators=[CLAIM_NAME, no_personal_identity_number],
    )
    claim_id = models.CharField(
        _("claim with the person's stable id"),
        max_length=100,
        default="sub",
        validators=[CLAIM_NAME, no_personal_identity_number],
        help_text=_("For Inera: the HSA-id claim. Never an e-mail address."),
    )
    claim_given_name = models.CharField(
        _("claim with the given name"),
        max_length=100,
        default="given_name",
        blank=True,
        validators=[CLAIM_NAME, no_personal_identity_number],
    )
    claim_family_name = models.CharField(
        _("claim with the family name"),
        max_length=100,
        default="family_name",
        blank=True,
        validators=[CLAIM_NAME, no_personal_identity_number],
    )
    claim_email = models.CharField(
        _("claim with the e-mail address"),
        max_length=100,
        default="email",
        blank=True,
        validators=[CLAIM_NAME, no_personal_identity_number],
    )
    claim_assignments = models.CharField(
        _("claim with the assignments"),
        max_length=100,
        blank=True,
        validators=[CLAIM_NAME, no_personal_identity_number],
        help_text=_("For Inera: the assignments (medarbetaruppdrag); for Entra ID: roles."),
    )
    roles_from_claims = models.BooleanField(
        _("roles come from the claims"),
        default=False,
        help_text=_(
            "On: people are created and their roles set from the assignments at every sign-in. "
            "Off: only people an administrator has invited with their id may sign in, and "
            "their roles are given in Samsyn."
        ),
    )
    parties = models.ManyToManyField(
        Party,
        verbose_name=_("principals it may vouch for"),
        related_name="identity_providers",
        blank=True,
    )
    enabled = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order on the sign-in page"), default=0)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ExternalIdentity(models.Model):
    """A person as an identity provider knows them: matched by the stable id, never e-mail."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identity provider"),
        on_delete=models.PROTECT,
        related_name="identities",
    )
    # An HSA-id or the provider's subject; never a personal identity number.
    subject = models.CharField(
        _("id at the identity provider"), max_length=255, validators=[no_personal_identity_number]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identities"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in identity")
        verbose_name_plural = _("sign-in identities")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="identity_unique_subject"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.provider})"


class ClaimMapping(models.Model):
    """One assignment value (an HSA assignment, an Entra app role) gives one role at one care
    provider (or one unit of it). Administrators maintain the table."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identity provider"),
        on_delete=models.CASCADE,
        related_name="mappings",
    )
    value = models.CharField(
        _("assignment value"), max_length=255, validators=[no_personal_identity_number]
    )
    care_provider = models.ForeignKey(
        CareProvider, verbose_name=_("care provider"), on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        CareUnit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("claim mapping")
        verbose_name_plural = _("claim mappings")
        ordering = ["provider", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "value", "care_provider", "role"],
                name="claim_mapping_unique",
            ),
        ]

    def __str__(self):
        return f"{self.value} → {self.get_role_display()} – {self.care_provider}"

    def clean(self):
        if (
            self.unit_id
            and self.care_provider_id
            and self.unit.provider_id != self.care_provider_id
        ):
            raise ValidationError({"unit": UNIT_NOT_OF_PROVIDER})
        if (
            self.provider_id
            and self.care_provider_id
            and not self.provider.parties.filter(pk=self.care_provider.party_id).exists()
        ):
            raise ValidationError({"care_provider": MAPPING_OUTSIDE_PARTIES})
