from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.management.base import TranslatedCommand
from samsyn.disagreements.services import steps_remind_overdue


class Command(TranslatedCommand):
    help = _(
        "Reminds the managers at every step of the escalation ladder that has "
        "passed its last date (once per step; can run again without "
        "duplicates)."
    )

    def handle(self, *args, **options):
        count = steps_remind_overdue()
        self.stdout.write(gettext("Reminders of passed steps: {count}").format(count=count))
