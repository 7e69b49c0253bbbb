"""Ekonomisk överenskommelse: a voluntary agreement between two parties on responsibility,
compensation and cooperation in an area, made at any time, with or without a dispute (seed 001)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from samsyn.audit.services import audit_record
from samsyn.core.access import grant_for
from samsyn.disagreements.models import EconomicAgreement

AGREEMENT_NOT_YOUR_PARTY = "Du kan bara registrera överenskommelser där din huvudman är part."
AGREEMENT_SAME_PARTY = "En ekonomisk överenskommelse är mellan två olika parter."
AGREEMENT_DISAGREEMENT_OTHER_PARTIES = "Oenigheten gäller inte dessa två parter."


@transaction.atomic
def economic_agreement_create(
    *,
    actor,
    party_a,
    party_b,
    area: str,
    responsibility: str,
    compensation: str,
    valid_from,
    valid_to=None,
    reference: str = "",
    disagreement=None,
) -> EconomicAgreement:
    """Register an economic agreement; the actor's party must be one of the two."""
    grant = grant_for(actor, "disagreements.economic_agreements.edit")
    if not grant:
        raise PermissionDenied
    if not ({party_a.pk, party_b.pk} & grant.party_ids or party_a.county_id in grant.county_ids):
        raise ValidationError({"party_a": AGREEMENT_NOT_YOUR_PARTY})
    if party_a.pk == party_b.pk:
        raise ValidationError({"party_b": AGREEMENT_SAME_PARTY})
    if disagreement is not None and {disagreement.party_a_id, disagreement.party_b_id} != {
        party_a.pk,
        party_b.pk,
    }:
        raise ValidationError({"disagreement": AGREEMENT_DISAGREEMENT_OTHER_PARTIES})
    agreement = EconomicAgreement(
        county_id=party_a.county_id,
        party_a=party_a,
        party_b=party_b,
        area=area,
        responsibility=responsibility,
        compensation=compensation,
        valid_from=valid_from,
        valid_to=valid_to,
        reference=reference,
        disagreement=disagreement,
        created_by=actor.user,
    )
    agreement.full_clean()
    agreement.save()
    audit_record(
        actor=actor,
        action="disagreements.economic_agreement.created",
        target=agreement,
        data={
            "party_a": party_a.pk,
            "party_b": party_b.pk,
            "valid_from": str(valid_from),
            "valid_to": str(valid_to) if valid_to else None,
            "disagreement": disagreement.pk if disagreement else None,
        },
    )
    return agreement
