"""The escalation ladder as a state machine (issue 22 item 5): hypothesis draws any sequence of
escalations, skip proposals and answers, interim solutions and settlements by the managers of
both parties at every step, through the services and the case engine; after every step:

- the case is a dispute exactly at step 3, and a settlement exists only there;
- an affected patient never leaves step 1 without an answer on their needs;
- the steps are 1..current, each earlier one ended escalated, or skipped with a recorded reason;
- a refused move changes nothing.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from samsyn.core.access import actor_for
from samsyn.disagreements import services
from samsyn.disagreements.models import Disagreement, EconomicSettlement, EscalationStep
from samsyn.disagreements.tests.factories import TODAY, open_case

REFUSED = (ValidationError, PermissionDenied)
MANAGERS = st.sampled_from(["boras1", "sas1", "boras2", "sas2", "boras3", "sas3", "analyst"])
REASON = st.sampled_from(["", "  ", "Ingen samsyn på denna nivå."])
BOUNDED = settings(
    max_examples=25, stateful_step_count=15, deadline=None, suppress_health_check=list(HealthCheck)
)


class Ladder(RuleBasedStateMachine):
    """The test gives it its fixtures (`given`): the ladder's people and the two providers."""

    given: dict = {}

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.case = None

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    @initialize(patient=st.booleans(), answered=st.booleans())
    def register(self, patient, answered):
        g = self.given
        self.case = open_case(
            g["ladder"]["boras1"], g["boras"], g["sas"], patient_affected=patient, temporary=patient
        )
        if patient and not answered:  # a case registered before the answer was required
            Disagreement.objects.filter(pk=self.case.pk).update(
                temporary_solution="", temporary_solution_from=None
            )

    def _try(self, call, who, **kwargs):
        self.case.refresh_from_db()
        before = (self.case.current_step, self.case.status, self.case.version)
        try:
            call(
                actor=actor_for(self.given["ladder"][who]),
                disagreement=self.case,
                expected_version=self.case.version,
                **kwargs,
            )
        except REFUSED:
            self.case.refresh_from_db()
            assert (self.case.current_step, self.case.status, self.case.version) == before
            return
        self.case.refresh_from_db()
        assert self.case.current_step in (before[0], before[0] + 1, 3)

    @rule(who=MANAGERS, reason=REASON)
    def escalate(self, who, reason):
        self._try(services.disagreement_escalate, who, reason=reason)

    @rule(who=MANAGERS, reason=REASON)
    def propose_to_skip_step_2(self, who, reason):
        self._try(services.step_skip_propose, who, reason=reason)

    @rule(who=MANAGERS)
    def accept_the_skip(self, who):
        self._try(services.step_skip_accept, who)

    @rule(who=MANAGERS)
    def decline_the_skip(self, who):
        self._try(services.step_skip_decline, who)

    @rule(who=MANAGERS, text=st.sampled_from(["", "Hemsjukvården tar över insatserna."]))
    def answer_the_patients_needs(self, who, text):
        self._try(services.temporary_solution_set, who, text=text, valid_from=TODAY)

    @rule(who=MANAGERS)
    def record_a_settlement(self, who):
        g = self.given
        terms = services.SettlementTerms(
            payer=g["sas"].party,
            payee=g["boras"].party,
            amount=Decimal("125000.00"),
            basis="Betalningsansvar enligt överenskommelsen, 14 dygn.",
            decided_on=TODAY,
            reference="RS 2027-0042",
        )
        self._try(services.settlement_record, who, terms=terms)

    @invariant()
    def a_dispute_exactly_at_step_3(self):
        if self.case is None:
            return
        case = self.case
        assert case.is_dispute == (case.current_step == 3)
        if EconomicSettlement.objects.filter(disagreement=case).exists():
            assert case.current_step == 3

    @invariant()
    def no_affected_patient_past_step_1_without_an_answer(self):
        if self.case is not None and self.case.current_step > 1 and self.case.patient_affected:
            assert self.case.has_patient_answer

    @invariant()
    def every_step_before_the_current_one_escalated_or_skipped_with_a_reason(self):
        if self.case is None:
            return
        steps = list(self.case.steps.order_by("number"))
        assert [s.number for s in steps] == list(range(1, self.case.current_step + 1))
        for step in steps[:-1]:
            assert step.outcome in (
                EscalationStep.Outcome.ESCALATED,
                EscalationStep.Outcome.SKIPPED,
            )
            assert step.outcome_text.strip()
        skipped = [s for s in steps if s.outcome == EscalationStep.Outcome.SKIPPED]
        assert all(s.number == 2 for s in skipped)  # noqa: PLR2004 - only step 2 is skipped


def test_any_sequence_of_ladder_moves_keeps_its_rules(ladder, boras, sas):
    Ladder.given = {"ladder": ladder, "boras": boras, "sas": sas}
    run_state_machine_as_test(Ladder, settings=BOUNDED)
