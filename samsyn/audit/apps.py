from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samsyn.audit"
    verbose_name = "Granskningslogg"

    def ready(self):
        from samsyn.audit.selectors import audit_start_sections
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register

        nav_register(
            url_name="audit:read_log",
            label=_("Granska loggar"),
            order=90,
            permission="audit.review",
        )
        start_section_register(audit_start_sections)
