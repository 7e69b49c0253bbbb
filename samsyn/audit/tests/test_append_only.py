"""The trail and the read log can only grow: the application cannot change or delete a row."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models.deletion import ProtectedError

from samsyn.audit.models import AppendOnlyError, AuditEvent, ReadEvent
from samsyn.audit.services import audit_record, read_record


@pytest.fixture
def event(personas, boras):
    return audit_record(actor=personas["handler"], action="test.thing.done", target=boras)


@pytest.fixture
def read(personas, boras):
    return read_record(actor=personas["handler"], target=boras)


def test_saving_an_existing_audit_event_is_refused(event):
    event.action = "test.thing.undone"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_deleting_an_audit_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("model", [AuditEvent, ReadEvent])
def test_queryset_update_and_delete_are_refused(event, read, model):
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(object_id="x")
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    assert model.objects.filter(object_id="x").count() == 0


def test_saving_or_deleting_a_read_event_is_refused(read):
    read.detail = "ändrad"
    with pytest.raises(AppendOnlyError):
        read.save()
    with pytest.raises(AppendOnlyError):
        read.delete()


def test_a_person_named_in_the_trail_cannot_be_deleted(event, read, personas):
    """Deactivate people instead: the trail must keep naming who did what."""
    with pytest.raises(ProtectedError):
        get_user_model().objects.get(pk=personas["handler"].pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_readevent"])
def test_postgresql_refuses_raw_update_and_delete(event, read, table):
    for sql in (f"UPDATE {table} SET object_id = 'x'", f"DELETE FROM {table}"):  # noqa: S608
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_readevent"])
def test_postgresql_refuses_truncate(event, read, table):
    with connection.cursor() as cursor:
        # Check the test's deferred foreign keys now: TRUNCATE refuses pending checks on its own.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}")
    assert AuditEvent.objects.exists() and ReadEvent.objects.exists()
