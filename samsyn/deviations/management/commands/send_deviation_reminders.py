from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.deviations.reminders import deviation_reminders_send


class Command(TranslatedCommand):
    help = _(
        "Reminds the responsible handlers of overdue deviations (once a day "
        "and case). Run daily from cron or a systemd timer; safe to run more "
        "than once."
    )

    def handle(self, *args, **options):
        sent = deviation_reminders_send()
        self.stdout.write(gettext("Reminders sent: {count}").format(count=sent))
