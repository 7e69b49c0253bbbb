from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "samsyn.parties"
    verbose_name = "Parter och vårdgivare"
