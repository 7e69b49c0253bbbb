"""Sign-in through an identity provider: who the claims say the person is, and what they may do.

The person is matched by the provider's stable id (HSA-id or the provider's subject), never by
e-mail. With `roles_from_claims` the assignments decide the roles at the care providers the
provider may vouch for, through the mapping table; roles the claims no longer carry go at the
next sign-in. People and roles change only through parties.services (the one door), and every
change and every refusal goes into the audit trail.
"""

import logging
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.access import as_actor
from samsyn.identity.models import ClaimMapping, ExternalIdentity, IdentityProvider
from samsyn.parties.selectors import roles_grantable_by
from samsyn.parties.services import (
    membership_grant,
    membership_revoke,
    membership_update,
    person_create,
    person_update,
)

log = logging.getLogger("samsyn.security")

# Why a sign-in was refused: the code goes to the log and the trail, the text to the person.
REFUSALS = {
    "unmapped": _(
        "You are signed in at your identity provider, but none of your assignments gives you a "
        "role in Samsyn. Ask your administrator to give your assignment a role in Samsyn."
    ),
    "unknown_person": _(
        "You are signed in at your identity provider, but Samsyn does not know you yet. Ask "
        "your organisation's Samsyn administrator to invite you with your id."
    ),
    "not_vouched": _(
        "This identity provider may not sign you in to the organisation where you have your "
        "role. Choose your own organisation's way of signing in."
    ),
    "inactive": _("Your account in Samsyn is deactivated. Contact your administrator."),
    "no_subject": _("The identity provider did not say who you are. Contact your administrator."),
    "token_invalid": _(
        "The answer from the identity provider could not be trusted (its signature, issuer, "
        "audience or validity did not hold). Nothing was signed in. Try again."
    ),
    "state_unknown": _(
        "The sign-in was not started here, or it has already been used. Start again from the "
        "sign-in page."
    ),
    "provider_error": _(
        "The identity provider did not sign you in (it was cancelled or refused there). Try again."
    ),
    "provider_unreachable": _(
        "The identity provider could not be reached or is not set up correctly. Try again later "
        "or sign in another way."
    ),
}


EMAIL_TAKEN = _("Someone in Samsyn already has this e-mail address.")
PROVIDER_NOT_FOR_PARTY = _(
    "This identity provider may not sign in people of the chosen care provider's principal."
)


class SignInRefused(Exception):
    """A sign-in that must not happen; `code` is a key of REFUSALS."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    @property
    def message(self):
        return REFUSALS[self.code]


def claim_text(claims: dict, name: str) -> str:
    value = claims.get(name) if name else None
    return value.strip() if isinstance(value, str) else ""


def claim_values(claims: dict, name: str) -> set[str]:
    """An assignments claim as a set of strings: a list of strings or one string."""
    value = claims.get(name) if name else None
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()


def mappings_for(*, provider: IdentityProvider, claims: dict) -> list[ClaimMapping]:
    """The mapping rows the claims match, at care providers the provider may vouch for."""
    values = claim_values(claims, provider.claim_assignments)
    if not values:
        return []
    return list(
        ClaimMapping.objects.filter(
            provider=provider,
            value__in=values,
            care_provider__party__in=provider.parties.all(),
        )
        .select_related("care_provider", "unit")
        .order_by("pk")
    )


def _username_for(provider: IdentityProvider, subject: str) -> str:
    return re.sub(r"[^\w.@+-]", "-", f"{provider.slug}.{subject}")[:150]


def _person_data(provider: IdentityProvider, claims: dict) -> dict:
    data = {
        "first_name": claim_text(claims, provider.claim_given_name)[:150],
        "last_name": claim_text(claims, provider.claim_family_name)[:150],
        "email": claim_text(claims, provider.claim_email)[:254],
    }
    try:
        validate_email(data["email"])
    except ValidationError:
        data["email"] = ""  # not an address: left out rather than a failed sign-in
    return {k: v for k, v in data.items() if v}


def _person_from_claims(provider, subject, claims, mappings):
    first = mappings[0]
    person = person_create(
        actor=None,
        username=_username_for(provider, subject),
        provider=first.care_provider,
        role=first.role,
        unit=first.unit,
        password_link=False,
        **{"email": "", **_person_data(provider, claims)},
    )
    return identity_link(actor=None, person=person, provider=provider, subject=subject)


def _roles_sync(*, provider: IdentityProvider, user, mappings: list[ClaimMapping]) -> None:
    """The person's roles at the providers this IdP vouches for become what the claims give."""
    wanted = {(m.care_provider_id, m.role): m for m in mappings}
    held = {
        (m.provider_id, m.role): m
        for m in user.memberships.filter(provider__party__in=provider.parties.all()).select_related(
            "provider", "unit"
        )
    }
    for key, mapping in wanted.items():
        membership = held.get(key)
        if membership is None:
            membership_grant(
                actor=None,
                user=user,
                provider=mapping.care_provider,
                role=mapping.role,
                unit=mapping.unit,
            )
        elif membership.unit_id != mapping.unit_id:
            membership_update(
                actor=None,
                membership=membership,
                provider=mapping.care_provider,
                role=mapping.role,
                unit=mapping.unit,
            )
    for key, membership in held.items():
        if key not in wanted:
            membership_revoke(actor=None, membership=membership)


