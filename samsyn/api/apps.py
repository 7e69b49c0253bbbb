from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "samsyn.api"
    verbose_name = _("API")

    def ready(self):
        from samsyn.audit.display import action_labels_register
        from samsyn.core.navigation import nav_register

        action_labels_register(
            {
                "api.token.created": _("API token created"),
                "api.token.revoked": _("API token revoked"),
            }
        )
        nav_register(url_name="api_tokens", label=_("API tokens"), order=900, permission=None)
