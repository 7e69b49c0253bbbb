"""Gunicorn's configuration for Samsyn: `gunicorn -c python:samsyn.gunicorn_config samsyn.wsgi`.

Used in production (docs/operations.md) and by the test suites' live servers. Options given on
the command line (--bind, --workers) override the defaults here.
"""

import os
from urllib.parse import unquote_plus

from gunicorn.glogging import Logger
from gunicorn.http import wsgi

# The web processes get a bounded statement time (docs/operations.md): a runaway query is
# cancelled and answered 503 instead of holding a worker. Read by the settings in each worker;
# the cron jobs and `migrate` run without this file and keep no limit. 0 turns it off.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "30000")

bind = "127.0.0.1:8001"
workers = 3
threads = 4
timeout = 60
accesslog = "-"


class _ResponseWithoutBanner(wsgi.Response):
    """Gunicorn names itself in a `Server` header and has no setting to stop it; a banner only
    tells an attacker what to look up, so the header is left out."""

    def default_headers(self):
        return [
            line for line in super().default_headers() if not line.lower().startswith("server:")
        ]


wsgi.Response = _ResponseWithoutBanner


class RedactingLogger(Logger):
    """The access log never keeps a personal identity number: a search for one puts it in the
    request line and, on the next page, in the Referer (issue 18; core/privacy.py reads it
    however it was typed, also percent-encoded). The app's own logs redact the same way
    (audit.services.query_for_log)."""

    def atoms(self, resp, req, environ, request_time):
        from samsyn.core.privacy import personal_numbers_in, personal_numbers_redact

        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str) and personal_numbers_in(unquote_plus(value)):
                atoms[name] = personal_numbers_redact(unquote_plus(value))
        return atoms


logger_class = RedactingLogger


def post_worker_init(worker):
    """Each worker makes the counties' category suggestion models ready in a background thread
    as it starts (importing scikit-learn and reading the weights takes seconds), so the first
    suggestion a person asks for is as quick as the next. The worker answers meanwhile; a
    failure (no table yet, no model) is logged and the model loads on first use as before."""
    import threading

    threading.Thread(target=_warm, args=(worker.log,), name="samsyn-warm", daemon=True).start()


def _warm(log) -> None:
    from django.db import connection

    from samsyn.deviations.suggestions import suggestion_models_warm

    try:
        suggestion_models_warm()
    except Exception:  # noqa: BLE001 - warming is an optimisation; the request path loads anyway
        log.exception("Samsyn: the category suggestion models could not be made ready in advance")
    finally:
        connection.close()  # this thread's own connection
