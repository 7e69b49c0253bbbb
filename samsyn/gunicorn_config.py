"""Gunicorn's configuration for Samsyn: `gunicorn -c python:samsyn.gunicorn_config samsyn.wsgi`.

Used in production (docs/operations.md) and by the test suites' live servers. Options given on
the command line (--bind, --workers) override the defaults here.
"""

import os

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
