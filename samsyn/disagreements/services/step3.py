"""Step 3 outcomes: economic settlement and general court (the addendum presentation,
#HoSavtal2027, "Ekonomisk reglering och
allmän domstol": step 3 can mean economic settlement or further handling in general court)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import FREE_TEXT_CHANGED
from samsyn.core.amounts import amount_confirmation_check, sek
from samsyn.disagreements.models import CourtReferral, Disagreement, EconomicSettlement
from samsyn.disagreements.services.common import W, notify_ladder, require_claims_answered
from samsyn.disagreements.services.ladder import (
    PROPOSAL_PENDING,
    proposal_answerer,
    proposal_make,
    proposing_party,
    resolve_with,
)

SETTLEMENT_ONLY_AT_STEP3 = _(
    "An economic settlement is an outcome at step 3 (dispute). The case is at step {step}."
)
COURT_ONLY_AT_STEP3 = _(
    "The case can be referred to a general court only at step 3 (dispute). "
    "The case is at step {step}."
)
AMOUNT_NOT_POSITIVE = _("The amount must be greater than 0 kronor.")
PAYER_IS_PAYEE = _("The paying and the receiving party must differ.")
NOT_A_PARTY_OF_CASE = _("Choose one of the case's two parties.")
REQUIRED = _("Fill in the field.")


@dataclass
class SettlementTerms:
    """An economic settlement as decided: who pays whom, how much, on what basis, when."""

    payer: object
    payee: object
    amount: Decimal | None
    basis: str
    decided_on: datetime.date | None
    reference: str = ""
    # An amount above AMOUNT_CONFIRM_ABOVE is taken only when the person has confirmed it.
    amount_confirmed: bool = False


def _step3_move(actor, disagreement: Disagreement, code: str, only_at_step3: str) -> None:
    """Who may (a step 3 manager), then whether the case is at step 3, then open, then
    whether every claim is answered (or its answer overdue)."""
    W.permit(actor=actor, case=disagreement, code=code)
    if disagreement.current_step != 3:
        raise ValidationError(only_at_step3.format(step=disagreement.current_step))
    W.move_check(actor=actor, case=disagreement, code=code)
    require_claims_answered(disagreement)


def _required(**values) -> None:
    errors = {
        name: REQUIRED
        for name, value in values.items()
        if value is None or (isinstance(value, str) and not value.strip())
    }
    if errors:
        raise ValidationError(errors)


def _settlement_problems(disagreement: Disagreement, terms: SettlementTerms) -> dict:
    errors = {}
    parties = {disagreement.party_a_id, disagreement.party_b_id}
    if terms.payer.pk not in parties:
        errors["payer"] = NOT_A_PARTY_OF_CASE
    if terms.payee.pk not in parties:
        errors["payee"] = NOT_A_PARTY_OF_CASE
    elif terms.payer.pk == terms.payee.pk:
        errors["payee"] = PAYER_IS_PAYEE
    if terms.amount <= 0:
        errors["amount"] = AMOUNT_NOT_POSITIVE
    return errors


@transaction.atomic
def settlement_record(
    *, actor, disagreement: Disagreement, terms: SettlementTerms, expected_version: int
) -> EconomicSettlement:
    """Propose that a dispute ends in economic settlement: one party pays the other a positive
    amount (above AMOUNT_CONFIRM_ABOVE only when the person has confirmed it). It binds both
    parties only when the other party's step 3 owner confirms it (`settlement_confirm`)."""
    _step3_move(actor, disagreement, "settlement", SETTLEMENT_ONLY_AT_STEP3)
    t = terms
    _required(payer=t.payer, payee=t.payee, amount=t.amount, basis=t.basis, decided_on=t.decided_on)
    if errors := _settlement_problems(disagreement, t):
        raise ValidationError(errors)
    amount_confirmation_check(amount=t.amount, confirmed=t.amount_confirmed)
    if disagreement.proposal_kind:
        raise ValidationError(PROPOSAL_PENDING)
    settlement = EconomicSettlement(
        disagreement=disagreement,
        payer=t.payer,
        payee=t.payee,
        amount=t.amount,
        basis=t.basis,
        decided_on=t.decided_on,
        reference=t.reference,
        proposed_by_party=proposing_party(actor, disagreement),
    )
    settlement.full_clean()
    settlement.save()
    solution = gettext("{payer} pays {amount} to {payee} (decision {date}). {basis}").format(
        payer=t.payer, amount=sek(t.amount), payee=t.payee, date=t.decided_on, basis=t.basis
    )
    proposal_make(
        actor=actor,
        disagreement=disagreement,
        code="settlement",
        kind="settlement",
        text=solution,
        expected_version=expected_version,
        facts={
            "payer": t.payer.pk,
            "payee": t.payee.pk,
            "amount": str(t.amount),
            "decided_on": str(t.decided_on),
            # Free text: the trail says it was written, never what it says.
            "reference": FREE_TEXT_CHANGED if (t.reference or "").strip() else "",
        },
    )
    return settlement


