"""The deviation lifecycle as a state machine (issue 22 item 5): hypothesis draws any sequence
of moves, allowed and refused, by the responsible handler and by the reporter, through the
services and the case engine; after every step the rules hold.

- A case closes (or has its measures decided) only with a measure or a reasoned decision that
  none is needed; never both a no-measure decision and a measure.
- The status only moves along the lifecycle, one state at a time, each state reached once.
- A refused move changes nothing (status and version as before), a stale version is refused.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from samsyn.deviations import services
from samsyn.deviations.models import Cause, Status

REFUSED = (ValidationError, PermissionDenied)
ORDER = [
    Status.SENT,
    Status.ACKNOWLEDGED,
    Status.ANALYSED,
    Status.MEASURES_DECIDED,
    Status.FOLLOWED_UP,
    Status.CLOSED,
]
WHO = st.sampled_from(["counterpart_handler", "counterpart_handler", "reporter"])
TEXT = st.sampled_from(["", "   ", "Rutinen saknade en kontrollpunkt vid utskrivning."])
BOUNDED = settings(
    max_examples=12,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


class Lifecycle(RuleBasedStateMachine):
    """The test gives it its fixtures (`given`): a case maker, the actors, the other party."""

    given: dict = {}

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.case = self.given["case_in"](Status.SENT)
        self.reached = [Status.SENT]

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def _try(self, call, **kwargs):
        """Make the move; a refused one must leave the case as it was."""
        self.case.refresh_from_db()
        before = (self.case.status, self.case.version)
        try:
            call(deviation=self.case, **kwargs)
        except REFUSED:
            self.case.refresh_from_db()
            assert (self.case.status, self.case.version) == before
            return
        self.case.refresh_from_db()
        if self.case.status != before[0]:
            assert ORDER.index(self.case.status) == ORDER.index(before[0]) + 1
            self.reached.append(self.case.status)

    def _versioned(self, call, who, **kwargs):
        self._try(
            call, actor=self.given["actors"][who], expected_version=self.case.version, **kwargs
        )

    @rule(who=WHO)
    def acknowledge(self, who):
        self._versioned(services.deviation_acknowledge, who)

    @rule(who=WHO, analysis=TEXT, with_cause=st.booleans())
    def analyse(self, who, analysis, with_cause):
        causes = list(Cause.objects.filter(is_active=True)[:1]) if with_cause else []
        self._versioned(services.deviation_analyse, who, causes=causes, analysis=analysis)

    @rule(who=WHO, description=TEXT, days=st.integers(min_value=-1, max_value=30))
    def add_measure(self, who, description, days):
        self._try(
            services.measure_add,
            actor=self.given["actors"][who],
            owner_provider=self.given["sas"],
            description=description,
            due_date=timezone.localdate() + datetime.timedelta(days=days),
        )

    @rule(who=WHO)
    def mark_a_measure_done(self, who):
        measure = self.case.measures.filter(done_date__isnull=True).first()
        if measure is not None:
            try:
                services.measure_mark_done(
                    actor=self.given["actors"][who], measure=measure, done_date=timezone.localdate()
                )
            except REFUSED:
                measure.refresh_from_db()
                assert measure.done_date is None

    @rule(who=WHO, reason=TEXT)
    def decide_no_measure(self, who, reason):
        self._versioned(services.deviation_record_no_measure, who, reason=reason)

    @rule(who=WHO)
    def decide_measures(self, who):
        self._versioned(services.deviation_decide_measures, who)

    @rule(who=WHO, text=TEXT)
    def follow_up(self, who, text):
        self._versioned(services.deviation_follow_up, who, follow_up=text)

    @rule(who=WHO)
    def close(self, who):
        self._versioned(services.deviation_close, who)

    @rule()
    def close_from_a_stale_page(self):
        self.case.refresh_from_db()
        before = (self.case.status, self.case.version)
        try:
            services.deviation_close(
                actor=self.given["actors"]["counterpart_handler"],
                deviation=self.case,
                expected_version=self.case.version - 1,
            )
        except REFUSED:
            pass
        else:
            raise AssertionError("a stale version was accepted")
        self.case.refresh_from_db()
        assert (self.case.status, self.case.version) == before

    @invariant()
    def decided_only_with_a_measure_or_a_reason(self):
        case = self.case
        has_measure = case.measures.exists()
        has_reason = bool((case.no_measure_reason or "").strip())
        assert not (has_measure and has_reason)
        if ORDER.index(case.status) >= ORDER.index(Status.MEASURES_DECIDED):
            assert has_measure or has_reason
        if case.status == Status.CLOSED:
            assert case.closed_at is not None

    @invariant()
    def each_state_reached_once_in_order(self):
        assert self.reached == ORDER[: len(self.reached)]


def test_any_sequence_of_moves_keeps_the_lifecycles_rules(case_in, actors, sas):
    Lifecycle.given = {"case_in": case_in, "actors": actors, "sas": sas}
    run_state_machine_as_test(Lifecycle, settings=BOUNDED)
