"""The case engine: a case type's states, the table of moves between them, who may make each
move, and the one place a case changes state (docs/decisions/0008-case-engine.md).

A case app declares, in its `workflow.py`, a `Workflow` with its states and a table of `Move`s;
each move names a row of the permission table (core/access.py). Then:

- `moves_available(actor, case)` answers "which actions may this person take on this case
  now?" for the pages, the API and the tests alike;
- `permit()` / `move_check()` refuse a move the person may not make (PermissionDenied) or the
  state does not allow (a ValidationError naming both states);
- `transition()` makes the move: checked, saved with optimistic locking, written to the
  history (`cases.Transition`) and to the audit trail, all in the caller's transaction.

Services stay the domain: `deviation_acknowledge()` validates its own fields, then calls
`DEVIATION_WORKFLOW.transition(...)`. The engine imports no domain app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from samsyn.audit.services import audit_changes, audit_record
from samsyn.cases.models import Transition
from samsyn.core.access import PERMISSIONS, can
from samsyn.core.services import model_update

# Every case type's workflow by its model: the audit display names a case's states with it.
WORKFLOWS: dict[type, "Workflow"] = {}

# Messages are constants tests can name; they are translated when raised.
BAD_TRANSITION = gettext_noop("The case cannot go from “{current}” to “{target}”.")
NOT_IN_THIS_STATE = gettext_noop("That cannot be done while the case has the status “{current}”.")
BAD_TRANSITION_CODE = "bad_transition"


@dataclass(frozen=True)
class Move:
    """One row of a case type's table of moves.

    A code may have several rows with different sources (escalate: step 1 → 2 and 2 → 3);
    the row whose sources hold the case's state is the one that applies.
    """

    code: str  # English and stable, for the API and the history: "acknowledge"
    slug: str  # the Swedish URL segment users see: "kvittera"
    label: str | Callable  # the button or link on the case page; or label(case)
    sources: Iterable[str]  # the states it may start from
    permission: str  # a row of the permission table, e.g. "deviations.handle"
    # The state it leads to; None = the case stays where it is (a comment, a measure);
    # or target(case) when it depends on the case (reopen: back to the step it was at).
    target: str | Callable | None = None
    # What can() judges: scope(case) (the responsible side, say); default the case itself.
    scope: Callable | None = None
    # An extra condition for offering it: offered(case, actor) (no measures yet, …).
    offered: Callable | None = None
    # The natural next step in its states: the page's primary button; or primary(case) when
    # it depends on the case (an interim solution for the patient while none is written).
    primary: bool | Callable = False
    # The audit action; default "<workflow prefix>.<code>".
    action: str = ""
    # What the case's history says it did: a text, or done(history row); default the
    # label of the state it reached (a move that keeps the state must say what it did).
    done: str | Callable = ""
    # Why a person without the permission is refused; formatted with case=….
    denied: str = ""
    # Why it cannot be made in the case's state (formatted with current=, the state's label);
    # default: the case cannot go from the one state to the other.
    not_now: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))

    def label_for(self, case) -> str:
        return str(self.label(case) if callable(self.label) else self.label)

    def primary_for(self, case) -> bool:
        return bool(self.primary(case) if callable(self.primary) else self.primary)

    def target_for(self, case) -> str | None:
        return self.target(case) if callable(self.target) else self.target

    def judged(self, case):
        return self.scope(case) if self.scope else case


@dataclass
class Workflow:
    """A case type: its model, states, moves, and how the state is read and written."""

    model: type
    states: type  # a TextChoices: values and their labels
    moves: list[Move]
    prefix: str  # of audit actions: "deviations.deviation"
    case_kwarg: str  # what services call the case: deviation=…
    state_field: str = "status"
    # For a state spread over several fields (a disagreement's status and step):
    state_of: Callable | None = None  # state_of(case) -> state
    fields_of: Callable | None = None  # fields_of(state, case) -> {field: value}
    # Fields whose text the audit trail never copies (it says only that they changed).
    free_text: tuple[str, ...] = ()
    _by_code: dict = field(init=False, repr=False)

    def __post_init__(self):
        WORKFLOWS[self.model] = self
        self._by_code = {}
        for move in self.moves:
            for other in self._by_code.get(move.code, []):
                if other.sources & move.sources:
                    raise ValueError(f"{move.code}: two rows start from the same state")
            self._by_code.setdefault(move.code, []).append(move)
            if move.permission not in PERMISSIONS:
                raise ValueError(f"{move.code}: unknown permission {move.permission}")
            if move.target is None and not move.done:
                raise ValueError(f"{move.code} keeps the state: say what it did (done=…)")

    def add_move(self, move: Move) -> Move:
        """A row that another app adds to this table, checked as the table's own: the app that
        knows both case types owns the move between them (a disagreement opened from a
        deviation is the disagreements app's row in the deviation's table). Adding the same
        code again (a second app registry in tests) changes nothing."""
        if move.code in self._by_code:
            return self._by_code[move.code][0]
        if move.permission not in PERMISSIONS:
            raise ValueError(f"{move.code}: unknown permission {move.permission}")
        if move.target is None and not move.done:
            raise ValueError(f"{move.code} keeps the state: say what it did (done=…)")
        self.moves.append(move)
        self._by_code[move.code] = [move]
        return move

    # ------------------------------------------------------------------ reading the table

    def state(self, case) -> str:
        return self.state_of(case) if self.state_of else getattr(case, self.state_field)

    def state_label(self, state: str) -> str:
        return str(self.states(state).label) if state else "–"

    def code_for_slug(self, slug: str) -> str | None:
        return next((m.code for m in self.moves if m.slug == slug), None)

    def slug(self, code: str) -> str:
        return self._by_code[code][0].slug

    def move(self, code: str, case) -> Move:
        """The row of this code that applies to the case now (or its first row)."""
        rows = self._by_code[code]
        state = self.state(case) if case.pk else ""
        return next((m for m in rows if state in m.sources), rows[0])

    def may(self, actor, case, move: Move, *, scope=None) -> bool:
        return can(actor, move.permission, scope if scope is not None else move.judged(case))

    def moves_available(self, actor, case) -> list[Move]:
        """The moves this person can make on this case now: the state allows them, the
        permission table grants them, and their extra condition holds. In table order."""
        state = self.state(case)
        return [
            m
            for m in self.moves
            if state in m.sources
            and self.may(actor, case, m)
            and (m.offered is None or m.offered(case, actor))
        ]

    def primary_move(self, actor, case) -> Move | None:
        """The next action this person can take, shown first."""
        return next((m for m in self.moves_available(actor, case) if m.primary_for(case)), None)

    def allows(self, actor, case, code: str, *, scope=None) -> bool:
        """May this person make this move on the case now (judged on `scope`, e.g. an item)?"""
        move = self.move(code, case)
        return (
            self.state(case) in move.sources
            and self.may(actor, case, move, scope=scope)
            and (move.offered is None or move.offered(case, actor))
        )

    # ------------------------------------------------------------------ checking a move

    def permit(self, *, actor, case, code: str, scope=None) -> Move:
        """Refuse (PermissionDenied) a person the permission table does not allow the move."""
        move = self.move(code, case)
        if not self.may(actor, case, move, scope=scope):
            raise PermissionDenied(gettext(move.denied).format(case=case) if move.denied else "")
        return move

    def move_check(self, *, actor, case, code: str, scope=None) -> Move:
        """Permission, then state: a move the table does not allow from here is refused,
        naming both states."""
        move = self.permit(actor=actor, case=case, code=code, scope=scope)
        current = self.state(case)
        if current not in move.sources:
            target = move.target_for(case)
            message = move.not_now or (BAD_TRANSITION if target else NOT_IN_THIS_STATE)
            raise ValidationError(
                gettext(message).format(
                    current=self.state_label(current), target=self.state_label(target or "")
                ),
                code=BAD_TRANSITION_CODE,
            )
        return move

    def note_check(self, note: str) -> str:
        """A move's note, stripped; refused (keyed "note") if it holds a personnummer."""
        note = (note or "").strip()
        Transition(note=note).clean_fields(
            exclude=["content_type", "object_id", "move", "to_state", "by", "at", "data"]
        )
        return note

    # ------------------------------------------------------------------ making a move

    def transition(
        self,
        *,
        actor,
        case,
        code: str,
        expected_version: int | None = None,
        data: dict | None = None,
        note: str = "",
        facts: dict | None = None,
        scope=None,
    ) -> dict:
        """Make a move: check it, save the case (`data` and the new state) with optimistic
        locking, write the history row and the audit event. Returns {field: (before, after)}.

        A move that changes the case needs the version the person saw (`expected_version`);
        one that only adds to it (a comment, a measure) needs none and changes no version.
        `facts` are the move's raw values (ids, codes, dates; never free text): kept in the
        trail and on the history row, where the page finds e.g. which measure was added.
        `scope` judges the permission on something else than the move's scope (an item).
        """
        move = self.move_check(actor=actor, case=case, code=code, scope=scope)
        note = self.note_check(note)
        current = self.state(case)
        target = move.target_for(case)
        fields = {**(data or {}), **(self.fields_for(target, case) if target else {})}
        changes = {}
        if fields:
            if expected_version is None:
                raise ValueError(f"{code} changes the case: pass the version the person saw")
            changes = model_update(
                instance=case, fields=list(fields), data=fields, expected_version=expected_version
            )
        self.history_row(
            case=case,
            code=code,
            from_state=current,
            to_state=target or current,
            by=getattr(actor, "user", None),
            note=note,
            data=facts,
        ).save()
        self._audit(actor, case, move, current, target, changes, note, facts)
        return changes

    def created(self, *, actor, case, code: str, facts: dict | None = None) -> None:
        """Record a new, saved case: the move from nowhere (a row with no sources) into its
        first state, in the history and the trail."""
        move = self.move(code, case)
        if move.sources:
            raise ValueError(f"{code} is not the move that creates a case")
        self.permit(actor=actor, case=case, code=code)
        self.history_row(case=case, code=code, to_state=self.state(case), by=actor.user).save()
        audit_record(
            actor=actor, action=move.action or f"{self.prefix}.{code}", target=case, data=facts
        )

    def created_many(self, *, actor, cases: list, code: str, facts: Callable) -> None:
        """`created()` for many new, saved cases at once (the history import): each is
        permitted and gets its history row and its own event in the trail, as `created()`
        gives it, but the history rows go in one insert. `facts(case)` gives a case's facts."""
        moves = []
        for case in cases:
            move = self.move(code, case)
            if move.sources:
                raise ValueError(f"{code} is not the move that creates a case")
            self.permit(actor=actor, case=case, code=code)
            moves.append(move)
        Transition.objects.bulk_create(
            [
                self.history_row(case=case, code=code, to_state=self.state(case), by=actor.user)
                for case in cases
            ]
        )
        for case, move in zip(cases, moves, strict=True):
            action = move.action or f"{self.prefix}.{code}"
            audit_record(actor=actor, action=action, target=case, data=facts(case))

    def history_row(
        self, *, case, code, from_state="", to_state, by=None, note="", at=None, data=None
    ):
        """An unsaved history row: what `transition()` saves, and what a bulk writer builds
        for `Transition.objects.bulk_create()` (with `at` set to the historic moment)."""
        return Transition(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=case.pk,
            move=code,
            from_state=from_state,
            to_state=to_state,
            by=by if getattr(by, "pk", None) else None,
            at=at or timezone.now(),
            note=note,
            data=data or {},
        )

    def fields_for(self, state: str, case) -> dict:
        return self.fields_of(state, case) if self.fields_of else {self.state_field: state}

    def _audit(self, actor, case, move, current, target, changes, note, facts) -> None:
        """The trail: from and to (a move between states), what changed (before/after, free
        text only as "changed"), whether a note was written, and the move's facts. Facts may
        bring their own before/after (links to other rows) to add to the fields'."""
        facts = dict(facts or {})
        state_fields = set(self.fields_for(target, case)) if target else set()
        changed = {k: v for k, v in changes.items() if k not in state_fields}
        before = {k: _raw(v[0]) for k, v in changed.items()} | facts.pop("before", {})
        after = {k: _raw(v[1]) for k, v in changed.items()} | facts.pop("after", {})
        data = {"from": current, "to": target} if target else {}
        if before or after:
            data.update(audit_changes(before=before, after=after, free_text=self.free_text))
        if note:
            data["note_written"] = True
        audit_record(
            actor=actor,
            action=move.action or f"{self.prefix}.{move.code}",
            target=case,
            data={**data, **facts},
        )


def _raw(value):
    """A related row as its id: the trail keeps raw values."""
    return getattr(value, "pk", value)
