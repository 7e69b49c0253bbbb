"""The keyed chain: a database writer without the key cannot rewrite it.

Each attack below is what someone with write access to the database (but not to the
environment that holds AUDIT_HMAC_KEYS) could do; `audit_verify` must name the row.
"""

import hashlib
import importlib
import json
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from samsyn.audit.models import AuditChainHead, AuditEvent
from samsyn.audit.selectors import audit_chain_verify
from samsyn.audit.services import (
    GENESIS_HASH,
    audit_record,
    event_canonical_json,
    event_hash,
    event_seal,
)


def _sha256(event) -> str:
    """What an attacker without the key can compute: plain SHA-256 of the canonical JSON."""
    return hashlib.sha256(event_canonical_json(event).encode()).hexdigest()


def _set(tamper, pk, **values):
    columns = ", ".join(f"{name} = %s" for name in values)
    tamper(
        f"UPDATE audit_auditevent SET {columns} WHERE id = %s",  # noqa: S608 (test names)
        [*values.values(), pk],
    )


def _fresh(pk) -> AuditEvent:
    return AuditEvent.objects.get(pk=pk)


def _named(event_pk):
    with pytest.raises(CommandError) as err:
        call_command("audit_verify")
    assert f"id={event_pk}" in str(err.value)
    return str(err.value)


def test_new_rows_carry_the_current_key_version_and_a_keyed_hash(events, settings):
    assert {e.key_version for e in events} == {1}
    assert all(e.hash != _sha256(e) for e in events)  # not plain SHA-256: keyed
    settings.AUDIT_HMAC_KEYS = {1: settings.AUDIT_HMAC_KEYS[1], 2: "a-newer-key-" + "x" * 32}
    newer = audit_record(actor=None, action="test.step.rotated")
    assert newer.key_version == 2 and newer.prev_hash == events[-1].hash


def test_a_deleted_row_whose_successor_is_relinked_is_named(events, tamper):
    """The hash covers the link: re-pointing prev_hash past a deleted row breaks the row."""
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    _set(tamper, events[3].pk, prev_hash=events[2].prev_hash)
    assert audit_chain_verify().first_broken == events[3]
    _named(events[3].pk)


def test_a_deleted_row_relinked_and_rehashed_without_the_key_is_named(events, tamper):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    successor = _fresh(events[3].pk)
    successor.prev_hash = events[2].prev_hash
    _set(tamper, successor.pk, prev_hash=successor.prev_hash, hash=_sha256(successor))
    message = _named(successor.pk)
    assert "händelse=test.step.3" in message and "2 händelser före den är obrutna" in message


def test_two_rows_swapped_and_relinked_are_named(events, tamper):
    """Reorder the 2nd and 3rd rows (swap their ids), then mend every link around them."""
    a, b, c, d = events[0], events[1], events[2], events[3]
    tamper("UPDATE audit_auditevent SET id = %s WHERE id = %s", [10_000_000, b.pk])
    tamper("UPDATE audit_auditevent SET id = %s WHERE id = %s", [b.pk, c.pk])
    tamper("UPDATE audit_auditevent SET id = %s WHERE id = %s", [c.pk, 10_000_000])
    _set(tamper, b.pk, prev_hash=a.hash)  # now holds the third event
    _set(tamper, c.pk, prev_hash=c.hash)  # now holds the second event, after the third
    _set(tamper, d.pk, prev_hash=b.hash)
    report = audit_chain_verify()
    assert report.first_broken.pk == b.pk and report.first_broken.action == "test.step.2"
    _named(b.pk)


def test_a_chain_recomputed_with_plain_sha256_is_detected(events, tamper):
    """What passed before the chain was keyed: forge a row and recompute the chain (and head)
    after it."""
    prev = events[1].prev_hash
    for original in events[1:]:
        event = _fresh(original.pk)
        event.data = {"n": "forged"} if original == events[1] else event.data
        event.prev_hash = prev
        event.hash = _sha256(event)
        _set(tamper, event.pk, data=json.dumps(event.data), prev_hash=prev, hash=event.hash)
        prev = event.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)
    _named(events[1].pk)


def test_the_key_is_needed_to_verify_a_different_key_fails_at_the_first_row(events, settings):
    settings.AUDIT_HMAC_KEYS = {1: "some-other-key-" + "y" * 32}
    _named(events[0].pk)


def test_a_row_claiming_an_unconfigured_key_version_is_named_with_the_version(events, tamper):
    _set(tamper, events[2].pk, key_version=9)
    message = _named(events[2].pk)
    assert "Nyckelversion 9 finns inte i AUDIT_HMAC_KEYS" in message


def test_verify_reports_the_key_versions_it_used(events, settings, capsys):
    call_command("audit_verify")
    assert "OK: 5 händelser, kedjan är obruten. Kontrollerad med nyckelversion 1." in (
        capsys.readouterr().out
    )
    settings.AUDIT_HMAC_KEYS = {1: settings.AUDIT_HMAC_KEYS[1], 2: "a-newer-key-" + "x" * 32}
    audit_record(actor=None, action="test.step.rotated")
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "OK: 6 händelser" in out and "nyckelversionerna 1, 2" in out
    assert "Nya händelser signeras med nyckelversion 2" in out


def test_a_bulk_writer_seals_events_with_event_seal_and_the_chain_verifies(events):
    head = AuditChainHead.objects.get(pk=1)
    prev, batch = head.last_hash, []
    for i in range(3):
        event = AuditEvent(
            at=events[0].at, username="generator", action="test.bulk.row", data={"i": i}
        )
        event_seal(event, prev_hash=prev)
        assert event.hash == event_hash(event)
        prev = event.hash
        batch.append(event)
    AuditEvent.objects.bulk_create(batch)
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)
    assert audit_chain_verify().ok and audit_chain_verify().count == 8


# --- rows written before the chain was keyed (migration audit 0005) ---------------------------


def _migration_0005():
    return importlib.import_module("samsyn.audit.migrations.0005_keyed_chain")


def _run_migration_step(function):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as in a fresh migration transaction: no pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign-key checks before ALTER
    state = MigrationLoader(connection).project_state(("audit", "0005_keyed_chain"))
    editor = SimpleNamespace(
        connection=connection, execute=lambda sql: connection.cursor().execute(sql)
    )
    function(state.apps, editor)


def test_legacy_rows_are_verified_then_rechained_with_the_key(events):
    migration = _migration_0005()
    _run_migration_step(migration.rechain_without_key)  # back to the plain SHA-256 chain
    legacy = AuditEvent.objects.order_by("id").first()
    assert legacy.hash == migration._legacy_hash(legacy)
    assert audit_chain_verify().first_broken == legacy
    _run_migration_step(migration.rechain_with_key)
    report = audit_chain_verify()
    assert report.ok and report.count == 5 and report.key_versions == [1]
    assert AuditEvent.objects.order_by("id").first().prev_hash == GENESIS_HASH


def test_a_tampered_legacy_chain_is_not_laundered_into_a_keyed_one(events, tamper):
    migration = _migration_0005()
    _run_migration_step(migration.rechain_without_key)
    _set(tamper, events[3].pk, data='{"n": "forged"}')
    with pytest.raises(RuntimeError, match=f"broken at event id={events[3].pk}"):
        _run_migration_step(migration.rechain_with_key)
