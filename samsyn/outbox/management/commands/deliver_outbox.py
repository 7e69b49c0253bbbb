"""Send what waits in the outbox: `manage.py deliver_outbox` (once) or `--loop` (a service)."""

import time

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.outbox.services import outbox_deliver_due


class Command(TranslatedCommand):
    help = _(
        "Sends the e-mails that wait in the outbox (those not sent when they were written, "
        "and failed ones whose next attempt is due). Run it every minute from a timer, or "
        "once as a service with --loop; two at once never send a message twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help=_("Keep running, looking for due messages every --interval seconds."),
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=30,
            help=_("Seconds between two looks with --loop (30 by default)."),
        )

    def handle(self, *args, loop=False, interval=30, **options):
        while True:
            done = outbox_deliver_due()
            if done.sent or done.failed or done.given_up or not loop:
                self.stdout.write(
                    gettext("Sent: {sent}, to try again: {failed}, given up: {given_up}").format(
                        sent=done.sent, failed=done.failed, given_up=done.given_up
                    )
                )
            if not loop:
                return
            time.sleep(max(1, interval))
