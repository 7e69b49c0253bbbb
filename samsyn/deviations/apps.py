from django.apps import AppConfig


class DeviationsConfig(AppConfig):
    name = "samsyn.deviations"
    verbose_name = "Avvikelser mellan vårdgivare"
