"""Writing the audit trail, in the same transaction as the change it records."""

import hashlib
import hmac
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from samsyn.audit.keys import audit_key_version_current, audit_keys
from samsyn.audit.models import AuditChainHead, AuditEvent, CaseIdsOf, ReadEvent
from samsyn.core.access import as_actor
from samsyn.core.privacy import personal_numbers_redact

GENESIS_HASH = "0" * 64


def event_canonical_json(event: AuditEvent) -> str:
    """The signed content of an event: every field but the hash itself, in a stable form.

    It includes `prev_hash`, so a row cannot be moved, dropped or re-linked without its own
    hash changing, and `key_version`, so a row cannot claim another key.
    """
    payload = {
        "at": event.at.isoformat(),
        "user_id": event.user_id,
        "username": event.username,
        "provider_name": event.provider_name,
        "roles": event.roles,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "county_id": event.county_id,
        "prev_hash": event.prev_hash,
        "key_version": event.key_version,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)


def event_hash(event: AuditEvent) -> str:
    """HMAC-SHA256 of the event's canonical JSON with the key of its `key_version`.

    The one hashing function: audit_record, audit_verify and any bulk writer use it. It reads
    only the event and the configured keys (no request state). Raises KeyError for a key
    version that is not configured.
    """
    key = audit_keys()[event.key_version]
    return hmac.new(key.encode(), event_canonical_json(event).encode(), hashlib.sha256).hexdigest()


def event_seal(event: AuditEvent, *, prev_hash: str) -> AuditEvent:
    """Link an unsaved event after `prev_hash` and sign it with the current key.

    A bulk writer seals its events in id order, each after the previous one's hash, and
    then stores the last hash in AuditChainHead (pk=1), as audit_record does.
    """
    event.prev_hash = prev_hash
    event.key_version = audit_key_version_current()
    event.hash = event_hash(event)
    return event


def _as_actor(actor):
    """Accept an Actor, a user or None (the system)."""
    return as_actor(actor)


def _actor_fields(actor) -> dict:
    if actor is None:
        return {"user": None, "username": "system", "provider_name": "", "roles": ""}
    user, memberships = actor.user, actor.memberships
    return {
        "user": user if getattr(user, "pk", None) else None,
        "username": getattr(user, "username", ""),
        "provider_name": ", ".join(sorted({m.provider.name for m in memberships}))[:150],
        "roles": ", ".join(sorted({m.role for m in memberships}))[:200],
    }


def _county_id(actor, target) -> int | None:
    """The county whose administrators review this: the object's, else the actor's only one."""
    if target is not None and hasattr(target, "access_county_id"):
        return target.access_county_id()
    if actor is None:
        return None
    counties = actor.county_ids()
    return counties.pop() if len(counties) == 1 else None


def audit_record(*, actor, action: str, target=None, data: dict | None = None) -> AuditEvent:
    """Append one event to the trail: who (user, provider, roles), when, what, on which object.

    `action` is a dotted code (`deviations.deviation.closed`); `data` holds raw values,
    never translated labels, so the trail can be shown in any language later.

    The event is chained and saved when the transaction commits (decision 0028: the chain's
    head is locked only then), so inside a larger transaction it has no id and no hash until
    the commit; a transaction that rolls back leaves no event.
    """
    actor = _as_actor(actor)
    audit_keys()[audit_key_version_current()]  # a missing key fails here, not at the commit
    # Serialise then parse: the stored JSON is exactly what was hashed.
    clean_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))
    event = AuditEvent(
        at=timezone.now(),
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        data=clean_data,
        county_id=_county_id(actor, target),
        **_actor_fields(actor),
    )
    connection = transaction.get_connection()
    if not hasattr(connection, "audit_defer"):
        # An engine without AuditChainSealing: chained now, the head locked until the commit.
        with transaction.atomic():
            audit_chain_append([event], using=connection.alias)
    elif connection.audit_in_transaction():
        connection.audit_defer(event)
    else:
        with transaction.atomic():  # its own transaction: chained as this block ends
            connection.audit_defer(event)
    return event


