"""The outbox: every e-mail is a row written with the change, sent by the delivery loop after
commit, tried again with growing pauses, given up to the county administrators, and never sent
twice."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samsyn.audit.models import AuditEvent
from samsyn.core.models import Notification
from samsyn.core.notifications import notify
from samsyn.outbox import services
from samsyn.outbox.models import DeliveryStatus, OutboxMessage
from samsyn.outbox.services import RETRY_MINUTES, outbox_deliver_due


@pytest.fixture
def refusing_mail_server(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(services.EmailMessage, "send", refuse)


def _due_now(message):
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_notification_is_written_to_the_outbox_and_sent_by_the_loop_once_the_change_commits(
    personas, delivered
):
    with delivered():
        [note] = notify(
            users=[personas["handler"]], subject="Ny avvikelse", body="Läs den", url="/x/"
        )
        assert OutboxMessage.objects.get().status == DeliveryStatus.PENDING
        assert mail.outbox == []
    [sent] = mail.outbox
    assert sent.to == ["handler@example.se"]
    assert sent.subject == "[Samsyn] Ny avvikelse"
    assert "Läs den" in sent.body and "/x/" in sent.body
    message = OutboxMessage.objects.get()
    assert message.status == DeliveryStatus.SENT and message.attempts == 1
    assert message.body == ""  # what was sent stays in the inbox, not in the outbox
    note.refresh_from_db()
    assert note.emailed_at == message.sent_at


def test_a_message_written_by_a_web_host_whose_clock_runs_ahead_is_sent_by_the_next_look(
    personas, monkeypatch
):
    """Due is judged by the database's clock on both sides (decision 0035): the look that the
    commit wakes sends the message though the writer's clock is an hour ahead of the loop's."""
    ahead = timezone.now() + datetime.timedelta(hours=1)
    with monkeypatch.context() as web_host:
        web_host.setattr(timezone, "now", lambda: ahead)
        notify(users=[personas["handler"]], subject="Ny", body="Text")
    assert outbox_deliver_due().sent == 1
    assert [m.to for m in mail.outbox] == [["handler@example.se"]]


def test_a_change_that_rolls_back_leaves_no_message_and_sends_nothing(personas, delivered):
    with delivered(), pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(users=[personas["handler"]], subject="Ny", body="")
            raise RuntimeError
    assert not OutboxMessage.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_person_without_an_address_gets_the_inbox_row_only(personas):
    personas["handler"].email = ""
    notify(users=[personas["handler"]], subject="Ny", body="")
    assert Notification.objects.count() == 1
    assert not OutboxMessage.objects.exists()


def test_a_failed_send_is_kept_and_tried_again_after_a_growing_pause(
    personas, refusing_mail_server
):
    notify(users=[personas["handler"]], subject="Ny", body="Text")
    first = outbox_deliver_due()
    message = OutboxMessage.objects.get()
    assert (first.sent, first.failed) == (0, 1)
    assert message.status == DeliveryStatus.PENDING and message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    pause = message.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < pause <= datetime.timedelta(minutes=RETRY_MINUTES[0])
    assert outbox_deliver_due().failed == 0  # not due yet
    _due_now(message)
    outbox_deliver_due()
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at - timezone.now() > datetime.timedelta(minutes=4)
    assert message.body  # kept until it has gone


def test_every_attempt_to_send_a_message_carries_the_same_message_id(
    personas, refusing_mail_server, monkeypatch
):
    notify(users=[personas["handler"]], subject="Ny", body="Text")
    outbox_deliver_due()  # refused: tried again later
    message = OutboxMessage.objects.get()
    _due_now(message)
    monkeypatch.undo()
    outbox_deliver_due()
    sent = mail.outbox[-1].message()
    assert sent["Message-ID"] == services.message_id(message)
    assert sent["Message-ID"].startswith(f"<samsyn-outbox-{message.pk}@")


def test_after_the_last_attempt_the_message_is_given_up_and_shown_to_county_administrators(
    personas, refusing_mail_server
):
    notify(users=[personas["handler"]], subject="Ny avvikelse att kvittera", body="Text")
    message = OutboxMessage.objects.get()
    for _attempt in range(len(RETRY_MINUTES) + 1):
        _due_now(message)
        outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == DeliveryStatus.FAILED
    assert message.attempts == len(RETRY_MINUTES) + 1
    client = Client()
    client.force_login(personas["county_admin"])
    start = client.get("/").content.decode()
    assert "Meddelanden som inte kunde skickas" in start
    page = client.get(reverse("outbox:messages")).content.decode()
    assert "[Samsyn] Ny avvikelse att kvittera" in page and "handler@example.se" in page
    assert "Skicka igen" in page


def test_only_county_administrators_see_the_outbox(personas):
    client = Client()
    for who in ("handler", "reporter", "analyst"):
        client.force_login(personas[who])
        assert client.get(reverse("outbox:messages")).status_code == 403
        assert 'href="/utskick/"' not in client.get("/").content.decode()
    client.force_login(personas["county_admin"])
    assert client.get(reverse("outbox:messages")).status_code == 200
    assert 'href="/utskick/"' in client.get("/").content.decode()


def test_a_county_administrator_sends_a_given_up_message_again(personas, delivered):
    notify(users=[personas["handler"]], subject="Ny", body="Text")
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(status=DeliveryStatus.FAILED, attempts=6)
    client = Client()
    client.force_login(personas["handler"])
    assert client.post(reverse("outbox:retry", args=[message.pk])).status_code == 403
    client.force_login(personas["county_admin"])
    with delivered():
        response = client.post(reverse("outbox:retry", args=[message.pk]), follow=True)
    assert "skickas igen" in response.content.decode()
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT and len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="outbox.message.retried").count() == 1
    again = client.post(reverse("outbox:retry", args=[message.pk]), follow=True)
    assert "väntar inte på att skickas igen" in again.content.decode()
    assert len(mail.outbox) == 1


def test_the_command_sends_what_is_due(personas, capsys):
    notify(users=[personas["handler"], personas["reporter"]], subject="Ny", body="")
    call_command("deliver_outbox")
    assert "Skickade: 2" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    call_command("deliver_outbox")
    assert len(mail.outbox) == 2


def test_the_delivery_loop_says_it_runs_and_sends_what_is_due_before_it_waits(
    personas, capsys, monkeypatch
):
    from samsyn.outbox.wake import Waiter

    class Stopped(Exception):
        pass

    def stop(_waiter, seconds):
        raise Stopped(seconds)

    notify(users=[personas["handler"]], subject="Ny", body="")
    monkeypatch.setattr(Waiter, "wait", stop)
    with pytest.raises(Stopped):
        call_command("deliver_outbox", "--loop")
    out = capsys.readouterr().out
    assert "Skickar utkorgen" in out and "Skickade: 1" in out
    assert len(mail.outbox) == 1


def test_password_links_go_through_the_outbox_and_leave_no_link_behind(personas, delivered):
    from samsyn.core.access import actor_for
    from samsyn.parties.services import password_link_send

    with delivered():
        password_link_send(actor=actor_for(personas["county_admin"]), person=personas["handler"])
    [sent] = mail.outbox
    assert "/losenord/" in sent.body or "http" in sent.body
    message = OutboxMessage.objects.get()
    assert message.status == DeliveryStatus.SENT and message.body == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_a_sweep_locks_each_message_while_sending_and_skips_those_another_sweep_holds(personas):
    """Two sweeps at once never send a message twice: each takes the message it sends with
    FOR UPDATE SKIP LOCKED in the transaction that marks it sent. (The drill with real
    concurrent processes belongs to the reliability drills.)"""
    notify(users=[personas["handler"]], subject="Ny", body="")
    with CaptureQueriesContext(connection) as queries:
        outbox_deliver_due()
    assert any("FOR UPDATE SKIP LOCKED" in q["sql"] for q in queries.captured_queries)
    assert len(mail.outbox) == 1


def test_only_the_outbox_sends_mail():
    """One way to send: every e-mail goes through the outbox, so none is lost or doubled."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    senders = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and any(
            word in path.read_text(encoding="utf-8")
            for word in ("send_mail(", "send_mass_mail(", "EmailMessage(", "mail_admins(")
        )
    }
    assert senders == {"outbox/services.py"}


