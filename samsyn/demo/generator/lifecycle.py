"""When each move of a deviation happens: the plan of one case's life (the addendum presentation,
#HoSavtal2027: identify,
analyse, act, follow up), cut off at "now" so that nothing is dated in the future.

Times are epoch seconds (clock.py); days are the clock's local day numbers. A later move (a
lex Maria assessment) is one more field here and one more step in deviations.py, as the
receiver's answer is (`answer_plan`, decision 0012).
"""

from dataclasses import dataclass, field

WORKDAY_START = 7 * 3600
WORKDAY_LENGTH = 10 * 3600
ORDER = {
    "sent": 0,
    "acknowledged": 1,
    "analysed": 2,
    "measures_decided": 3,
    "followed_up": 4,
    "closed": 5,
}

# The share of cases that stop at a stage and are never taken further (they stay open and
# overdue, as some do in every county); per era, the old system's first.
STALL = {"old": 0.0015, "samsyn": 0.0008}
LATE = {"old": 0.22, "samsyn": 0.08}  # acknowledged after the due date
NO_MEASURE = {"old": 0.5, "samsyn": 0.12}
LIFTED = 0.02
LIFTED_TO_COUNTY = 0.2  # of lifted cases

# The receiver's answer on the facts (decision 0012): its view of the description when it
# acknowledges, then an answer within the governing document's answer_days. Per era: answers
# after the deadline, and open cases the receiver never answers (overdue once the day passes).
POSITIONS = (("agrees", 0.82), ("partly", 0.13), ("disputes", 0.05))
ANSWER_LATE = {"old": 0.18, "samsyn": 0.07}
NO_ANSWER = {"old": 0.06, "samsyn": 0.03}


@dataclass(slots=True)
class DeviationPlan:
    reported: int
    sent_day: int
    ack_due: int  # local day
    analysis_due: int
    acknowledged: int | None = None
    analysed: int | None = None
    no_measure: int | None = None
    measures: list = field(default_factory=list)  # [[added, due day, done day or None]]
    decided: int | None = None
    followed_up: int | None = None
    closed: int | None = None
    lifted: tuple | None = None  # (at, level)
    comments: list = field(default_factory=list)  # [(at, written by the reporting side)]
    answer_due: int | None = None  # local day
    position: str = ""  # the receiver's view, given when it acknowledges
    answered: int | None = None

    def state_at(self, at: int) -> str:
        """The case's state at a moment: what a move that keeps the state records as its
        from and to state in the case history."""
        state = "sent"
        for moment, reached in (
            (self.acknowledged, "acknowledged"),
            (self.analysed, "analysed"),
            (self.decided, "measures_decided"),
            (self.followed_up, "followed_up"),
            (self.closed, "closed"),
        ):
            if moment is None or moment > at:
                break
            state = reached
        return state

    @property
    def status(self) -> str:
        if self.closed is not None:
            return "closed"
        if self.followed_up is not None:
            return "followed_up"
        if self.decided is not None:
            return "measures_decided"
        if self.analysed is not None:
            return "analysed"
        if self.acknowledged is not None:
            return "acknowledged"
        return "sent"


