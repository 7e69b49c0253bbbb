"""Send what waits in the outbox: `manage.py deliver_outbox` (once) or `--loop` (the delivery
process production runs beside the web servers; decision "outbox worker")."""

import contextlib
import logging
import time

from django.db import DatabaseError, connection
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.outbox.services import outbox_deliver_due
from samsyn.outbox.wake import CHANNEL, Waiter

log = logging.getLogger(__name__)
LIMIT = 500  # messages per look; a look that sent as many looks again at once
RECONNECT_PAUSE = 2.0  # seconds between tries to reach a database that went away


class Command(TranslatedCommand):
    help = _(
        "Sends the messages that wait in the outbox (new ones, and failed ones whose next "
        "attempt is due). Run it as a service with --loop: it sends a change's messages as "
        "soon as the change is saved (woken by PostgreSQL; on SQLite it looks every few "
        "seconds). Two at once never send a message twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help=_("Keep running: send what is written at once, and what is due."),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help=_(
                "With --loop, the longest pause between two looks, in seconds (30 on "
                "PostgreSQL, which wakes the loop at once; 2 on SQLite, which cannot)."
            ),
        )

    def handle(self, *args, loop=False, interval=None, **options):
        if not loop:
            self._report(outbox_deliver_due(limit=LIMIT))
            return
        if interval is None:
            interval = 30 if connection.vendor == "postgresql" else 2
        waiter = Waiter()
        started = False
        while True:
            try:
                waiter.listen()  # before the look: a change committed during it wakes the next
                if not started:  # a service's log (and the webhook drill) see that it listens
                    started = True
                    self.stdout.write(self._started(interval))
                    self.stdout.flush()
                done = outbox_deliver_due(limit=LIMIT)
                if done.sent or done.failed or done.given_up:
                    self._report(done)
                if done.sent + done.failed + done.given_up < LIMIT:
                    waiter.wait(max(0.1, interval))
            except (DatabaseError, connection.Database.Error) as error:
                # The database restarts: wait a moment (not a whole look's interval, so a short
                # restart holds the messages back seconds, not half a minute), then connect and
                # listen anew.
                log.warning("The outbox's delivery loop lost the database: %s", error)
                with contextlib.suppress(Exception):
                    connection.close()
                time.sleep(RECONNECT_PAUSE)

    @staticmethod
    def _started(interval: float) -> str:
        if connection.vendor == "postgresql":
            return gettext(
                "Delivering the outbox: listening on {channel} (woken at each commit), and "
                "looking every {seconds} s."
            ).format(channel=CHANNEL, seconds=f"{interval:g}")
        return gettext("Delivering the outbox: looking every {seconds} s.").format(
            seconds=f"{interval:g}"
        )

    def _report(self, done) -> None:
        self.stdout.write(
            gettext("Sent: {sent}, to try again: {failed}, given up: {given_up}").format(
                sent=done.sent, failed=done.failed, given_up=done.given_up
            )
        )