def _details_update(*, user, data: dict) -> None:
    """Name and e-mail follow the provider's claims; claims the form would refuse (an e-mail
    address that is not one) are left out and logged, never a failed sign-in."""
    try:
        with transaction.atomic():
            person_update(actor=None, person=user, data=data)
    except ValidationError as exc:
        user.refresh_from_db()
        log.warning("OIDC claims not taken over for %s: %s", user.username, exc.messages)


@transaction.atomic
def identity_link(*, actor, person, provider: IdentityProvider, subject: str) -> ExternalIdentity:
    """Tie a person to their id at an identity provider (an invitation by HSA-id does this)."""
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Fill in the person's id at the identity provider.")})
    if ExternalIdentity.objects.filter(provider=provider, subject=subject).exists():
        raise ValidationError(
            {"subject": _("Someone in Samsyn already has this id at this identity provider.")}
        )
    identity = ExternalIdentity(provider=provider, subject=subject, user=person)
    identity.full_clean()
    identity.save()
    audit_record(
        actor=as_actor(actor),
        action="identity.identity.linked",
        target=identity,
        data={"username": person.username, "provider": provider.slug, "subject": subject},
    )
    return identity


@transaction.atomic
def identity_sign_in(*, provider: IdentityProvider, claims: dict):
    """The person the verified claims name, with their roles brought up to date; raises
    SignInRefused (and changes nothing) when they may not sign in."""
    subject = claim_text(claims, provider.claim_id)
    if not subject:
        raise SignInRefused("no_subject")
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=provider, subject=subject)
        .first()
    )
    mappings = mappings_for(provider=provider, claims=claims) if provider.roles_from_claims else []
    if provider.roles_from_claims and not mappings:
        raise SignInRefused("unmapped", subject)
    if identity is None:
        if not provider.roles_from_claims:
            raise SignInRefused("unknown_person", subject)
        try:
            identity = _person_from_claims(provider, subject, claims, mappings)
        except ValidationError as exc:  # e.g. an id that is a personal identity number
            raise SignInRefused("no_subject", str(exc)) from exc
    user = identity.user
    if not user.is_active:
        raise SignInRefused("inactive", subject)
    if provider.roles_from_claims:
        _roles_sync(provider=provider, user=user, mappings=mappings)
        _details_update(user=user, data=_person_data(provider, claims))
    elif not user.memberships.filter(provider__party__in=provider.parties.all()).exists():
        raise SignInRefused("not_vouched", subject)
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    audit_record(
        actor=as_actor(user),
        action="identity.signed_in",
        target=identity,
        data={"provider": provider.slug, "subject": subject},
    )
    return user


