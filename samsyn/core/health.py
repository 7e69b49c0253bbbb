"""Is the database there, and is its schema this code's? (`GET /healthz`, issue 22 item 4)

A load balancer or a monitor asks without signing in; the answer names no data, only whether
the database answered and whether every migration on disk is applied.
"""

import functools

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


@functools.cache
def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    """The code's migrations: read from disk once per process (the code does not change)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def database_health(*, using=None) -> dict[str, str]:
    """{"database": "ok" | "unreachable", "migrations": "ok" | "pending" | "unknown"}."""
    try:
        applied = set(MigrationRecorder(using or connection).applied_migrations())
    except DatabaseError:
        return {"database": "unreachable", "migrations": "unknown"}
    pending = _migrations_on_disk() - applied
    return {"database": "ok", "migrations": "pending" if pending else "ok"}


def _chain(error: BaseException | None, limit: int = 50):
    """The error and every error it came from or was raised while handling, each once."""
    waiting, seen = [error], set()
    while waiting and len(seen) < limit:
        current = waiting.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        waiting += [current.__cause__, current.__context__]


def database_unreachable(error: BaseException | None) -> bool:
    """A database that does not answer (down, restarting, a cancelled statement) rather than a
    fault in Samsyn: the caller may retry, so the answer is 503, not 500. Looks through the
    errors it caused too: a session that cannot be saved becomes Django's "session
    interrupted" (400) on top of the database's error. The driver's own errors count as well:
    closing a cursor on a connection the server dropped raises psycopg's error, not Django's,
    and psycopg may chain its own cause first (the restart drill's one 500 in about twenty)."""
    driver = connection.Database
    unreachable = (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)
    return any(isinstance(each, unreachable) for each in _chain(error))
