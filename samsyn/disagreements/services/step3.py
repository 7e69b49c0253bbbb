"""Step 3 outcomes: economic settlement and general court (seed 003, "Ekonomisk reglering och
allmän domstol": step 3 can mean economic settlement or further handling in general court)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from samsyn.disagreements.models import CourtReferral, Disagreement, EconomicSettlement, sek
from samsyn.disagreements.services.common import (
    disagreement_transition,
    notify_ladder,
    require,
    require_open,
)
from samsyn.disagreements.services.ladder import require_step3_decider, resolve_with

SETTLEMENT_ONLY_AT_STEP3 = (
    "Ekonomisk reglering är ett utfall på steg 3 (tvist). Ärendet är på steg {step}."
)
COURT_ONLY_AT_STEP3 = (
    "Ärendet kan hänskjutas till allmän domstol först på steg 3 (tvist). Ärendet är på steg {step}."
)
AMOUNT_NOT_POSITIVE = "Beloppet måste vara större än 0 kronor."
PAYER_IS_PAYEE = "Betalande och mottagande part måste vara olika."
NOT_A_PARTY_OF_CASE = "Välj en av ärendets två parter."
REQUIRED = "Fyll i fältet."
NOT_IN_COURT = "Ärendet är inte hänskjutet till allmän domstol."


def _require_step3(disagreement: Disagreement, message: str) -> None:
    if disagreement.current_step != 3:
        raise ValidationError(message.format(step=disagreement.current_step))


def _required(**values) -> None:
    errors = {
        name: REQUIRED
        for name, value in values.items()
        if value is None or (isinstance(value, str) and not value.strip())
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def settlement_record(
    *,
    actor,
    disagreement: Disagreement,
    payer,
    payee,
    amount: Decimal,
    basis: str,
    decided_on,
    reference: str = "",
    expected_version: int,
) -> EconomicSettlement:
    """A dispute ends in economic settlement: one party pays the other a positive amount."""
    require(actor, "disagreements.handle", disagreement)
    _require_step3(disagreement, SETTLEMENT_ONLY_AT_STEP3)
    require_open(disagreement)
    require_step3_decider(actor, disagreement)
    _required(payer=payer, payee=payee, amount=amount, basis=basis, decided_on=decided_on)
    errors = {}
    parties = {disagreement.party_a_id, disagreement.party_b_id}
    if payer.pk not in parties:
        errors["payer"] = NOT_A_PARTY_OF_CASE
    if payee.pk not in parties:
        errors["payee"] = NOT_A_PARTY_OF_CASE
    elif payer.pk == payee.pk:
        errors["payee"] = PAYER_IS_PAYEE
    if amount <= 0:
        errors["amount"] = AMOUNT_NOT_POSITIVE
    if errors:
        raise ValidationError(errors)
    settlement = EconomicSettlement(
        disagreement=disagreement,
        payer=payer,
        payee=payee,
        amount=amount,
        basis=basis,
        decided_on=decided_on,
        reference=reference,
    )
    settlement.full_clean()
    settlement.save()
    solution = f"{payer} betalar {sek(amount)} till {payee} (beslut {decided_on}). {basis}"
    resolve_with(
        actor=actor,
        disagreement=disagreement,
        solution=solution,
        resolution=Disagreement.Resolution.ECONOMIC_SETTLEMENT,
        expected_version=expected_version,
        audit_data={
            "payer": payer.pk,
            "payee": payee.pk,
            "amount": str(amount),
            "decided_on": str(decided_on),
            "reference": reference,
        },
    )
    return settlement


@transaction.atomic
def court_refer(
    *,
    actor,
    disagreement: Disagreement,
    court: str,
    case_number: str,
    referred_on,
    expected_version: int,
) -> CourtReferral:
    """A dispute goes on to general court; only at step 3. The judgment is recorded later."""
    require(actor, "disagreements.handle", disagreement)
    _require_step3(disagreement, COURT_ONLY_AT_STEP3)
    require_open(disagreement)
    require_step3_decider(actor, disagreement)
    _required(court=court, case_number=case_number, referred_on=referred_on)
    referral = CourtReferral(
        disagreement=disagreement, court=court, case_number=case_number, referred_on=referred_on
    )
    referral.full_clean()
    referral.save()
    disagreement_transition(
        actor=actor,
        disagreement=disagreement,
        to=Disagreement.Status.IN_COURT,
        expected_version=expected_version,
        action="disagreements.disagreement.referred_to_court",
        audit_data={"court": court, "case_number": case_number, "referred_on": str(referred_on)},
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        steps=[1, 2, 3],
        subject="Tvisten är hänskjuten till allmän domstol",
        body=f"{court}, mål {case_number}, {referred_on}.",
    )
    return referral


@transaction.atomic
def court_judgment_record(
    *, actor, disagreement: Disagreement, judgment: str, judgment_on, expected_version: int
) -> CourtReferral:
    """The court has judged: the dispute is resolved by the judgment."""
    require(actor, "disagreements.handle", disagreement)
    if disagreement.status != Disagreement.Status.IN_COURT:
        raise ValidationError(NOT_IN_COURT)
    require_step3_decider(actor, disagreement)
    _required(judgment=judgment, judgment_on=judgment_on)
    referral = disagreement.court_referral
    referral.judgment, referral.judgment_on = judgment, judgment_on
    referral.full_clean()
    referral.save(update_fields=["judgment", "judgment_on"])
    resolve_with(
        actor=actor,
        disagreement=disagreement,
        solution=f"{referral.court} ({judgment_on}): {judgment}",
        resolution=Disagreement.Resolution.COURT_JUDGMENT,
        expected_version=expected_version,
        audit_data={"judgment_on": str(judgment_on)},
    )
    return referral
