from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samsyn.audit"
    verbose_name = "Granskningslogg"

    def ready(self):
        from samsyn.core.navigation import nav_register

        nav_register(
            url_name="audit:read_log", label=_("Logggranskning"), order=90,
            permission="audit.review",
        )