def sign_in_refused_record(*, provider: IdentityProvider | None, refusal: SignInRefused) -> None:
    """A refused sign-in goes to the security log and the audit trail."""
    log.warning(
        "OIDC sign-in refused: provider=%s code=%s detail=%s",
        provider.slug if provider else "-",
        refusal.code,
        refusal.detail,
    )
    with transaction.atomic():
        audit_record(
            actor=None,
            action="identity.sign_in.refused",
            target=provider,
            data={
                "provider": provider.slug if provider else "",
                "reason": refusal.code,
                "detail": refusal.detail[:300],
            },
        )


@transaction.atomic
def person_invite(  # noqa: PLR0913 (the invitation's fields, passed on to person_create)
    *,
    actor,
    username: str,
    provider,
    role: str,
    unit=None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    identity_provider: IdentityProvider | None = None,
    subject: str = "",
):
    """Invite a person to the actor's own party: by e-mail (they get a link to choose a
    password) or by their id at an identity provider (an HSA-id: they sign in there, no
    password). Through parties.services.person_create, the one door; nothing saved on error."""
    by_id = identity_provider is not None and bool((subject or "").strip())
    if by_id and not identity_provider.parties.filter(pk=provider.party_id).exists():
        raise ValidationError({"identity_provider": PROVIDER_NOT_FOR_PARTY})
    if email and get_user_model().objects.filter(email__iexact=email.strip()).exists():
        # Also what makes the same invitation sent twice one person.
        raise ValidationError({"email": EMAIL_TAKEN})
    person = person_create(
        actor=actor,
        username=username,
        email=email or "",
        provider=provider,
        role=role,
        unit=unit,
        first_name=first_name,
        last_name=last_name,
        password_link=not by_id,
    )
    if by_id:
        identity_link(actor=actor, person=person, provider=identity_provider, subject=subject)
    return person


# --- the mapping table: which assignment gives which role (administrators maintain it) ----

MAPPING_ROLE_NOT_YOURS = _("You may not give that role at that care provider.")


def _mapping_data(mapping: ClaimMapping) -> dict:
    return {
        "provider": mapping.provider.slug,
        "value": mapping.value,
        "provider_id": mapping.care_provider_id,
        "unit_id": mapping.unit_id,
        "role": mapping.role,
    }


def _require_grantable(actor, *, care_provider, role) -> None:
    if actor is not None and role not in roles_grantable_by(actor, provider=care_provider):
        raise PermissionDenied(MAPPING_ROLE_NOT_YOURS)


@transaction.atomic
def claim_mapping_add(  # noqa: PLR0913 (the row's fields)
    *, actor, provider: IdentityProvider, value: str, care_provider, role: str, unit=None
) -> ClaimMapping:
    """An assignment value gives a role at a care provider from the next sign-in on. Only a
    role the actor may give by hand (roles_grantable_by): the table is no back door."""
    actor = as_actor(actor)
    _require_grantable(actor, care_provider=care_provider, role=role)
    mapping = ClaimMapping(
        provider=provider,
        value=(value or "").strip(),
        care_provider=care_provider,
        role=role,
        unit=unit,
    )
    mapping.full_clean()
    mapping.save()
    audit_record(
        actor=actor, action="identity.mapping.added", target=mapping, data=_mapping_data(mapping)
    )
    return mapping


@transaction.atomic
def claim_mapping_remove(*, actor, mapping: ClaimMapping) -> None:
    """The role goes from the people who had it through this value at their next sign-in."""
    actor = as_actor(actor)
    _require_grantable(actor, care_provider=mapping.care_provider, role=mapping.role)
    audit_record(
        actor=actor,
        action="identity.mapping.removed",
        target=mapping,
        data=_mapping_data(mapping),
    )
    mapping.delete()
