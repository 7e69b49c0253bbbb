"""`manage.py audit_verify`: OK with the count, or the first broken entry and a non-zero exit."""

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from samsyn.audit.services import audit_record


@pytest.fixture
def events(personas, boras):
    return [
        audit_record(
            actor=personas["handler"], action=f"test.step.{i}", target=boras, data={"n": i}
        )
        for i in range(5)
    ]


def test_an_intact_chain_is_reported_ok_with_its_count(events, capsys):
    call_command("audit_verify")
    assert "OK: 5 händelser" in capsys.readouterr().out


def test_an_empty_trail_is_ok(db, capsys):
    call_command("audit_verify")
    assert "OK: 0 händelser" in capsys.readouterr().out


def test_a_forged_row_is_named_by_id_and_action(events, tamper):
    tamper("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"n": 99}', events[3].pk])
    with pytest.raises(CommandError) as err:
        call_command("audit_verify")
    message = str(err.value)
    assert f"id={events[3].pk}" in message
    assert "händelse=test.step.3" in message
    assert "3 händelser före den är obrutna" in message


def test_a_forged_actor_is_detected(events, tamper):
    tamper("UPDATE audit_auditevent SET username = %s WHERE id = %s", ["någon annan", events[1].pk])
    with pytest.raises(CommandError, match=f"id={events[1].pk}"):
        call_command("audit_verify")


def test_a_removed_row_breaks_the_link_of_the_next_one(events, tamper):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=f"id={events[3].pk}"):
        call_command("audit_verify")


def test_removing_the_newest_rows_is_detected_by_the_head(events, tamper):
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].pk])
    with pytest.raises(CommandError, match="senaste händelserna har tagits bort"):
        call_command("audit_verify")


def test_the_command_exits_non_zero_when_broken(events, tamper, capsys):
    tamper("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x", events[0].pk])
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "audit_verify"]).execute()
    assert exit_info.value.code != 0
    assert f"id={events[0].pk}" in capsys.readouterr().err
