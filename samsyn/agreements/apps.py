from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "samsyn.agreements"
    verbose_name = "Avtal och styrande dokument"

    def ready(self):
        from samsyn.agreements.start import adoption_start_section
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register

        start_section_register(adoption_start_section)

        nav_register(
            url_name="agreements:documents",
            label=_("Avtal"),
            order=40,
            permission="agreements.view",
        )
