"""A claim for economic settlement and the other party's written answer.

As in the Norwegian model, a claim states its amount, the facts it rests on and its
contractual basis (the governing document and, where there is one, its section), so that the
other party can answer it; the other party answers in writing, and step 3 decides only once
the answer exists or its last date has passed (decision 0017).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import FREE_TEXT_CHANGED
from samsyn.disagreements.models import Claim, Disagreement
from samsyn.disagreements.services.common import W, notify_ladder
from samsyn.disagreements.services.ladder import proposing_party
from samsyn.disagreements.workflow import acting_party_ids

AMOUNT_REQUIRED = _("Give the amount claimed, greater than 0 kronor.")
FACTS_REQUIRED = _("Write the facts the claim rests on: what happened, when, and what it cost.")
DOCUMENT_REQUIRED = _(
    "Choose the governing document the claim rests on: a claim needs a contractual basis."
)
SECTION_OF_OTHER_DOCUMENT = _("The section belongs to another governing document.")
ANSWER_REQUIRED = _("Write the answer to the claim.")
NOT_A_CLAIM_OF_CASE = _("Choose a claim of this case that is not yet answered.")
ONLY_OTHER_PARTY_ANSWERS = _("The claim is answered by the other party, not by the claiming party.")


@dataclass
class ClaimTerms:
    """A claim as presented: the amount, its factual and its contractual basis."""

    amount: Decimal | None
    facts: str
    document: object
    section: object = None


def _claim_problems(terms: ClaimTerms) -> dict:
    errors = {}
    if terms.amount is None or terms.amount <= 0:
        errors["amount"] = AMOUNT_REQUIRED
    if not (terms.facts or "").strip():
        errors["facts"] = FACTS_REQUIRED
    if terms.document is None:
        errors["document"] = DOCUMENT_REQUIRED
    elif terms.section is not None and terms.section.document_id != terms.document.pk:
        errors["section"] = SECTION_OF_OTHER_DOCUMENT
    return errors


def _same_open_claim(disagreement: Disagreement, claimant, terms: ClaimTerms) -> Claim | None:
    """The party's unanswered claim with the same amount, facts and basis, if there is one:
    the claim form has no version, so a form sent twice is recognised by what it says. The
    disagreement's row is locked first: a lock on claims that are not there yet locks nothing,
    so two copies sent at the same moment would both find none and both be saved."""
    Disagreement.objects.select_for_update().filter(pk=disagreement.pk).first()
    return Claim.objects.filter(
        disagreement=disagreement,
        claimant=claimant,
        answer="",
        amount=terms.amount,
        facts=terms.facts,
        document=terms.document,
        section=terms.section,
    ).first()


@transaction.atomic
def claim_present(*, actor, disagreement: Disagreement, terms: ClaimTerms) -> Claim:
    """A party claims economic settlement; the other party has
    DISAGREEMENT_CLAIM_ANSWER_DAYS to answer it in writing."""
    W.move_check(actor=actor, case=disagreement, code="claim")
    if errors := _claim_problems(terms):
        raise ValidationError(errors)
    claimant = proposing_party(actor, disagreement)
    if same := _same_open_claim(disagreement, claimant, terms):
        return same  # the form sent twice: presented once
    claim = Claim(
        disagreement=disagreement,
        claimant=claimant,
        amount=terms.amount,
        facts=terms.facts,
        document=terms.document,
        section=terms.section,
        created_by=actor.user,
        answer_due=timezone.localdate()
        + datetime.timedelta(days=settings.DISAGREEMENT_CLAIM_ANSWER_DAYS),
    )
    claim.full_clean()
    claim.save()
    W.transition(
        actor=actor,
        case=disagreement,
        code="claim",
        facts={
            "claim": claim.pk,
            "party": claimant.pk,
            "amount": str(claim.amount),
            "document": claim.document_id,
            "section": claim.section_id,
            "answer_due": str(claim.answer_due),
        },
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("A claim for economic settlement"),
        body=gettext(
            "{party} claims {amount}. Answer the claim in writing by {due}; step 3 decides "
            "once it is answered."
        ).format(party=claimant, amount=claim.amount_display, due=claim.answer_due),
    )
    return claim


def _answered_just_so(actor, disagreement, *, claim_id, answer: str) -> Claim | None:
    """The claim this person has already answered with these very words, if any."""
    return Claim.objects.filter(
        pk=claim_id, disagreement=disagreement, answered_by=actor.user, answer=answer
    ).first()


@transaction.atomic
def claim_answer(*, actor, disagreement: Disagreement, claim, answer: str) -> Claim:
    """The other party answers a claim in writing."""
    W.move_check(actor=actor, case=disagreement, code="claim_answer")
    claim_id = getattr(claim, "pk", None)
    open_claim = Claim.objects.select_for_update().filter(
        pk=claim_id, disagreement=disagreement, answer=""
    )
    claim = open_claim.first()
    if claim is None:
        # The same answer sent twice is one answer, with no error, as every move sent twice.
        answered = _answered_just_so(actor, disagreement, claim_id=claim_id, answer=answer)
        if answered is not None:
            return answered
        raise ValidationError({"claim": NOT_A_CLAIM_OF_CASE})
    if not (acting_party_ids(actor, disagreement) - {claim.claimant_id}):
        raise ValidationError({"claim": ONLY_OTHER_PARTY_ANSWERS})
    if not (answer or "").strip():
        raise ValidationError({"answer": ANSWER_REQUIRED})
    claim.answer, claim.answered_by, claim.answered_at = answer, actor.user, timezone.now()
    claim.full_clean()
    claim.save(update_fields=["answer", "answered_by", "answered_at"])
    W.transition(
        actor=actor,
        case=disagreement,
        code="claim_answer",
        facts={"claim": claim.pk, "answer": FREE_TEXT_CHANGED},
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("The claim has been answered"),
        body=gettext("The other party has answered the claim of {amount} in writing.").format(
            amount=claim.amount_display
        ),
    )
    return claim