@transaction.atomic
def settlement_confirm(
    *, actor, disagreement: Disagreement, expected_version: int
) -> EconomicSettlement:
    """The other party's step 3 owner confirms the proposed settlement: it binds both parties
    and the dispute is resolved by it."""
    _step3_move(actor, disagreement, "settlement_confirm", SETTLEMENT_ONLY_AT_STEP3)
    party = proposal_answerer(actor, disagreement, "settlement")
    settlement = disagreement.settlement
    settlement.confirmed_by, settlement.confirmed_at = actor.user, timezone.now()
    settlement.save(update_fields=["confirmed_by", "confirmed_at"])
    resolve_with(
        actor=actor,
        disagreement=disagreement,
        code="settlement_confirm",
        solution=disagreement.proposal_text,
        resolution=Disagreement.Resolution.ECONOMIC_SETTLEMENT,
        expected_version=expected_version,
        facts={"party": party.pk, "settlement": settlement.pk, "amount": str(settlement.amount)},
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
    _step3_move(actor, disagreement, "court", COURT_ONLY_AT_STEP3)
    _required(court=court, case_number=case_number, referred_on=referred_on)
    referral = CourtReferral(
        disagreement=disagreement, court=court, case_number=case_number, referred_on=referred_on
    )
    referral.full_clean()
    referral.save()
    W.transition(
        actor=actor,
        case=disagreement,
        code="court",
        expected_version=expected_version,
        # Court and case number are free text: the trail says they were written, not what.
        facts={
            "court": FREE_TEXT_CHANGED,
            "case_number": FREE_TEXT_CHANGED,
            "referred_on": str(referred_on),
        },
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        steps=[1, 2, 3],
        subject=gettext("The dispute has been referred to a general court"),
        body=gettext("{court}, case {case_number}, {date}.").format(
            court=court, case_number=case_number, date=referred_on
        ),
    )
    return referral


@transaction.atomic
def court_judgment_record(
    *, actor, disagreement: Disagreement, judgment: str, judgment_on, expected_version: int
) -> CourtReferral:
    """The court has judged: the dispute is resolved by the judgment."""
    W.move_check(actor=actor, case=disagreement, code="judgment")
    _required(judgment=judgment, judgment_on=judgment_on)
    referral = disagreement.court_referral
    referral.judgment, referral.judgment_on = judgment, judgment_on
    referral.full_clean()
    referral.save(update_fields=["judgment", "judgment_on"])
    resolve_with(
        actor=actor,
        disagreement=disagreement,
        code="judgment",
        solution=f"{referral.court} ({judgment_on}): {judgment}",
        resolution=Disagreement.Resolution.COURT_JUDGMENT,
        expected_version=expected_version,
        facts={"judgment_on": str(judgment_on)},
    )
    return referral
