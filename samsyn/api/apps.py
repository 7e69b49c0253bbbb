from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "samsyn.api"
    verbose_name = _("API")

    def ready(self):
        from samsyn.audit.display import action_labels_register

        action_labels_register(
            {
                "api.token.created": _("API token created"),
                "api.token.revoked": _("API token revoked"),
            }
        )
