"""Crash drill: a gunicorn worker is killed (SIGKILL) while it writes a new case (the case, its
transitions, its audit events and its outgoing messages: many rows in one transaction). The
client retries with the same Idempotency-Key until it gets its answer; afterwards the case
must exist exactly once with each of its rows once. Two requests with the same key at the same
moment must also make one case."""

import os
import random
import signal
import threading
import time
import uuid

from bench.server import Workers
from drills.figures import Figures
from drills.http import Api
from drills.stack import report_body, token

RETRY_FOR_SECONDS = 90


def _kill_workers(master_pid: int) -> int:
    killed = 0
    for pid in Workers(master_pid).pids():
        try:
            os.kill(pid, signal.SIGKILL)
            killed += 1
        except ProcessLookupError:
            pass
    return killed


def _until_answered(api: Api, body: dict, key: str, answers: list) -> int:
    """Retry with the same key as a client would: on no answer, a 409 (still in flight) or a
    5xx, wait and send again."""
    deadline = time.monotonic() + RETRY_FOR_SECONDS
    while time.monotonic() < deadline:
        answer = api.post("/api/v1/deviations", body, **{"Idempotency-Key": key})
        answers.append(answer)
        if answer.status == 201:  # noqa: PLR2004
            return answer.body["id"]
        time.sleep(0.3)
    return 0


def _count_once(figures: Figures, title: str) -> None:
    from django.contrib.contenttypes.models import ContentType

    from samsyn.audit.models import AuditEvent
    from samsyn.cases.models import Transition
    from samsyn.deviations.models import Deviation

    cases = list(Deviation.objects.filter(title=title).values_list("pk", flat=True))
    figures.lost += 0 if cases else 1
    figures.duplicated += max(0, len(cases) - 1)
    kind = ContentType.objects.get_for_model(Deviation)
    for pk in cases:
        moves = list(
            Transition.objects.filter(content_type=kind, object_id=pk).values_list(
                "move", flat=True
            )
        )
        figures.duplicated += len(moves) - len(set(moves))
        actions = list(
            AuditEvent.objects.filter(
                object_type="deviations.deviation", object_id=str(pk)
            ).values_list("action", flat=True)
        )
        figures.duplicated += len(actions) - len(set(actions))
        figures.check(len(moves) >= 1, f"case {pk}: no timeline")


def run(figures: Figures, *, port: int, rounds: int, master_pid: int) -> None:
    api = Api(port, token("rapportor", "Krasch"), timeout=60)
    retried: list = []
    for number in range(rounds):
        title = f"Kraschfall {number} {uuid.uuid4().hex[:8]}"
        body, key = report_body(title), str(uuid.uuid4())
        sender = threading.Thread(
            target=api.post, args=("/api/v1/deviations", body), kwargs={"Idempotency-Key": key}
        )
        sender.start()
        time.sleep(random.uniform(0.0, 0.25))  # noqa: S311 - when to pull the plug, not a secret
        figures.faults += 1 if _kill_workers(master_pid) else 0
        sender.join()
        _until_answered(api, body, key, retried)
        figures.requests += 1  # the one cut off (no answer: the fault, not a server error)
        figures.answered(retried)
        _count_once(figures, title)
        retried.clear()
    # The same key twice at the same moment: one case, the other answer a 409 or a replay.
    title = f"Samtidigt {uuid.uuid4().hex[:8]}"
    body, key = report_body(title), str(uuid.uuid4())
    barrier = threading.Barrier(4)
    answers: list = []

    def twin():
        barrier.wait()
        answers.append(api.post("/api/v1/deviations", body, **{"Idempotency-Key": key}))

    threads = [threading.Thread(target=twin) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.answered(answers)
    statuses = {a.status for a in answers}
    figures.check(statuses <= {201, 409}, f"the same key at once answered {statuses}")
    _until_answered(api, body, key, [])
    _count_once(figures, title)
    figures.scenarios += 2
