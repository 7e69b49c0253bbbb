"""SQLite drill: the embedded default (one file, no database server) under 8 people at once.

Gunicorn as production runs it, on a fresh SQLite file (WAL, BEGIN IMMEDIATE, a 20 s busy
timeout: samsyn/settings.py). Eight people sign in on the web at the same moment (a session
write each), then each, round after round: four report a new case over the API (many rows in
one transaction) and read the list page; four acknowledge the newest unacknowledged case with
the version they read, and read a case. No answer may be a 5xx or say "database is locked",
nor may the server's log; every case answered 201 must be in the file once.
"""

import json
import os
import queue
import sqlite3
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.client import HttpClient, SignInFailed
from drills.figures import Figures
from drills.http import Api
from drills.restart import _web_page
from drills.stack import LOGS, DrillServer, manage

USERS = 8
LOCKED = "database is locked"
SETUP = """
import json
from drills.stack import report_body, token
print("DRILL" + json.dumps({
    "body": report_body("x"),
    "reporters": [token("rapportor", f"SQLite {i}") for i in range(4)],
    "handlers": [token("handlaggare.sas", f"SQLite {i}") for i in range(4)],
}))
"""


def _database(path: Path) -> tuple[str, dict]:
    url = f"sqlite:///{path}"
    for command in (
        ("migrate", "--noinput"),
        ("load_reference_data",),
        ("load_agreement_registry",),
        ("load_demo_data", "--without-cases", "--allow-without-debug"),
    ):
        manage(url, *command)
    import subprocess
    import sys

    from bench.server import REPO

    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "samsyn.settings"}
    out = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("DRILL"))
    return url, json.loads(line[len("DRILL") :])


class _People:
    def __init__(self, port: int, setup: dict, rounds: int, tag: str):
        self.port, self.setup, self.rounds, self.tag = port, setup, rounds, tag
        self.answers: list = []
        self.failures: list[str] = []
        self.created: list[int] = []
        self.fresh: queue.Queue = queue.Queue()
        self.barrier = threading.Barrier(USERS)
        self.lock = threading.Lock()

    def keep(self, *answers) -> None:
        with self.lock:
            self.answers.extend(answers)

    def person(self, index: int) -> None:
        reporter = index < USERS // 2
        user = "rapportor" if reporter else "handlaggare.sas"
        tokens = self.setup["reporters" if reporter else "handlers"]
        api = Api(self.port, tokens[index % 4], timeout=60)
        self.barrier.wait()
        try:
            cookies = HttpClient("127.0.0.1", self.port, timeout=60).sign_in(user)
        except SignInFailed as failed:  # the session could not be written
            with self.lock:
                self.failures.append(f"{user} could not sign in: {failed}")
            cookies = {}
        if reporter:
            try:
                for number in range(self.rounds):
                    self.report(api, cookies, index, number)
            finally:
                self.fresh.put(None)  # one "done" per reporter
            return
        while self.acknowledge(api):
            pass

    def report(self, api: Api, cookies: dict, index: int, number: int) -> None:
        body = {**self.setup["body"], "title": f"{self.tag} {index}-{number}"}
        made = api.post("/api/v1/deviations", body, **{"Idempotency-Key": str(uuid.uuid4())})
        page = _web_page(self.port, cookies, "/avvikelser/")
        self.keep(made, page)
        if made.status == 201:  # noqa: PLR2004
            with self.lock:
                self.created.append(made.body["id"])
            self.fresh.put(made.body["id"])

    def acknowledge(self, api: Api) -> bool:
        """Acknowledge the next new case; False once the reporters are done."""
        case = self.fresh.get()
        if case is None:
            return False
        seen = api.get(f"/api/v1/deviations/{case}")
        moved = api.post(
            f"/api/v1/deviations/{case}/moves/acknowledge",
            {"position": "agrees"},
            **{"If-Match": seen.etag},
        )
        self.keep(seen, moved)
        return True


def run(figures: Figures, *, rounds: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="samsyn-drill-sqlite-"))
    path = folder / "samsyn.sqlite3"
    url, setup = _database(path)
    server = DrillServer(database_url=url, log_path=LOGS / "gunicorn-sqlite.log")
    for name in ("AUDIT_HMAC_KEYS", "PATIENT_REFERENCE_KEYS", "SECRET_KEY"):
        server.env[name] = os.environ[name]
    server.start()
    tag = f"SQLite {uuid.uuid4().hex[:6]}"
    people = _People(server.port, setup, rounds, tag)
    try:
        with ThreadPoolExecutor(USERS) as pool:
            list(pool.map(people.person, range(USERS)))
    finally:
        server.stop()
    figures.answered(people.answers)
    for failure in people.failures:
        figures.check(False, failure)
    figures.check(people.answers, "the SQLite drill sent nothing")
    for answer in people.answers:
        text = json.dumps(answer.body, ensure_ascii=False) if answer.body else ""
        figures.check(answer.status < 500, f"SQLite answered {answer.status} {answer.error}")  # noqa: PLR2004
        figures.check(LOCKED not in text, f"a user saw '{LOCKED}' ({answer.status})")
    log = (LOGS / "gunicorn-sqlite.log").read_text(encoding="utf-8", errors="replace")
    figures.check(LOCKED not in log, f"'{LOCKED}' in the SQLite server's log")
    with sqlite3.connect(path) as db:
        titles = [
            row[0]
            for row in db.execute(
                "SELECT title FROM deviations_deviation WHERE title LIKE ?", (f"{tag}%",)
            )
        ]
    figures.duplicated += len(titles) - len(set(titles))
    figures.lost += max(0, len(people.created) - len(set(titles)))
    figures.check(
        len(set(titles)) == len(people.created),
        f"{len(people.created)} cases answered 201, {len(set(titles))} in the file",
    )
    figures.scenarios += 1
