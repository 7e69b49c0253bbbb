"""Sweep drill: the reminder sweep and the outbox's delivery sweep, each run twice at the same
moment and one of the two killed (SIGKILL) half-way, with the mail server down at first.

1. Overdue cases (reported over the API, then their acknowledgement date moved into the past).
   Two `send_deviation_reminders` start at once with the mail server down; one is killed once
   half the cases are claimed; the timer's next run finishes the rest. Every case must be
   reminded exactly once (one audit event, one inbox message per handler, one outbox row per
   handler with an address); the delivery loop's first look (one `deliver_outbox`) finds the
   mail server down: every e-mail failed once and waits with the first back-off pause.
2. The mail server comes back. A delivery sweep at once sends nothing (nothing is due yet);
   the clock is moved past the pause. Two `deliver_outbox` start at once against a slow mail
   server (0.4 s a message), so they send side by side; the sink holds the messages after the
   first three quarters at the end of DATA, one sweep is killed while it waits for the sink's
   250, then the other goes on, and the timer's next run sends what is left. Every reminder
   must reach the mail server exactly once.
3. One more reminder whose mail server stays down until the outbox gives up: it must be shown
   to the county administrator (the outgoing messages page) with its retry button.
"""

import datetime
import uuid

from drills import jobs
from drills.figures import Figures
from drills.http import Api
from drills.sinks import SmtpSink
from drills.stack import Stack, report_body, token

REMINDED = "deviations.deviation.reminded"