def audit_flush() -> None:
    """Chain and save now the events this transaction has recorded so far, instead of at its
    commit. For one long transaction that records an event per row (the history import: one
    per imported case), so they are not all held in memory until the end; the chain's head is
    then locked from here until the transaction ends. Call it outside the inner savepoints:
    a savepoint rolled back later takes the saved events with it, as it takes its rows."""
    connection = transaction.get_connection()
    if hasattr(connection, "audit_seal") and connection.audit_in_transaction():
        connection.audit_seal()


def audit_chain_append(events: list[AuditEvent], *, using: str = "default") -> None:
    """Chain unsaved events after the head, in order, and save them: the head row is locked
    (SELECT … FOR UPDATE) until the transaction ends, so appends are serialised, and the ids
    the insert takes follow the chain's order. Three statements: lock, insert, move the head."""
    head, _ = (
        AuditChainHead.objects.using(using)
        .select_for_update()
        .get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    )
    prev = head.last_hash
    for event in events:
        event_seal(event, prev_hash=prev)
        prev = event.hash
    AuditEvent.objects.using(using).bulk_create(events)
    AuditChainHead.objects.using(using).filter(pk=1).update(last_hash=prev)


def log_safe(value):
    """A search term or filter value as the logs may keep it: a personnummer typed into a
    search box or filter is replaced by a placeholder (the logs cannot be purged). Strings,
    and the strings inside dicts and lists; other values are kept as they are."""
    if isinstance(value, str):
        return personal_numbers_redact(value)
    if isinstance(value, dict):
        return {log_safe(k): log_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [log_safe(v) for v in value]
    return value


def query_for_log(params) -> str:
    """A query string (request.GET) as the read log keeps it, readable and never holding a
    personnummer: `q=[personnummer]&status=sent`."""
    return "&".join(
        f"{log_safe(name)}={log_safe(value)}" for name, values in params.lists() for value in values
    )


def read_record(
    *, actor, target=None, object_type: str = "", channel: str = "page", detail: str = ""
) -> ReadEvent:
    """Log that a person read a case (page), exported cases (export) or read one by API."""
    actor = _as_actor(actor)
    fields = _actor_fields(actor)
    return ReadEvent.objects.create(
        at=timezone.now(),
        user=fields["user"],
        username=fields["username"],
        provider_name=fields["provider_name"],
        channel=channel,
        object_type=target._meta.label_lower if target is not None else object_type,
        object_id=str(target.pk) if target is not None else "",
        detail=log_safe(detail)[:300],
        county_id=_county_id(actor, target),
    )


def read_record_export(*, actor, object_type: str, cases: QuerySet, detail: str = "") -> None:
    """Log an export as one read-log row holding the ids of every case in the file, so a review
    of who read case X finds the people who exported it too (patient data law), without a row
    per case (issue 16: a county's export would add half a million rows). The ids are taken
    by the database from `cases`, the queryset the file is written from."""
    actor = _as_actor(actor)
    fields = _actor_fields(actor)
    ReadEvent.objects.create(
        at=timezone.now(),
        user=fields["user"],
        username=fields["username"],
        provider_name=fields["provider_name"],
        channel=ReadEvent.Channel.EXPORT,
        object_type=object_type,
        object_id="",
        detail=log_safe(detail)[:300],
        county_id=_county_id(actor, None),
        case_ids=CaseIdsOf(cases),
    )


FREE_TEXT_CHANGED = "[fritext ändrad]"


def audit_changes(*, before: dict, after: dict, free_text=()) -> dict:
    """`data` for audit_record: the fields that changed, as {"before": {...}, "after": {...}}.

    Fields named in `free_text` show only that they changed, never their text: the trail
    cannot be purged, so free text kept there would outlive retention (docs/security.md).
    """
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    hidden = set(free_text)
    return {
        "before": {k: FREE_TEXT_CHANGED if k in hidden else before.get(k) for k in changed},
        "after": {k: FREE_TEXT_CHANGED if k in hidden else after.get(k) for k in changed},
    }
