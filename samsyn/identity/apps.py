from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Sign-in through OpenID Connect providers configured as data."""

    name = "samsyn.identity"
    verbose_name = _("Sign-in")

    def ready(self):
        from samsyn.audit.display import action_labels_register
        from samsyn.core.login_page import login_page_extra_register
        from samsyn.identity.views import login_page_providers

        login_page_extra_register(login_page_providers)
        action_labels_register(
            {
                "identity.signed_in": _("Signed in through an identity provider"),
                "identity.sign_in.refused": _("Sign-in through an identity provider refused"),
                "identity.identity.linked": _("Sign-in identity linked to a person"),
                "identity.mapping.added": _("Assignment mapped to a role"),
                "identity.mapping.removed": _("Assignment mapping removed"),
            }
        )