def overdue_cases(api: Api, figures: Figures, tag: str, count: int) -> list[int]:
    """`count` new cases to Södra Älvsborgs Sjukhus, overdue for acknowledgement."""
    from django.utils import timezone

    from samsyn.deviations.models import Deviation

    ids = []
    for number in range(count):
        made = api.post(
            "/api/v1/deviations",
            report_body(f"{tag} #{number:03d}"),
            **{"Idempotency-Key": str(uuid.uuid4())},
        )
        figures.answered([made])
        figures.check(made.status == 201, f"reporting a case answered {made.status}")  # noqa: PLR2004
        if made.status == 201:  # noqa: PLR2004
            ids.append(made.body["id"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Deviation.objects.filter(pk__in=ids).update(ack_due=yesterday, reminded_on=None)
    return ids


def expected_mail(ids: list[int]) -> set[tuple[str, str]]:
    """(address, case title) of every reminder that must leave: one per handler with an
    address, as the sweep finds them (receivers_of)."""
    from samsyn.deviations.models import Deviation
    from samsyn.deviations.services import receivers_of

    return {
        (user.email, case.title)
        for case in Deviation.objects.filter(pk__in=ids)
        for user in receivers_of(case)
        if user.email
    }


def reminded_once(figures: Figures, ids: list[int], what: str, since) -> None:
    """Each case: exactly one reminder in the audit trail and one inbox message per handler
    (the inbox messages since the sweeps began: the case's arrival told them too)."""
    from collections import Counter

    from samsyn.audit.models import AuditEvent
    from samsyn.core.models import Notification
    from samsyn.deviations.models import Deviation

    audited = Counter(
        AuditEvent.objects.filter(
            action=REMINDED, object_type="deviations.deviation", object_id__in=[str(i) for i in ids]
        ).values_list("object_id", flat=True)
    )
    for pk in ids:
        figures.lost += 0 if audited[str(pk)] else 1
        figures.duplicated += max(0, audited[str(pk)] - 1)
    for case in Deviation.objects.filter(pk__in=ids):
        notes = Counter(
            Notification.objects.filter(
                body__contains=case.title, created_at__gte=since
            ).values_list("user_id", flat=True)
        )
        extra = sum(n - 1 for n in notes.values())
        figures.duplicated += extra
        figures.check(bool(notes), f"{what}: case {case.pk} reminded nobody in the inbox")
        figures.check(not extra, f"{what}: case {case.pk}'s reminder twice in an inbox")


def mailed_once(figures: Figures, sink: SmtpSink, expected: set, tag: str, what: str) -> None:
    delivered = sink.bodies()
    got: dict = {}
    for to, text in delivered:
        for address, title in expected:
            if to == address and title in text:
                got[(address, title)] = got.get((address, title), 0) + 1
    lost = len(expected - set(got))
    doubled = sum(n - 1 for n in got.values())
    figures.lost += lost
    figures.duplicated += doubled
    figures.check(not lost, f"{what}: {lost} of {len(expected)} reminders never reached the mail")
    figures.check(not doubled, f"{what}: {doubled} reminders reached the mail server twice")
    stray = sum(1 for _to, text in delivered if tag in text) - sum(got.values())
    figures.check(stray == 0, f"{what}: {stray} unexpected e-mails")


def _outbox_rows(tag: str):
    """The reminders' e-mails: a sent one's text is emptied, its inbox twin keeps the case's
    title (the case's arrival wrote other e-mails with the title, before the sweeps)."""
    from samsyn.outbox.models import Channel, OutboxMessage

    return OutboxMessage.objects.filter(
        channel=Channel.EMAIL,
        notification__body__contains=tag,
        created_at__gte=_SINCE[tag],
    )


_SINCE: dict = {}


def _mark_since(tag: str) -> None:
    from django.utils import timezone

    _SINCE[tag] = timezone.now()


def _race_reminders(figures: Figures, env: dict, ids: list[int]) -> None:
    """Two reminder sweeps at once; one killed once half the cases are claimed; the next run."""
    from django.utils import timezone

    from samsyn.deviations.models import Deviation

    today = timezone.localdate()
    first, second = (jobs.start(env, "send_deviation_reminders") for _ in range(2))
    half = len(ids) // 2

    def claimed():
        return Deviation.objects.filter(pk__in=ids, reminded_on=today).count()

    reached = jobs.wait_for(lambda: claimed() >= half, 120)
    killed = jobs.kill(first)
    figures.faults += 1 if killed else 0
    figures.check(reached and killed, f"the reminder sweep was not killed half-way ({claimed()})")
    status, output = jobs.finish(second)
    figures.check(status == 0, f"the second reminder sweep failed: {output[-500:]}")
    status, output = jobs.run(env, "send_deviation_reminders")  # the timer's next run
    figures.check(status == 0, f"the next reminder sweep failed: {output[-500:]}")


def _race_deliveries(figures: Figures, env: dict, sink: SmtpSink, count: int) -> None:
    """Two delivery sweeps at once; one killed while the sink holds its message; the next run."""
    sink.hold_after = len(sink.messages) + count * 3 // 4
    sink.delay = 0.4  # both sweeps send side by side for seconds before the hold
    first, second = (jobs.start(env, "deliver_outbox") for _ in range(2))
    held = sink.held.wait(120)
    killed = jobs.kill(first)
    figures.faults += 1 if killed else 0
    figures.check(held and killed, "the delivery sweep was not killed half-way")
    sink.hold_after = None
    sink.delay = 0.0
    sink.release.set()
    status, output = jobs.finish(second)
    figures.check(status == 0, f"the second delivery sweep failed: {output[-500:]}")
    status, output = jobs.run(env, "deliver_outbox")
    figures.check(status == 0, f"the next delivery sweep failed: {output[-500:]}")


def _back_off(figures: Figures, tag: str, attempts: int, pause_minutes: int, what: str) -> None:
    from samsyn.outbox.models import DeliveryStatus

    rows = list(_outbox_rows(tag))
    figures.check(bool(rows), f"{what}: no e-mail in the outbox")
    # Not before the pause after the attempt (the attempts came after the sweeps began).
    earliest = _SINCE[tag] + datetime.timedelta(minutes=pause_minutes)
    for row in rows:
        figures.check(
            row.status == DeliveryStatus.PENDING and row.attempts == attempts,
            f"{what}: message {row.pk} is {row.status} after {row.attempts} attempts",
        )
        figures.check(
            row.next_attempt_at >= earliest, f"{what}: message {row.pk} retried without a pause"
        )
        figures.check(bool(row.last_error), f"{what}: message {row.pk} keeps no error")


def _move_clock(tag: str, minutes: int) -> None:
    """Time passes: the pending messages' next attempt comes `minutes` sooner."""
    from django.db.models import F

    _outbox_rows(tag).update(
        next_attempt_at=F("next_attempt_at") - datetime.timedelta(minutes=minutes)
    )


def _given_up_is_shown(figures: Figures, stack: Stack, env: dict, api: Api) -> None:
    """A reminder whose mail server stays down: given up, and on the administrator's page."""
    from bench.client import HttpClient
    from drills.restart import _web_page
    from samsyn.outbox.models import DeliveryStatus
    from samsyn.outbox.services import RETRY_MINUTES

    tag = f"Uppgiven {uuid.uuid4().hex[:6]}"
    overdue_cases(api, figures, tag, 1)
    _mark_since(tag)
    jobs.run(env, "send_deviation_reminders")
    # The 2nd to 5th attempts fail as the 1st did (the webhook drill shows the pause growing):
    # the clock moves past them at once, and the last attempt fails too.
    _outbox_rows(tag).update(attempts=len(RETRY_MINUTES))
    _move_clock(tag, sum(RETRY_MINUTES))
    jobs.run(env, "deliver_outbox")
    rows = list(_outbox_rows(tag))
    figures.check(
        bool(rows) and all(r.status == DeliveryStatus.FAILED for r in rows),
        f"the unreachable reminder is {[r.status for r in rows]} after every pause",
    )
    figures.check(
        all(r.attempts == len(RETRY_MINUTES) + 1 for r in rows),
        f"the unreachable reminder was tried {[r.attempts for r in rows]} times",
    )
    cookies = HttpClient("127.0.0.1", stack.server.port).sign_in("lansadmin")
    page = _web_page(stack.server.port, cookies, "/utskick/?status=failed")
    figures.answered([page])
    html = (page.body or {}).get("html", "")
    for row in rows:
        figures.check(
            f"/utskick/{row.pk}/skicka-igen/" in html,
            f"the given-up message {row.pk} is not on the administrator's page",
        )


def run(figures: Figures, *, stack: Stack, cases: int) -> None:
    from samsyn.outbox.services import RETRY_MINUTES

    api = Api(stack.server.port, token("rapportor", "Påminnelser"), timeout=60)
    sink = SmtpSink()  # not started: the mail server is down
    env = jobs.job_env(stack.database_url, smtp_port=sink.port)
    tag = f"Påminnelseövning {uuid.uuid4().hex[:6]}"
    ids = overdue_cases(api, figures, tag, cases)
    # The delivery loop sends the cases' arrival e-mails (which name them too) as production's
    # would, before the drill: only the reminders meet the mail server below.
    jobs.run(jobs.job_env(stack.database_url), "deliver_outbox")
    expected = expected_mail(ids)
    _mark_since(tag)
    _race_reminders(figures, env, ids)
    jobs.run(env, "deliver_outbox")  # the delivery loop's first look, the mail server down
    reminded_once(figures, ids, "reminder sweep", _SINCE[tag])
    rows = _outbox_rows(tag).count()
    figures.duplicated += max(0, rows - len(expected))
    figures.check(rows == len(expected), f"{rows} reminder e-mails written, {len(expected)} due")
    _back_off(figures, tag, 1, RETRY_MINUTES[0], "mail server down")
    sink.start()
    figures.faults += 1  # the mail server was down
    status, _ = jobs.run(env, "deliver_outbox")
    figures.check(not sink.messages, "a delivery sweep sent before the back-off pause ended")
    _move_clock(tag, RETRY_MINUTES[0])
    _race_deliveries(figures, env, sink, len(expected))
    mailed_once(figures, sink, expected, tag, "delivery sweep")
    figures.check(
        set(_outbox_rows(tag).values_list("status", flat=True)) <= {"sent"},
        "reminder e-mails left unsent",
    )
    sink.stop()
    _given_up_is_shown(figures, stack, env, api)
    figures.scenarios += 1
