from samsyn.audit.models import AuditEvent
from samsyn.audit.selectors import audit_chain_first_broken, audit_events_for
from samsyn.audit.services import GENESIS_HASH, audit_record


def test_each_event_links_to_the_previous_one(personas, boras):
    first = audit_record(actor=personas["handler"], action="test.thing.done", target=boras)
    second = audit_record(actor=None, action="test.thing.undone", target=boras, data={"n": 1})
    assert second.prev_hash == first.hash
    assert AuditEvent.objects.order_by("id").first().prev_hash == GENESIS_HASH
    assert audit_chain_first_broken() is None
    assert list(audit_events_for(target=boras)) == [first, second]


def test_a_changed_row_is_named_as_the_first_broken_link(personas, boras, tamper):
    events = [
        audit_record(actor=personas["handler"], action=f"test.step.{i}", target=boras)
        for i in range(4)
    ]
    tamper("UPDATE audit_auditevent SET data = %s WHERE id = %s",
           ['{"forged": true}', events[2].pk])
    assert audit_chain_first_broken() == events[2]
