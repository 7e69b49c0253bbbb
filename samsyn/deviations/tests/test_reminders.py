"""The daily reminder sweep: overdue cases, responsible handlers, once per day per case."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from samsyn.core.models import Notification
from samsyn.deviations.models import Deviation, Status
from samsyn.deviations.reminders import deviation_reminders_send

TODAY = timezone.localdate


def _reminders_to(user):
    return Notification.objects.filter(user=user, subject__startswith="AVV").filter(
        subject__contains="Påminnelse"
    )


def test_overdue_acknowledgement_reminds_the_responsible_handlers_once_a_day(case_in, personas):
    deviation = case_in(Status.SENT)
    Deviation.objects.filter(pk=deviation.pk).update(ack_due=TODAY() - datetime.timedelta(days=1))
    assert deviation_reminders_send() == 1
    assert deviation_reminders_send() == 0  # run twice the same day: nobody reminded twice
    reminders = _reminders_to(personas["counterpart_handler"])
    assert reminders.count() == 1 and "kvitteras" in reminders.get().subject
    assert not _reminders_to(personas["reporter"]).exists()
    assert deviation_reminders_send(today=TODAY() + datetime.timedelta(days=1)) == 1


def test_overdue_analysis_is_reminded_after_acknowledgement(case_in, personas):
    deviation = case_in(Status.ACKNOWLEDGED)
    Deviation.objects.filter(pk=deviation.pk).update(
        analysis_due=TODAY() - datetime.timedelta(days=2)
    )
    assert deviation_reminders_send() == 1
    assert "analyseras" in _reminders_to(personas["counterpart_handler"]).get().subject


def test_cases_within_their_deadlines_or_past_analysis_are_not_reminded(case_in):
    case_in(Status.SENT)
    analysed = case_in(Status.ANALYSED)
    Deviation.objects.filter(pk=analysed.pk).update(
        ack_due=TODAY() - datetime.timedelta(days=20),
        analysis_due=TODAY() - datetime.timedelta(days=5),
    )
    assert deviation_reminders_send() == 0


def test_reminder_command_is_safe_to_run_from_cron(case_in, capsys):
    deviation = case_in(Status.SENT)
    Deviation.objects.filter(pk=deviation.pk).update(ack_due=TODAY() - datetime.timedelta(days=1))
    call_command("send_deviation_reminders")
    call_command("send_deviation_reminders")
    out = capsys.readouterr().out
    assert "Påminnelser skickade: 1" in out and "Påminnelser skickade: 0" in out
    deviation.refresh_from_db()
    assert deviation.reminded_on == TODAY() and deviation.is_overdue()


def test_reminder_mail_goes_out_through_the_email_backend(case_in, personas, mailoutbox, delivered):
    with delivered():  # the case's arrival e-mail leaves before the reminder
        deviation = case_in(Status.SENT)
    Deviation.objects.filter(pk=deviation.pk).update(ack_due=TODAY() - datetime.timedelta(days=1))
    mailoutbox.clear()
    with delivered():
        deviation_reminders_send()
    assert [m.to for m in mailoutbox] == [[personas["counterpart_handler"].email]]
    assert "Påminnelse" in mailoutbox[0].subject
