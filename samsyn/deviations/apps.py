from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeviationsConfig(AppConfig):
    name = "samsyn.deviations"
    verbose_name = "Avvikelser mellan vårdgivare"

    def ready(self):
        from samsyn.core.navigation import nav_register
        from samsyn.deviations import access, selectors  # noqa: F401 - registers rules, sections

        nav_register(
            url_name="deviations:list", label=_("Avvikelser"), order=10,
            permission="deviations.view",
        )
        nav_register(
            url_name="deviations:report", label=_("Rapportera avvikelse"), order=11,
            permission="deviations.report",
        )
