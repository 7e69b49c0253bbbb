"""Webhook drill: a provider's receiving system is down for a while, then answers errors, then
comes back; every event must arrive, once.

Södra Älvsborgs Sjukhus subscribes its system (on loopback) to its new cases. The delivery
loop runs as production runs it (`deliver_outbox --loop`, its own process, woken by each
commit's NOTIFY). Cases are reported over the API while nothing listens on the receiver's port:
the loop's first attempt, within seconds of each case's commit (not at its 30-s look), is
refused, and each delivery waits with the first back-off pause; then the loop is stopped. The
receiver starts but answers 503: after the pause the delivery sweep fails again and the pause
grows. Then it answers 200, and after the second pause two delivery sweeps run at once.
Afterwards every delivery is sent, the receiver processed each event (X-Samsyn-Delivery)
exactly once with a valid signature, and nothing was POSTed again once it had been answered
2xx.
"""

import datetime
import secrets
import uuid

from drills import jobs
from drills.figures import Figures
from drills.http import Api
from drills.sinks import WebhookReceiver
from drills.stack import Stack, report_body, token


def _subscribe(receiver: WebhookReceiver):
    from django.contrib.auth import get_user_model

    from samsyn.outbox.models import WebhookEvent, WebhookSubscription
    from samsyn.parties.models import CareProvider

    # Straight into the table: the form wants https://, the drill's receiver speaks plain HTTP
    # on loopback (the address check and the signature are what the drill exercises).
    return WebhookSubscription.objects.create(
        provider=CareProvider.objects.get(name="Södra Älvsborgs Sjukhus"),
        name=f"Övningsmottagare {receiver.port}",
        url=f"http://127.0.0.1:{receiver.port}/samsyn",
        events=list(WebhookEvent.values),
        secret=receiver.secret,
        created_by=get_user_model().objects.get(username="lansadmin"),
    )


def _deliveries(subscription):
    from samsyn.outbox.models import OutboxMessage

    return OutboxMessage.objects.filter(subscription=subscription)


def _waiting(figures: Figures, subscription, attempts: int, minutes: int, since) -> None:
    """Every delivery waits, after `attempts` failed ones, at least `minutes` after the last
    attempt (made after `since`)."""
    from samsyn.outbox.models import DeliveryStatus

    what = f"after {attempts} failed attempts"
    earliest = since + datetime.timedelta(minutes=minutes)
    rows = list(_deliveries(subscription))
    figures.check(bool(rows), f"{what}: no delivery was written")
    for row in rows:
        figures.check(
            row.status == DeliveryStatus.PENDING and row.attempts == attempts,
            f"{what}: delivery {row.pk} is {row.status} after {row.attempts} attempts",
        )
        figures.check(row.next_attempt_at >= earliest, f"{what}: delivery {row.pk} not paused")


def _listening(loop) -> bool:
    """Until the loop says it listens (starting Django takes seconds on a busy machine)."""
    from samsyn.outbox.wake import CHANNEL

    return any(CHANNEL in line for line in loop.stdout)


def _all_tried(subscription, cases: int) -> bool:
    rows = _deliveries(subscription)
    return rows.count() >= cases and not rows.filter(attempts=0).exists()


# The loop looks every 30 s without a NOTIFY: a first attempt within this of the case's insert
# (its commit follows within the request) shows the commit woke it.
WOKEN_WITHIN = datetime.timedelta(seconds=10)


def _woken_at_commit(figures: Figures, subscription) -> None:
    """Each delivery's first attempt (its next attempt less the first pause) came within
    WOKEN_WITHIN of the row's writing in the case's transaction."""
    from samsyn.outbox.services import RETRY_MINUTES

    pause = datetime.timedelta(minutes=RETRY_MINUTES[0])
    late = [
        (pk, (next_at - pause - created).total_seconds())
        for pk, created, next_at in _deliveries(subscription).values_list(
            "pk", "created_at", "next_attempt_at"
        )
        if next_at - pause - created > WOKEN_WITHIN
    ]
    figures.check(not late, f"the delivery loop tried these long after the commit (s): {late}")


def _move_clock(subscription, minutes: int) -> None:
    from django.db.models import F

    _deliveries(subscription).filter(status="pending").update(
        next_attempt_at=F("next_attempt_at") - datetime.timedelta(minutes=minutes)
    )


def run(figures: Figures, *, stack: Stack, cases: int) -> None:
    from django.utils import timezone

    from samsyn.outbox.services import RETRY_MINUTES

    receiver = WebhookReceiver(secrets.token_hex(32))  # not started: the system is down
    subscription = _subscribe(receiver)
    env = jobs.job_env(stack.database_url)
    api = Api(stack.server.port, token("rapportor", "Webhooks"), timeout=60)
    since = timezone.now()
    loop = jobs.start(env, "deliver_outbox", "--loop")
    figures.check(_listening(loop), "the delivery loop did not start")
    try:
        for number in range(cases):
            made = api.post(
                "/api/v1/deviations",
                report_body(f"Webhookövning {number}"),
                **{"Idempotency-Key": str(uuid.uuid4())},
            )
            figures.answered([made])
            figures.check(made.status == 201, f"reporting a case answered {made.status}")  # noqa: PLR2004
        tried = jobs.wait_for(lambda: _all_tried(subscription, cases), 60, step=0.2)
        figures.check(tried, "the delivery loop did not try every delivery within 60 s")
    finally:
        jobs.kill(loop)
    figures.faults += 1  # the receiver is down
    _woken_at_commit(figures, subscription)
    _waiting(figures, subscription, 1, RETRY_MINUTES[0], since)
    receiver.mode = "error"
    receiver.start()
    figures.faults += 1  # it answers 503
    jobs.run(env, "deliver_outbox")
    figures.check(receiver.posts == 0, "a delivery was retried before its pause ended")
    _move_clock(subscription, RETRY_MINUTES[0])
    since = timezone.now()
    jobs.run(env, "deliver_outbox")
    _waiting(figures, subscription, 2, RETRY_MINUTES[1], since)
    receiver.mode = "ok"
    _move_clock(subscription, RETRY_MINUTES[1])
    sweeps = [jobs.start(env, "deliver_outbox") for _ in range(2)]
    for sweep in sweeps:
        status, output = jobs.finish(sweep)
        figures.check(status == 0, f"a delivery sweep failed: {output[-500:]}")
    _judge(figures, subscription, receiver)
    receiver.stop()
    subscription.is_active = False
    subscription.save(update_fields=["is_active"])
    figures.scenarios += 1


def _judge(figures: Figures, subscription, receiver: WebhookReceiver) -> None:
    rows = list(_deliveries(subscription).values_list("pk", "status"))
    figures.requests += receiver.posts
    for pk, status in rows:
        figures.check(status == "sent", f"delivery {pk} ended {status}")
        figures.lost += 0 if receiver.processed[str(pk)] else 1
    unknown = set(receiver.processed) - {str(pk) for pk, _s in rows}
    figures.check(not unknown, f"the receiver got deliveries it was not sent: {unknown}")
    figures.duplicated += receiver.after_ok
    figures.check(not receiver.after_ok, f"{receiver.after_ok} events POSTed again after a 200")
    figures.check(not receiver.bad_signatures, f"{receiver.bad_signatures} bad signatures")
