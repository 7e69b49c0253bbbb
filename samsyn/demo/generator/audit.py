"""The audit trail and the read log, as the services and views would have written them.

Events are collected per case as they happen, then appended in time order and chained with
the audit app's own hash function (`_chain_hash`, the one call to it), continuing from the
chain head, so `manage.py audit_verify` passes over generated and real events alike.

The documented shortcut for large runs (`--audit-from`): moves before that date are history
"imported" from the old system, as the planned import will bring it: their cases keep their
status history rows, but instead of one audit event per move the trail holds one event per
generated year (`demo.history.imported`, with the number of cases and their id range). Hashing
every event of ten county years costs more than writing all the rows; the events of the
period people actually work in are all written.
"""

import heapq
from dataclasses import dataclass

from samsyn.audit.models import AuditChainHead, AuditEvent, ReadEvent
from samsyn.audit.services import GENESIS_HASH, event_hash

HISTORY_IMPORTED = "demo.history.imported"
GENERATED = "demo.county_data.generated"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it, as audit_record writes it (user, username, provider names, roles)."""

    user_id: int | None
    username: str
    provider_name: str
    roles: str


SYSTEM = Actor(None, "system", "", "")


class _Event:
    """What event_hash reads, without building a model instance per event (5× cheaper).

    Fields the AuditEvent model gains later (e.g. a key version) fall back to the model
    field's default, so the hash and the written row stay in step with the audit app.
    """

    __slots__ = (
        "at",
        "user_id",
        "username",
        "provider_name",
        "roles",
        "action",
        "object_type",
        "object_id",
        "data",
        "prev_hash",
        "county_id",
        "hash",
        "id",
    )

    def __getattr__(self, name):
        return _field_default(name)


_DEFAULTS: dict[str, object] = {}


def _field_default(name: str):
    if name not in _DEFAULTS:
        fields = {f.attname: f for f in AuditEvent._meta.concrete_fields}
        if name not in fields:
            raise AttributeError(name)
        _DEFAULTS[name] = fields[name].get_default()
    return _DEFAULTS[name]


def _chain_hash(event: _Event) -> str:
    """The audit app's own hash of an event: the one place the generator calls it."""
    return event_hash(event)


class AuditTrail:
    """Collects events (times in epoch seconds); `append_until(t)` chains and writes those
    before t in time order."""

    def __init__(self, writer, clock, *, audit_from: int | None):
        self.audit_from = audit_from
        self.clock = clock
        self.columns = [f.attname for f in AuditEvent._meta.concrete_fields]
        self.table = writer.table(AuditEvent, self.columns)
        self._pending: list = []  # heap of (at, sequence, fields)
        self._sequence = 0
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        self.head = head
        self.last_hash = head.last_hash if head else GENESIS_HASH
        self.imported: dict[int, list] = {}  # year -> [count, first id, last id]
        self.count = 0

    def in_detail(self, at: int) -> bool:
        """Is a move at this time written event by event (or summarised as imported)?"""
        return self.audit_from is None or at >= self.audit_from

    def add(
        self,
        *,
        at: int,
        actor: Actor,
        action: str,
        object_type: str = "",
        object_id: int | str = "",
        data: dict,
        county_id: int | None,
    ) -> None:
        self._sequence += 1
        heapq.heappush(
            self._pending,
            (at, self._sequence, (actor, action, object_type, str(object_id), data, county_id)),
        )

    def imported_case(self, *, year: int, case_id: int) -> None:
        entry = self.imported.get(year)
        if entry is None:
            self.imported[year] = [1, case_id, case_id]
        else:
            entry[0] += 1
            entry[2] = case_id

    def append_until(self, until: int | None) -> None:
        pending, table, clock = self._pending, self.table, self.clock
        to_datetime, ts = clock.to_datetime, clock.ts
        columns = self.columns
        pop = heapq.heappop
        while pending and (until is None or pending[0][0] < until):
            at, _seq, (actor, action, object_type, object_id, data, county_id) = pop(pending)
            event = _Event()
            event.at, event.action, event.data = to_datetime(at), action, data
            event.user_id, event.username = actor.user_id, actor.username
            event.provider_name, event.roles = actor.provider_name, actor.roles
            event.object_type, event.object_id, event.county_id = object_type, object_id, county_id
            event.prev_hash = self.last_hash
            event.hash = self.last_hash = _chain_hash(event)
            event.id = table.new_id()
            event.at = ts(at)  # the row holds text, as the database stores it
            table.add(tuple([getattr(event, c) for c in columns]))
            self.count += 1

    def add_history_summaries(self, *, at: int, county_id: int, seed: int) -> None:
        for year, (count, first, last) in sorted(self.imported.items()):
            self.add(
                at=at,
                actor=SYSTEM,
                action=HISTORY_IMPORTED,
                data={
                    "year": year,
                    "deviations": count,
                    "first_id": first,
                    "last_id": last,
                    "seed": seed,
                    "source": "samsyn.demo.generator",
                },
                county_id=county_id,
            )

    def finish(self) -> None:
        """Append what is left and move the chain head to the last hash."""
        self.append_until(None)
        if self.head is None:
            AuditChainHead.objects.create(pk=1, last_hash=self.last_hash)
        else:
            AuditChainHead.objects.filter(pk=1).update(last_hash=self.last_hash)


class ReadLog:
    """Case pages read, as read_record writes them (channel "page")."""

    COLUMNS = [
        "id",
        "at",
        "user_id",
        "username",
        "provider_name",
        "channel",
        "object_type",
        "object_id",
        "detail",
        "county_id",
    ]

    def __init__(self, writer, clock):
        self.table = writer.table(ReadEvent, self.COLUMNS)
        self.ts = clock.ts

    def add(self, *, at: int, actor: Actor, object_type: str, object_id: int, county_id: int):
        table = self.table
        table.add(
            (
                table.new_id(),
                self.ts(at),
                actor.user_id,
                actor.username,
                actor.provider_name,
                "page",
                object_type,
                str(object_id),
                "",
                county_id,
            )
        )
