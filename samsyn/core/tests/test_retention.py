"""Retention: closed cases' free text is purged after RETENTION_YEARS; figures stay; logged."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from samsyn.audit.models import AuditEvent
from samsyn.core.models import Notification
from samsyn.core.retention import (
    PURGE_ACTION,
    PURGED_MARKER,
    RETENTION_RULES,
    purge_closed_free_text,
    retention_register,
    retention_unregister,
)

SECRET_TEXT = "Patienten föll vid utskrivningen; analysen pekar på överrapporteringen."


@pytest.fixture
def registered():
    """A core model stands in for a case: read_at plays 'closed at', body the free text.

    The apps' own rules (deviations, …) are set aside meanwhile, so counts here are only ours.
    """
    saved = dict(RETENTION_RULES)
    RETENTION_RULES.clear()
    retention_register(model=Notification, closed_field="read_at", text_fields=["body"])
    yield
    retention_unregister(model=Notification)
    RETENTION_RULES.update(saved)


@pytest.fixture
def rows(personas, registered):
    now = timezone.now()
    user = personas["handler"]

    def make(closed_years_ago):
        read_at = (
            None
            if closed_years_ago is None
            else now - datetime.timedelta(days=int(365.25 * closed_years_ago))
        )
        return Notification.objects.create(
            user=user,
            subject="Avvikelse 17",
            body=SECRET_TEXT,
            url="/avvikelser/17/",
            read_at=read_at,
        )

    return {"old": make(11), "recent": make(3), "open": make(None)}


def _reload(row):
    return Notification.objects.get(pk=row.pk)


def test_free_text_of_cases_closed_before_the_cutoff_is_purged(rows, settings):
    settings.RETENTION_YEARS = 10
    purge_closed_free_text()
    old = _reload(rows["old"])
    assert old.body == PURGED_MARKER
    # Everything but the registered free text stays: figures, dates, other fields.
    assert old.subject == "Avvikelse 17"
    assert old.read_at == rows["old"].read_at


def test_recently_closed_and_open_cases_keep_their_text(rows, settings):
    settings.RETENTION_YEARS = 10
    purge_closed_free_text()
    assert _reload(rows["recent"]).body == SECRET_TEXT
    assert _reload(rows["open"]).body == SECRET_TEXT


def test_the_retention_period_comes_from_settings(rows, settings):
    settings.RETENTION_YEARS = 2
    purge_closed_free_text()
    assert _reload(rows["recent"]).body == PURGED_MARKER
    assert _reload(rows["open"]).body == SECRET_TEXT


def test_each_purged_row_is_recorded_in_the_trail_without_the_text(rows, settings):
    settings.RETENTION_YEARS = 10
    purge_closed_free_text()
    events = list(AuditEvent.objects.filter(action=PURGE_ACTION))
    assert len(events) == 1
    assert events[0].object_id == str(rows["old"].pk)
    assert events[0].data == {"fields": ["body"], "retention_years": 10}
    assert SECRET_TEXT not in str(events[0].data)


def test_purging_twice_changes_and_records_nothing_more(rows, settings):
    settings.RETENTION_YEARS = 10
    first = purge_closed_free_text()
    second = purge_closed_free_text()
    # Only the test's own registration counts; apps register their models too.
    assert [r.rows for r in first if r.model_label == "core.notification"] == [1]
    assert [r.rows for r in second if r.model_label == "core.notification"] == [0]
    assert AuditEvent.objects.filter(action=PURGE_ACTION).count() == 1


def test_dry_run_reports_but_changes_nothing(rows, settings, capsys):
    settings.RETENTION_YEARS = 10
    call_command("purge_closed_free_text", "--dry-run")
    assert "core.notification: 1 rad skulle rensas (body)" in capsys.readouterr().out
    assert _reload(rows["old"]).body == SECRET_TEXT
    assert not AuditEvent.objects.filter(action=PURGE_ACTION).exists()


def test_the_command_purges_and_says_how_many(rows, settings, capsys):
    settings.RETENTION_YEARS = 10
    call_command("purge_closed_free_text")
    assert "core.notification: 1 rad rensad (body)" in capsys.readouterr().out
    assert _reload(rows["old"]).body == PURGED_MARKER


def test_registering_a_field_that_is_not_text_is_refused():
    with pytest.raises(ValueError, match="not a text field"):
        retention_register(model=Notification, closed_field="read_at", text_fields=["read_at"])


def test_registering_a_closed_field_that_is_not_a_date_is_refused():
    with pytest.raises(ValueError, match="not a date"):
        retention_register(model=Notification, closed_field="subject", text_fields=["body"])
