from django.core.management.base import BaseCommand

from samsyn.deviations.reminders import deviation_reminders_send


class Command(BaseCommand):
    help = (
        "Påminner ansvariga handläggare om försenade avvikelser (en gång per dag och ärende). "
        "Kör dagligen från cron eller en systemd-timer; säker att köra flera gånger."
    )

    def handle(self, *args, **options):
        sent = deviation_reminders_send()
        self.stdout.write(f"Påminnelser skickade: {sent}")
