from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "samsyn.agreements"
    verbose_name = "Avtal och styrande dokument"