def test_a_change_writes_its_messages_and_wakes_the_delivery_loop_but_sends_none_itself(
    personas, make_person, sas, django_capture_on_commit_callbacks, monkeypatch
):
    """No mail server in the request (decision "outbox worker"): the change's transaction
    writes the messages, in the same statements whatever their number (a report tells every
    handler of the receiving side; issue 16), and on PostgreSQL a NOTIFY that wakes the
    delivery loop when it commits; nothing is sent after its commit. The loop then sends them
    over one mail connection."""
    from samsyn.parties.models import Role

    opened = []
    real = mail.get_connection

    def counting_connection(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(services.mail, "get_connection", counting_connection)

    def write(users):
        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                notify(users=users, subject="Ny avvikelse", body="Läs den")
                notify(users=users[:1], subject="Lex Maria", body="Bedöm den")
        return [q["sql"] for q in queries.captured_queries]

    def written(sqls):  # the test's own transaction never commits: one NOTIFY in all
        return [sql for sql in sqls if not sql.startswith("NOTIFY")]

    one = write([personas["handler"]])
    others = [make_person(sas, Role.HANDLER, username=f"mottagare{n}") for n in range(3)]
    four = write([*others, personas["handler"]])
    assert len(written(four)) == len(written(one))
    assert mail.outbox == [] and opened == []
    if connection.vendor == "postgresql":
        assert one.count("NOTIFY samsyn_outbox") == 1  # one per transaction
    assert outbox_deliver_due().sent == 7  # noqa: PLR2004
    assert len(opened) == 1 and len(mail.outbox) == 7  # noqa: PLR2004
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert set(OutboxMessage.objects.values_list("body", flat=True)) == {""}


class Killed(BaseException):
    """The process dies (SIGKILL) while it waits for the mail server to accept a message."""


@pytest.mark.parametrize("fault", [smtplib.SMTPDataError(451, "try later"), Killed()])
def test_a_send_that_breaks_off_after_two_of_three_leaves_the_two_sent_and_none_sent_twice(
    personas, make_person, sas, monkeypatch, fault
):
    """Each message is marked right after its own send: a failure or a killed process at the
    third leaves the first two sent, and a second sweep sends the third only (review of 0033:
    the whole batch used to be marked at its end, so a killed request sent it all again)."""
    from samsyn.parties.models import Role

    others = [make_person(sas, Role.HANDLER, username=f"mottagare{n}") for n in range(2)]
    notify(users=[personas["handler"], *others], subject="Ny avvikelse", body="Läs den")
    ids = list(OutboxMessage.objects.order_by("id").values_list("pk", flat=True))
    real, tries = services.EmailMessage.send, []

    def breaking_at_the_third(email, *args, **kwargs):
        tries.append(email.to[0])
        if len(tries) == 3:  # noqa: PLR2004
            raise fault
        return real(email, *args, **kwargs)

    monkeypatch.setattr(services.EmailMessage, "send", breaking_at_the_third)
    if isinstance(fault, Killed):
        with pytest.raises(Killed):
            outbox_deliver_due()
    else:
        assert outbox_deliver_due().failed == 1
    rows = {m.pk: m for m in OutboxMessage.objects.all()}
    assert [rows[pk].status for pk in ids] == [DeliveryStatus.SENT] * 2 + [DeliveryStatus.PENDING]
    assert rows[ids[2]].attempts == (0 if isinstance(fault, Killed) else 1)
    _due_now(rows[ids[2]])
    outbox_deliver_due()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(set(tries))
    assert len(mail.outbox) == 3  # noqa: PLR2004 - each once
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
