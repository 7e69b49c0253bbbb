"""Waking the delivery loop (`deliver_outbox --loop`) when messages are written (decision
"outbox worker"): on PostgreSQL a `NOTIFY` sent in the transaction that writes them, which the
server delivers when that transaction commits (and drops when it rolls back); elsewhere (SQLite)
the loop looks every few seconds."""

import time

from django.db import connection, transaction

CHANNEL = "samsyn_outbox"


def outbox_wake() -> None:
    """Ask the delivery loop to look at the outbox once the current transaction commits: one
    NOTIFY per transaction however many changes in it write messages (a report tells the
    handlers and the lex Maria assessors)."""
    if connection.vendor != "postgresql":
        return
    if connection.in_atomic_block and any(entry[1] is _woken for entry in connection.run_on_commit):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"NOTIFY {CHANNEL}")
    # Marks the transaction as notified; a savepoint rolled back drops the mark with its
    # NOTIFY (PostgreSQL drops the notifications of a rolled-back subtransaction too).
    transaction.on_commit(_woken)


def _woken() -> None:
    """Nothing to do at commit: PostgreSQL sends the NOTIFY then."""


class Waiter:
    """The loop's pause between two looks: until a `NOTIFY` arrives or `seconds` pass (on
    PostgreSQL, listening on Django's own connection, again after it was opened anew)."""

    def __init__(self):
        self.listening = None  # the database connection that listens

    def listen(self) -> None:
        if connection.vendor != "postgresql":
            return
        connection.ensure_connection()
        if self.listening is not connection.connection:
            with connection.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
            self.listening = connection.connection

    def wait(self, seconds: float) -> None:
        if self.listening is None or self.listening is not connection.connection:
            time.sleep(seconds)
            return
        # The first notification ends the pause; those that came with it (several changes
        # committed at once) are taken too, so that one look serves them all.
        list(self.listening.notifies(timeout=seconds, stop_after=1))
        list(self.listening.notifies(timeout=0))
