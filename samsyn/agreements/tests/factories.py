"""Test data for the agreement registry; other apps may import these too.

The registry itself (documents, versions, sections) is loaded once per test session by the
root conftest; decisions and terminations are made here, through the services.
"""

from datetime import date

from samsyn.agreements.models import AdoptionDecision, GoverningDocument
from samsyn.agreements.services import adoption_decision_record, termination_register
from samsyn.parties.models import Party

AGREEMENT_CODE = "HSA-2027"
DECIDED_ON = date(2026, 4, 12)


def document(code: str = AGREEMENT_CODE) -> GoverningDocument:
    return GoverningDocument.objects.get(county__code="14", code=code)


def party(code: str) -> Party:
    return Party.objects.get(code=code)


def region() -> Party:
    return Party.objects.get(county__code="14", kind=Party.Kind.REGION)


def decide(
    who: Party,
    status: str = AdoptionDecision.Status.APPROVED,
    *,
    on: date | None = DECIDED_ON,
    code: str = AGREEMENT_CODE,
) -> AdoptionDecision:
    return adoption_decision_record(
        actor=None,
        party=who,
        document=document(code),
        status=status,
        decision_date=None if status == AdoptionDecision.Status.PENDING else on,
    )


def agreement_approved(*parties: Party, on: date = DECIDED_ON) -> None:
    """The regional council and the given municipalities approve the 2027 agreement."""
    decide(region(), on=on)
    for who in parties:
        decide(who, on=on)


def agreement_approved_by_all(*, on: date = DECIDED_ON) -> None:
    """Every party of Västra Götaland approves: the normal state from 2027 on."""
    agreement_approved(*Party.objects.filter(county__code="14", kind="municipality"), on=on)


def terminate(who: Party, code: str = AGREEMENT_CODE, *, on: date):
    return termination_register(actor=None, party=who, document=document(code), notified_on=on)
