"""Ekonomisk överenskommelse: a voluntary agreement between two parties on responsibility,
compensation and cooperation in an area, made at any time, with or without a dispute (the joint
steering group's notes of 2025-08-12)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.access import grant_for
from samsyn.disagreements.models import EconomicAgreement

AGREEMENT_NOT_YOUR_PARTY = _("You can only register agreements where your principal is a party.")
AGREEMENT_SAME_PARTY = _("An economic agreement is between two different parties.")
AGREEMENT_DISAGREEMENT_OTHER_PARTIES = _("The disagreement does not concern these two parties.")


@dataclass
class EconomicAgreementTerms:
    """What two parties agree on: responsibility and compensation in an area, for a period."""

    party_a: object
    party_b: object
    area: str
    responsibility: str
    compensation: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    reference: str = ""


def _terms_problems(actor, terms: EconomicAgreementTerms, disagreement) -> None:
    grant = grant_for(actor, "disagreements.economic_agreements.edit")
    if not grant:
        raise PermissionDenied
    a, b = terms.party_a, terms.party_b
    if not ({a.pk, b.pk} & grant.party_ids or a.county_id in grant.county_ids):
        raise ValidationError({"party_a": AGREEMENT_NOT_YOUR_PARTY})
    if a.pk == b.pk:
        raise ValidationError({"party_b": AGREEMENT_SAME_PARTY})
    if disagreement is not None and {disagreement.party_a_id, disagreement.party_b_id} != {
        a.pk,
        b.pk,
    }:
        raise ValidationError({"disagreement": AGREEMENT_DISAGREEMENT_OTHER_PARTIES})


@transaction.atomic
def economic_agreement_create(
    *, actor, terms: EconomicAgreementTerms, disagreement=None
) -> EconomicAgreement:
    """Register an economic agreement; the actor's party must be one of the two."""
    _terms_problems(actor, terms, disagreement)
    t = terms
    agreement = EconomicAgreement(
        county_id=t.party_a.county_id,
        party_a=t.party_a,
        party_b=t.party_b,
        area=t.area,
        responsibility=t.responsibility,
        compensation=t.compensation,
        valid_from=t.valid_from,
        valid_to=t.valid_to,
        reference=t.reference,
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
            "party_a": t.party_a.pk,
            "party_b": t.party_b.pk,
            "valid_from": str(t.valid_from),
            "valid_to": str(t.valid_to) if t.valid_to else None,
            "disagreement": disagreement.pk if disagreement else None,
        },
    )
    return agreement
