"""Two app servers: a second gunicorn on another port against the same PostgreSQL, the load
spread over both, as behind a load balancer. Nothing may depend on which server answers:

- a session made on one server is valid on the other;
- login throttling counts failures across both (the fifth wrong password, whichever server
  got the others, locks the person out on both, even with the right password);
- an Idempotency-Key sent to both servers at the same moment makes one case, and the retry
  on the other server gets the same case;
- the reminder sweep started from both servers' hosts at once reminds each case once.
"""

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from bench.client import PASSWORD, HttpClient
from drills import jobs
from drills.crash import _count_once, _until_answered
from drills.figures import Figures
from drills.http import Answer, Api
from drills.restart import _web_page
from drills.stack import Stack, report_body, token
from drills.sweep import overdue_cases, reminded_once

CLIENTS = 16
THROTTLED = "chef1.sas"  # signs in nowhere else in the drills
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _session_travels(figures: Figures, ports: list[int]) -> None:
    cookies = HttpClient("127.0.0.1", ports[0]).sign_in("handlaggare.sas")
    page = _web_page(ports[1], cookies, "/avvikelser/")
    figures.answered([page])
    figures.check(
        page.status == 200 and "Sami" in (page.body or {}).get("html", ""),  # noqa: PLR2004
        f"a session from server 1 answered {page.status} on server 2",
    )


def _login(port: int, password: str) -> int:
    client = HttpClient("127.0.0.1", port, timeout=60)
    jar: dict = {}
    status, headers, _size, html = client._request("GET", "/logga-in/", cookies=jar, sink=True)
    client._set_cookies(jar, headers)
    csrf = _CSRF.search(html.decode("utf-8", "replace"))
    if status != 200 or csrf is None:  # noqa: PLR2004
        return status
    body = urlencode(
        {"username": THROTTLED, "password": password, "csrfmiddlewaretoken": csrf.group(1)}
    )
    status, _h, _s, _b = client._request("POST", "/logga-in/", cookies=jar, body=body)
    return status


def _throttled_across(figures: Figures, ports: list[int]) -> None:
    from django.conf import settings

    limit = settings.AXES_FAILURE_LIMIT
    wrong = [_login(ports[i % 2], "fel-lösenord") for i in range(limit)]
    figures.requests += 2 * len(wrong)
    figures.server_errors += sum(1 for s in wrong if s >= 500)  # noqa: PLR2004
    right = [_login(port, PASSWORD) for port in ports]
    figures.requests += 2 * len(right)
    figures.check(
        all(s not in (302, 303) for s in right),  # noqa: PLR2004
        f"{limit} wrong passwords over two servers did not lock the person out: {right}",
    )
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=THROTTLED).delete()  # the drill's lock is lifted


def _idempotent_across(figures: Figures, ports: list[int]) -> None:
    apis = [Api(port, token("rapportor", f"Två servrar {port}"), timeout=60) for port in ports]
    titles = [f"Två servrar {n} {uuid.uuid4().hex[:6]}" for n in range(CLIENTS // 2)]
    barrier = threading.Barrier(CLIENTS)

    def send(index: int) -> Answer:
        title = titles[index // 2]
        key = uuid.uuid5(uuid.NAMESPACE_URL, title)
        barrier.wait()
        return apis[index % 2].post(
            "/api/v1/deviations", report_body(title), **{"Idempotency-Key": str(key)}
        )

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(send, range(CLIENTS)))
    figures.answered(answers)
    statuses = {a.status for a in answers}
    figures.check(statuses <= {201, 409}, f"one key on two servers answered {statuses}")
    for number, title in enumerate(titles):
        key = str(uuid.uuid5(uuid.NAMESPACE_URL, title))
        retried: list = []
        case = _until_answered(apis[(number + 1) % 2], report_body(title), key, retried)
        figures.answered(retried)
        first = [a.body["id"] for a in answers[2 * number : 2 * number + 2] if a.status == 201]  # noqa: PLR2004
        figures.check(
            all(pk == case for pk in first), f"the retry on the other server made case {case}"
        )
        _count_once(figures, title)


def _sweep_on_both(figures: Figures, stack: Stack, ports: list[int], cases: int) -> None:
    api = Api(ports[0], token("rapportor", "Två servrar svep"), timeout=60)
    from django.utils import timezone

    ids = overdue_cases(api, figures, f"Svep två servrar {uuid.uuid4().hex[:6]}", cases)
    since = timezone.now()
    env = jobs.job_env(stack.database_url)
    sweeps = [jobs.start(env, "send_deviation_reminders") for _ in ports]
    for sweep in sweeps:
        status, output = jobs.finish(sweep)
        figures.check(status == 0, f"a sweep failed: {output[-500:]}")
    reminded_once(figures, ids, "sweep on two servers", since)


def run(figures: Figures, *, stack: Stack, cases: int) -> None:
    second = stack.start_server("gunicorn-2")
    try:
        ports = [stack.server.port, second.port]
        _session_travels(figures, ports)
        _throttled_across(figures, ports)
        _idempotent_across(figures, ports)
        _sweep_on_both(figures, stack, ports, cases)
    finally:
        second.stop()
    figures.scenarios += 1
