from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samsyn.core"
    verbose_name = _("Shared")

    def ready(self):
        from samsyn.core.navigation import nav_register

        nav_register(url_name="core:start", label=_("Start"), order=0)
        nav_register(url_name="core:notifications", label=_("Notifications"), order=90)

        from samsyn.audit.display import action_labels_register

        action_labels_register({"core.statement.changed": _("Statement changed")})
