"""DEMO DATA, NOT REAL DECISIONS: invented council decisions and terminations for `make run`.

The dates, references, the two rejections, the two undecided parties and the termination
below are made up so the overview pages have something to show. They are not the real
decisions of any municipality or of the regional council. Idempotent: a party that already
has a decision, or a termination that exists, is left as it is.
"""

from datetime import date

from django.contrib.auth import get_user_model

from samsyn.agreements.models import AdoptionDecision, GoverningDocument, Termination
from samsyn.agreements.services import (
    adoption_decision_record,
    agreement_registry_file,
    agreement_registry_load,
    termination_register,
)
from samsyn.parties.models import Party

AGREEMENT_CODE = "HSA-2027"
# Demo: municipality code -> (status, decision date or None, reference).
REJECTED = {
    "1438": (date(2026, 4, 27), "KF 2026-04-27 § 41"),  # Dals-Ed (demo)
    "1447": (date(2026, 5, 18), "KF 2026-05-18 § 62"),  # Gullspång (demo)
}
# Tjörn (demo): on the agenda in June, like the municipality in the working group's notes of
# 2026-05-11
PENDING = {"1419"}
UNDECIDED = {"1445"}  # Essunga (demo): nothing registered at all
# Demo terminations: (municipality code, document code, notice received).
TERMINATIONS = [
    ("1463", "HSA-2027", date(2026, 10, 15)),  # Mark (demo) terminates the whole agreement
    ("1470", "OK-MUNHALSA", date(2026, 11, 2)),  # Vara (demo) terminates one sub-agreement
]


def _approval_date(index: int) -> date:
    """Spread invented approvals over February–May 2026, before the deadline 31 May."""
    month = 2 + index % 4
    return date(2026, month, 3 + (index * 7) % 25)


def decisions_load() -> int:
    """Record the invented decisions and terminations that are missing; returns how many."""
    agreement = GoverningDocument.objects.filter(code=AGREEMENT_CODE).first()
    if agreement is None:
        agreement_registry_load(data=agreement_registry_file("vastra_gotaland"))
        agreement = GoverningDocument.objects.get(code=AGREEMENT_CODE)
    actor = get_user_model().objects.filter(username="lansadmin").first()
    decided = set(
        AdoptionDecision.objects.filter(document=agreement).values_list("party__code", flat=True)
    )
    created = 0
    parties = Party.objects.filter(county=agreement.county).order_by("kind", "name")
    for index, party in enumerate(parties):
        if party.code in decided or party.code in UNDECIDED:
            continue
        if party.is_region:
            status, day, ref = "approved", date(2026, 5, 26), "RF 2026-05-26 § 98"
        elif party.code in REJECTED:
            status, (day, ref) = "rejected", REJECTED[party.code]
        elif party.code in PENDING:
            status, day, ref = "pending", None, ""
        else:
            day = _approval_date(index)
            status, ref = "approved", f"KF {day.isoformat()} § {10 + index}"
        adoption_decision_record(
            actor=actor,
            party=party,
            document=agreement,
            status=status,
            decision_date=day,
            reference=ref,
        )
        created += 1
    for party_code, document_code, notified_on in TERMINATIONS:
        party = Party.objects.get(code=party_code)
        document = GoverningDocument.objects.get(county=agreement.county, code=document_code)
        if Termination.objects.filter(party=party, document=document).exists():
            continue
        termination_register(
            actor=actor,
            party=party,
            document=document,
            notified_on=notified_on,
            reference=f"KF {notified_on.isoformat()} (demo)",
        )
        created += 1
    return created
