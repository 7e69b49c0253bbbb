"""The chain is sealed when the transaction commits (decision 0028): a transaction's events are
chained and written in one go just before its commit, in commit order, and a transaction or
savepoint that rolls back leaves none of its events."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from samsyn.audit.models import AuditChainHead, AuditEvent
from samsyn.audit.selectors import audit_chain_verify
from samsyn.audit.services import audit_record


def _actions(prefix="test.sealed."):
    return list(
        AuditEvent.objects.filter(action__startswith=prefix)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_events_of_a_transaction_are_written_and_chained_when_it_ends(db):
    with transaction.atomic():
        first = audit_record(actor=None, action="test.sealed.first")
        second = audit_record(actor=None, action="test.sealed.second")
        assert first.pk is None and not _actions()  # not yet: the head is not locked yet
    assert _actions() == ["test.sealed.first", "test.sealed.second"]
    assert first.pk < second.pk and second.prev_hash == first.hash
    assert AuditChainHead.objects.get(pk=1).last_hash == second.hash
    assert audit_chain_verify().ok


def test_a_rolled_back_transaction_leaves_no_event(db):
    audit_record(actor=None, action="test.sealed.before")
    head = AuditChainHead.objects.get(pk=1).last_hash
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="test.sealed.lost")
        raise RuntimeError
    assert _actions() == ["test.sealed.before"]
    assert AuditChainHead.objects.get(pk=1).last_hash == head
    assert audit_chain_verify().ok


def test_an_event_of_a_rolled_back_savepoint_is_dropped_and_the_others_kept(db):
    with transaction.atomic():
        audit_record(actor=None, action="test.sealed.kept")
        try:
            with transaction.atomic():
                audit_record(actor=None, action="test.sealed.dropped")
                raise RuntimeError
        except RuntimeError:
            pass
        audit_record(actor=None, action="test.sealed.kept.too")
    assert _actions() == ["test.sealed.kept", "test.sealed.kept.too"]
    assert audit_chain_verify().ok


# --- real transactions on PostgreSQL -----------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)


def _in_thread(work):
    """Run `work` on a connection of its own, outside the test's transaction: it commits."""
    failures = []

    def run():
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


@pytest.fixture
def committed_trail(db):
    """Committed rows are removed again after the test (the trail refuses DELETE: as the tamper
    fixture does, the triggers are skipped for it), and the head put back."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    yield

    def clean():
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [last])
            if head is None:
                cursor.execute("DELETE FROM audit_auditchainhead")
            else:
                cursor.execute("UPDATE audit_auditchainhead SET last_hash = %s", [head])
            cursor.execute("SET session_replication_role = origin")

    thread, failures = _in_thread(clean)
    thread.join()
    assert not failures


@postgres_only
def test_concurrent_transactions_are_chained_in_commit_order(committed_trail):
    """The first transaction records its event first but commits last: its event comes last in
    the chain, and the second transaction did not wait for the first one's lock."""
    recorded, second_done = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            audit_record(actor=None, action="test.sealed.recorded.first")
            recorded.set()
            assert second_done.wait(30)

    def second():
        assert recorded.wait(30)
        with transaction.atomic():
            audit_record(actor=None, action="test.sealed.recorded.second")
        second_done.set()

    runs = [_in_thread(first), _in_thread(second)]
    for thread, failures in runs:
        thread.join()
        assert not failures
    assert _actions() == ["test.sealed.recorded.second", "test.sealed.recorded.first"]
    assert audit_chain_verify().ok


@postgres_only
def test_the_trail_verifies_after_many_concurrent_transactions(committed_trail):
    """Eight writers, each with several transactions of several events, some rolled back."""

    def writer(n):
        def work():
            for t in range(5):
                try:
                    with transaction.atomic():
                        for e in range(3):
                            audit_record(actor=None, action=f"test.sealed.w{n}.t{t}.e{e}")
                        if t == 2:  # noqa: PLR2004
                            raise RuntimeError
                except RuntimeError:
                    pass

        return work

    runs = [_in_thread(writer(n)) for n in range(8)]
    for thread, failures in runs:
        thread.join()
        assert not failures
    actions = _actions()
    assert len(actions) == 8 * 4 * 3 and not any(".t2." in a for a in actions)
    for n in range(8):  # each transaction's events stay together and in order
        for t in (0, 1, 3, 4):
            names = [f"test.sealed.w{n}.t{t}.e{e}" for e in range(3)]
            start = actions.index(names[0])
            assert actions[start : start + 3] == names
    assert audit_chain_verify().ok
    call_command("audit_verify")
