"""The chain's head leaves the building (AUDIT_HEAD_SINK): even someone who holds the chain's
key and rewrites or cuts the trail inside the database is caught by `audit_verify`."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samsyn.audit.models import AuditChainHead, AuditEvent
from samsyn.audit.services import GENESIS_HASH, audit_record, event_seal


@pytest.fixture
def sink(tmp_path, settings):
    path = tmp_path / "other-storage" / "audit-heads.jsonl"
    settings.AUDIT_HEAD_SINK = str(path)
    return path


def test_the_export_appends_the_newest_events_id_and_hash_to_the_sink(events, sink, capsys):
    call_command("audit_head_export")
    audit_record(actor=None, action="test.step.after")
    call_command("audit_head_export")

    lines = [json.loads(line) for line in sink.read_text().splitlines()]
    newest = AuditEvent.objects.order_by("-id").first()
    assert [line["event_id"] for line in lines] == [events[-1].pk, newest.pk]
    assert lines[-1]["hash"] == newest.hash and lines[-1]["events"] == 6
    assert "Exporterade huvudet" in capsys.readouterr().out


def test_verify_checks_the_trail_against_the_last_exported_head(events, sink, capsys):
    call_command("audit_head_export")
    audit_record(actor=None, action="test.step.after")  # later events are fine

    call_command("audit_verify")

    out = capsys.readouterr().out
    assert "OK: 6 händelser" in out
    assert f"id={events[-1].pk}" in out


def _rewrite_with_the_key(tamper, changed_pk):
    """What a database administrator who also stole AUDIT_HMAC_KEYS can do: change a row and
    re-seal every row after it, so that the chain itself verifies."""
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id"):
        if event.pk == changed_pk:
            event.data = {"n": 999}
        event_seal(event, prev_hash=prev)
        tamper(
            "UPDATE audit_auditevent SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(event.data), event.prev_hash, event.hash, event.pk],
        )
        prev = event.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)


def test_a_chain_rewritten_with_the_key_verifies_alone_but_not_against_the_sink(
    events, sink, tamper
):
    call_command("audit_head_export")
    _rewrite_with_the_key(tamper, events[1].pk)

    with pytest.raises(CommandError, match=f"id={events[-1].pk}"):
        call_command("audit_verify")


def test_a_trail_cut_off_and_rechained_with_the_key_is_caught(events, sink, tamper):
    call_command("audit_head_export")
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].pk])
    AuditChainHead.objects.filter(pk=1).update(last_hash=events[2].hash)

    with pytest.raises(CommandError, match="BRUTEN KEDJA"):
        call_command("audit_verify")


def test_a_head_read_from_syslog_can_be_given_on_the_command_line(events, settings, tamper):
    settings.AUDIT_HEAD_SINK = ""
    head = f"{events[-1].pk}:{events[-1].hash}"
    call_command("audit_verify", "--head", head)

    _rewrite_with_the_key(tamper, events[0].pk)
    with pytest.raises(CommandError):
        call_command("audit_verify", "--head", head)


def test_without_a_sink_the_export_says_so(db, settings):
    settings.AUDIT_HEAD_SINK = ""
    with pytest.raises(CommandError, match="AUDIT_HEAD_SINK"):
        call_command("audit_head_export")