def deviation_plan(
    *,
    rng,
    clock,
    era: str,
    reported: int,
    now: int,
    due_days: tuple[int, int],
    stop: str | None = None,
    no_measure: bool | None = None,
    lifted: bool | None = None,
) -> DeviationPlan:
    """The case's moves; `stop` ends the case at a status (the demo's stories), else the case
    goes as far as its random course and the clock allow. `due_days`: the days to acknowledge
    and to analyse (settings.DEVIATION_ACK_DAYS, DEVIATION_ANALYSIS_DAYS)."""
    random = rng.random
    local_day, at = clock.local_day, clock.at
    sent_day = local_day(reported)
    plan = DeviationPlan(
        reported=reported,
        sent_day=sent_day,
        ack_due=sent_day + due_days[0],
        analysis_due=sent_day + due_days[1],
    )
    stall = STALL[era] if stop is None else 0.0
    stop_rank = ORDER[stop] if stop is not None else 9
    # A story (stop given) moves briskly, so it reaches its status in the days it is given.
    quick = stop is not None

    def when(after: int, low: int, high: int) -> int:
        if quick:
            low, high = min(low, 1), min(high, 3)
        day = local_day(after) + low + int(random() * (high - low + 1))
        moment = at(day, WORKDAY_START + int(random() * WORKDAY_LENGTH))
        return moment if moment > after else after + 300

    def reached(moment: int, status: str) -> bool:
        return moment <= now and ORDER[status] <= stop_rank and random() >= stall

    late = random() < LATE[era] and not quick
    ack = when(reported, 15, 45) if late else when(reported, 0, 12)
    if not reached(ack, "acknowledged"):
        return plan
    plan.acknowledged = ack
    analysed = when(ack, 3, 40 if late else 25)
    if not reached(analysed, "analysed"):
        return plan
    plan.analysed = analysed
    last = analysed
    if no_measure if no_measure is not None else random() < NO_MEASURE[era]:
        decision = when(analysed, 0, 2)
        if decision <= now:
            plan.no_measure = last = decision
    else:
        for _ in range(1 if random() < 0.7 else 2):
            added = when(last, 0, 2)
            if added > now:
                break
            due = local_day(added) + (10 if quick else 20) + int(random() * (11 if quick else 71))
            plan.measures.append([added, due, None])
            last = added
    decided = when(last, 1, 6)
    if (plan.measures or plan.no_measure) and reached(decided, "measures_decided"):
        plan.decided = decided
        decided_day, today = local_day(decided), local_day(now)
        done_by = decided
        for measure in plan.measures:
            done = (
                decided_day + 1 + int(random() * 4)
                if quick
                else max(measure[1] - 20 + int(random() * 31), decided_day + 1)
            )
            if done <= today:
                measure[2] = done
                done_by = max(done_by, at(done, 15 * 3600))
        if all(m[2] is not None for m in plan.measures):
            followed = when(done_by, 1, 14) if plan.measures else when(decided, 14, 60)
            if reached(followed, "followed_up"):
                plan.followed_up = followed
                closed = when(followed, 0, 7)
                if reached(closed, "closed"):
                    plan.closed = closed
    _lift_and_comment(plan, random, now, lifted)
    return plan


def _lift_and_comment(plan: DeviationPlan, random, now: int, lifted: bool | None) -> None:
    end = plan.closed or now
    if plan.analysed and (lifted if lifted is not None else random() < LIFTED):
        moment = plan.analysed + 86_400 * (1 + int(random() * 10)) + 7200
        if moment < end:
            plan.lifted = (moment, "county" if random() < LIFTED_TO_COUNTY else "sub_regional")
    count = (0, 0, 0, 1, 1, 2)[int(random() * 6)]
    span = end - plan.reported
    if count and span > 3600:
        plan.comments = sorted(
            (plan.reported + int(random() * span), random() < 0.5) for _ in range(count)
        )


def answer_plan(plan: DeviationPlan, *, rng, clock, era: str, now: int, answer_days: int) -> None:
    """The receiver's answer, as deviation_send, _acknowledge and deviation_answer write it:
    the due date counted from sending; a position for an acknowledged case; an answer after
    the analysis (most within the deadline, some late), always before closing (the answer move
    is offered from acknowledged until closed), none for an open case whose moment is still to
    come or whose receiver never answers. Drawn from its own stream (`rng`), so the rest of
    the case is the same as without it."""
    random, local_day, at = rng.random, clock.local_day, clock.at
    plan.answer_due = due = plan.sent_day + answer_days
    ack = plan.acknowledged
    if ack is None:
        return
    draw, position = random(), POSITIONS[-1][0]
    for value, share in POSITIONS:
        if draw < share:
            position = value
            break
        draw -= share
    plan.position = position
    if plan.closed is None and random() < NO_ANSWER[era]:
        return
    if random() < ANSWER_LATE[era]:
        day = due + 1 + int(random() * 40)
    else:
        base = local_day(plan.analysed or ack)
        day = min(base + int(random() * 12), due - int(random() * 3))
    answered = at(day, WORKDAY_START + int(random() * WORKDAY_LENGTH))
    answered = max(answered, (plan.analysed or ack) + 600)
    if plan.closed is not None and answered >= plan.closed:
        answered = max(plan.closed - 600 - int(random() * 86_400), ack + 300)
    if answered <= now and (plan.closed is None or answered < plan.closed):
        plan.answered = answered
