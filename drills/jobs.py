"""The timer's jobs as production runs them (`manage.py send_deviation_reminders`,
`deliver_outbox`): separate processes with the production settings, the stack's database and
keys, mail over SMTP to the drill's sink and webhooks allowed to loopback."""

import os
import signal
import subprocess
import sys
import time

from bench.server import REPO, production_env


def job_env(database_url: str, *, smtp_port: int = 0) -> dict:
    env = production_env(database_url)
    for name in ("AUDIT_HMAC_KEYS", "PATIENT_REFERENCE_KEYS", "SECRET_KEY"):
        env[name] = os.environ[name]
    env["WEBHOOK_PRIVATE_HOSTS"] = "127.0.0.1"
    if smtp_port:
        env.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            EMAIL_TIMEOUT="5",
        )
    else:
        env["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    return env


def start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: float = 180) -> tuple[int, str]:
    """(exit status, output); a job that hangs past `timeout` is killed and reported as -9."""
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        return -9, output
    return process.returncode, output


def run(env: dict, *args: str) -> tuple[int, str]:
    return finish(start(env, *args))


def kill(process: subprocess.Popen) -> bool:
    """SIGKILL, as the OOM killer or a pulled plug does; True if it was still running."""
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return True


def wait_for(condition, seconds: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
