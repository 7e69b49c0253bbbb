from django.core.management.base import BaseCommand

from samsyn.disagreements.services import steps_remind_overdue


class Command(BaseCommand):
    help = (
        "Påminner cheferna på varje steg i eskaleringstrappan som passerat sitt sista datum "
        "(en gång per steg; kan köras igen utan dubbletter)."
    )

    def handle(self, *args, **options):
        count = steps_remind_overdue()
        self.stdout.write(f"Påminnelser om passerade steg: {count}")
