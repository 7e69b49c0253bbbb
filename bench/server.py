"""Samsyn as production runs it (docs/operations.md): gunicorn, production settings, on loopback.

Plain HTTP on 127.0.0.1 (no TLS proxy): SECURE_SSL_REDIRECT is off and the client sends the
Secure cookies itself; everything else is samsyn.settings_production.
"""

import base64
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKERS = 3  # as docs/operations.md serves it
# gunicorn's worker timeout in production (samsyn/gunicorn_config.py: 3 workers × 4 threads,
# 60 s). With threads, the timeout bounds a worker that stops answering its master, not a
# request: a long export streams on while the worker lives.
TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samsyn.settings_production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-" + secrets.token_hex(24),
        # Production refuses to start without an audit key of its own; the run's copy of the
        # county is dropped afterwards, so a throwaway key signs what the run appends.
        "AUDIT_HMAC_KEYS": "9:bench-only-" + secrets.token_hex(24),
        "PATIENT_REFERENCE_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        # The bench signs the demo people in with their passwords (no identity provider on
        # loopback); production allows the password form to superusers only by default.
        "LOCAL_PASSWORD_LOGIN": "on",
        "DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Intake sends as fast as 16 systems can: what the app does per request is measured,
        # not the per-token limit (600 a minute by default), which would answer 429 instead.
        "API_RATE_LIMIT": "1000000/m",
        "PYTHONPATH": str(REPO),
    }


class Workers:
    """The gunicorn workers' memory, read from /proc (they come and go when one is killed)."""

    def __init__(self, master_pid: int):
        self.master_pid = master_pid

    def pids(self) -> list[int]:
        children = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    @staticmethod
    def _rss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def rss_mb(self) -> float:
        """The resident memory of the largest worker right now."""
        return max((self._rss_kb(pid) for pid in self.pids()), default=0) / 1024


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float | None:
    """User and system CPU of one process, all its threads, from /proc/<pid>/stat; None when
    the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()  # after "(comm)": state is field 0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class CpuMeter:
    """Where a window's CPU went on this machine, by part of the rig: `app` (gunicorn's master
    and workers), `delivery` (the outbox's delivery loop), `database` (the PostgreSQL processes
    of the run's database: the connections' backends, and an autovacuum worker the writes
    woke; only a server on this machine is seen, and not its shared processes: WAL writer,
    checkpointer) and `client` (the bench itself, its client threads). Read from /proc before
    and after; a process that ends within the window loses its share (the app keeps its
    connections open, CONN_MAX_AGE), and work still queued when the window closes (e-mails the
    delivery loop has not sent yet) is not counted."""

    def __init__(self, *, server_pid: int, loop_pid: int | None, database: str):
        self.server_pid, self.loop_pid = server_pid, loop_pid
        # "postgres: 15/main: postgres samsyn_bench_run 127.0.0.1(…) idle": a word of the line
        self.database = database

    def _backends(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            words = command.decode(errors="replace").split()
            if words[:1] == ["postgres:"] and self.database in words:
                pids.append(int(entry.name))
        return pids

    def snapshot(self) -> dict[str, dict[int, float]]:
        groups = {
            "app": [self.server_pid, *Workers(self.server_pid).pids()],
            "delivery": [self.loop_pid] if self.loop_pid else [],
            "database": self._backends(),
            "client": [os.getpid()],
        }
        taken = {}
        for name, pids in groups.items():
            cpu = {pid: _cpu_seconds(pid) for pid in pids}
            taken[name] = {pid: seconds for pid, seconds in cpu.items() if seconds is not None}
        return taken

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float | None]:
        """CPU seconds per group between two snapshots (a process new in `after` counts from
        its start); None for a group with no process in either (no PostgreSQL process seen:
        a server on another machine), so that it does not read as 0."""
        return {
            name: (
                sum(cpu - before.get(name, {}).get(pid, 0.0) for pid, cpu in pids.items())
                if pids or before.get(name)
                else None
            )
            for name, pids in after.items()
        }


class Server:
    def __init__(
        self,
        *,
        database_url: str,
        log_path: Path,
        workers: int = WORKERS,
        timeout: int = TIMEOUT,
        outbox_loop: bool = False,
    ):
        self.env = production_env(database_url)
        self.log_path = log_path
        self.workers, self.timeout = workers, timeout
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        # The outbox's delivery loop beside gunicorn, as production runs it (docs/operations.md):
        # it sends what the requests write, on the same machine's cores.
        self.outbox_loop = outbox_loop
        self.loop: subprocess.Popen | None = None

    def _manage(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self._manage("collectstatic", "--noinput", "-v0")  # the manifest production serves
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w", encoding="utf-8")
        if self.outbox_loop:
            self.loop = subprocess.Popen(  # noqa: S603 (our own manage.py)
                [sys.executable, "manage.py", "deliver_outbox", "--loop"],
                cwd=REPO,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        self.process = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "samsyn.wsgi:application",
                "--config",
                "python:samsyn.gunicorn_config",  # threads, and no Server banner
                "--workers",
                str(self.workers),
                "--timeout",
                str(self.timeout),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                url = f"http://127.0.0.1:{self.port}/logga-in/"
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                    if response.status == 200 and len(Workers(self.process.pid).pids()) >= 1:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"Samsyn did not answer within 60 s; see {self.log_path}")

    def stop(self) -> None:
        if self.loop is not None:
            self.loop.terminate()
            self.loop.wait(timeout=30)
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
