from django.apps import AppConfig


class DisagreementsConfig(AppConfig):
    name = "samsyn.disagreements"
    verbose_name = "Oenighet och tvist"
