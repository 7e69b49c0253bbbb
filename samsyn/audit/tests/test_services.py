from samsyn.audit.models import AuditEvent
from samsyn.audit.selectors import audit_chain_verify, audit_events_for
from samsyn.audit.services import (
    FREE_TEXT_CHANGED,
    GENESIS_HASH,
    audit_changes,
    audit_record,
)


def test_each_event_links_to_the_previous_one(personas, boras):
    first = audit_record(actor=personas["handler"], action="test.thing.done", target=boras)
    second = audit_record(actor=None, action="test.thing.undone", target=boras, data={"n": 1})
    assert second.prev_hash == first.hash
    assert AuditEvent.objects.order_by("id").first().prev_hash == GENESIS_HASH
    assert audit_chain_verify().ok
    assert list(audit_events_for(target=boras)) == [first, second]


def test_a_changed_row_is_named_as_the_first_broken_link(personas, boras, tamper):
    events = [
        audit_record(actor=personas["handler"], action=f"test.step.{i}", target=boras)
        for i in range(4)
    ]
    tamper(
        "UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"forged": true}', events[2].pk]
    )
    assert audit_chain_verify().first_broken == events[2]


def test_changes_list_only_changed_fields_and_never_copy_free_text():
    data = audit_changes(
        before={"status": "reported", "description": "Gammal text", "severity": 2},
        after={"status": "closed", "description": "Ny text om patienten", "severity": 2},
        free_text=["description"],
    )
    assert data == {
        "before": {"description": FREE_TEXT_CHANGED, "status": "reported"},
        "after": {"description": FREE_TEXT_CHANGED, "status": "closed"},
    }


def test_history_shows_field_names_and_related_rows_by_name(boras, sas):
    from samsyn.audit.display import data_rows
    from samsyn.parties.models import Membership

    rows = dict(data_rows({"provider": boras.pk, "role": "handler"}, Membership))
    assert rows["Vårdgivare"] == "Borås Stad"
    assert rows["Roll"] == "Avvikelsehandläggare"
    # Keys nobody registered are still shown, in words rather than vanish.
    assert dict(data_rows({"note_text": "x"}))["Note text"] == "x"
