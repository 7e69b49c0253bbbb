"""Each party's organisation for disagreements and disputes (the addendum presentation,
#HoSavtal2027: "Varje part ska ha en
organisation för att hantera oenigheter och tvister"): who holds step 1, 2 and 3."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samsyn.disagreements.access import step_of_role, step_role
from samsyn.disagreements.selectors import parties_managed_by
from samsyn.parties.models import Membership
from samsyn.parties.selectors import people_managed_by
from samsyn.parties.services import OWN_ROLES_REFUSED, membership_grant, membership_revoke

PROVIDER_NOT_OF_PARTY = _("The care provider does not belong to the principal.")
PERSON_NOT_OF_PARTY = _("The person does not work at the principal. Add the person there first.")
ALREADY_HOLDS_STEP = _("The person already has that role at the care provider.")
PERSON_BEYOND_REACH = _(
    "The person has roles you do not administer (at another principal or "
    "in the whole county). Ask an administrator who reaches all the "
    "person's roles."
)


def _require_manages(actor, party) -> None:
    if not parties_managed_by(actor).filter(pk=party.pk).exists():
        raise PermissionDenied


@transaction.atomic
def organisation_appoint(*, actor, party, user, provider, step: int) -> Membership:
    """Appoint a person of the party to handle a step, at one of the party's care providers."""
    _require_manages(actor, party)
    if provider.party_id != party.pk:
        raise ValidationError({"provider": PROVIDER_NOT_OF_PARTY})
    if not Membership.objects.filter(user=user, provider__party=party).exists():
        raise ValidationError({"user": PERSON_NOT_OF_PARTY})
    role = step_role(step)
    if Membership.objects.filter(user=user, provider=provider, role=role).exists():
        raise ValidationError({"user": ALREADY_HOLDS_STEP})
    # What membership_grant would refuse, as an error on the field.
    if user.pk == actor.user.pk:
        raise ValidationError({"user": OWN_ROLES_REFUSED})
    if not people_managed_by(actor).filter(pk=user.pk).exists():
        raise ValidationError({"user": PERSON_BEYOND_REACH})
    return membership_grant(user=user, provider=provider, role=role, actor=actor)


@transaction.atomic
def organisation_remove(*, actor, party, membership: Membership) -> None:
    """Take a step role from a person; only step roles of this party's providers."""
    _require_manages(actor, party)
    if membership.provider.party_id != party.pk or step_of_role(membership.role) is None:
        raise PermissionDenied
    membership_revoke(membership=membership, actor=actor)
