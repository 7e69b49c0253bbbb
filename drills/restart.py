"""Restart drill: PostgreSQL (the drill's private cluster) stops and starts again under load.

While it is down every request must answer fast (within ANSWER_BOUND seconds) with a 503: a
problem under /api/, a Swedish page on the web, 503 from /healthz; never a 500 and never a hang.
Once it is back the app must answer 200 again within RECOVERY_BOUND seconds without a
restart, and every case a client sent during the outage (retried with its Idempotency-Key)
must exist exactly once."""

import http.client
import threading
import time
import uuid

from bench.client import HttpClient
from drills.crash import _count_once, _until_answered
from drills.figures import Figures
from drills.http import Answer, Api
from drills.stack import Stack, report_body, token

ANSWER_BOUND = 10.0  # connect timeout (5 s) and a margin
RECOVERY_BOUND = 15.0
DOWN_SECONDS = 4.0
OUTAGE_OK = {200, 503}


def _web_page(port: int, cookies: dict, path: str) -> Answer:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        connection.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "sv"})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return Answer(response.status, {"html": text}, {}, time.monotonic() - started)
    except (OSError, http.client.HTTPException) as exc:
        return Answer(0, None, {}, time.monotonic() - started, error=repr(exc))
    finally:
        connection.close()


class Load:
    """Readers on the API, the web and /healthz, until told to stop; every answer kept."""

    def __init__(self, port: int, api: Api, cookies: dict):
        self.port, self.api, self.cookies = port, api, cookies
        self.answers: list[tuple[str, float, Answer]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def _loop(self, kind: str) -> None:
        while not self.stopping.is_set():
            if kind == "api":
                answer = self.api.get("/api/v1/deviations?limit=5")
            elif kind == "web":
                answer = _web_page(self.port, self.cookies, "/avvikelser/")
            else:
                answer = self.api.get("/healthz")
            with self._lock:
                self.answers.append((kind, time.monotonic(), answer))
            time.sleep(0.05)

    def start(self, threads: int) -> list[threading.Thread]:
        kinds = ["api", "web", "health"]
        started = [
            threading.Thread(target=self._loop, args=(kinds[i % 3],), daemon=True)
            for i in range(threads)
        ]
        for thread in started:
            thread.start()
        return started


def run(figures: Figures, *, stack: Stack) -> None:
    port = stack.server.port
    api = Api(port, token("handlaggare.sas", "Omstart"), timeout=60)
    writer = Api(port, token("rapportor", "Omstart skriv"), timeout=60)
    cookies = HttpClient("127.0.0.1", port).sign_in("handlaggare.sas")
    title = f"Under omstart {uuid.uuid4().hex[:8]}"
    body, key = report_body(title), str(uuid.uuid4())
    load = Load(port, api, cookies)
    threads = load.start(9)
    time.sleep(1.5)
    stack.cluster.stop("fast")
    figures.faults += 1
    down_at = time.monotonic()
    # A write sent while the database is down: retried with its key until it lands, once.
    written: list = []
    write = threading.Thread(target=_until_answered, args=(writer, body, key, written), daemon=True)
    write.start()
    time.sleep(DOWN_SECONDS)
    stack.cluster.start()
    back_at = time.monotonic()
    write.join(timeout=60)
    time.sleep(RECOVERY_BOUND)
    load.stopping.set()
    for thread in threads:
        thread.join()
    from django.db import connections

    connections.close_all()  # the drill's own connection died with the server
    _judge(figures, load.answers, down_at, back_at)
    figures.requests += len(written)
    figures.server_errors += sum(1 for a in written if a.status not in (201, 503))
    _count_once(figures, title)
    figures.scenarios += 1


def _judge(figures: Figures, answers: list, down_at: float, back_at: float) -> None:
    figures.requests += len(answers)
    during = [(k, t, a) for k, t, a in answers if down_at <= t <= back_at]
    figures.check(bool(during), "no request was answered while the database was down")
    for kind, _t, answer in answers:
        if answer.status not in OUTAGE_OK:
            figures.server_errors += 1
            figures.failures.append(f"{kind} answered {answer.status} {answer.error}".strip())
        figures.check(answer.seconds <= ANSWER_BOUND, f"{kind} took {answer.seconds:.1f} s")
    outage = [(k, a) for k, _t, a in during if a.status == 503]  # noqa: PLR2004
    figures.check(bool(outage), "no 503 while the database was down")
    for kind, answer in outage:
        body = answer.body or {}
        if kind == "web":
            figures.check(
                "databas" in body.get("html", ""), "the web's 503 is not the Swedish page"
            )
        else:
            figures.check(
                body.get("status") == 503 or body.get("database") == "unreachable",  # noqa: PLR2004
                f"{kind}'s 503 is not JSON",
            )
    for kind in ("api", "web", "health"):
        recovered = [t for k, t, a in answers if k == kind and t > back_at and a.status == 200]  # noqa: PLR2004
        first = min(recovered, default=float("inf")) - back_at
        figures.check(first <= RECOVERY_BOUND, f"{kind} did not recover within {RECOVERY_BOUND} s")
        # Judged by when a request began: one sent while the database was still down may end
        # just after another thread's first 200, with its 503, and that is not a relapse.
        after = [a.status for k, t, a in answers if k == kind and t - a.seconds > back_at + first]
        figures.check(all(s == 200 for s in after), f"{kind} failed again after recovering")  # noqa: PLR2004
