from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "samsyn.outbox"
    verbose_name = _("Outgoing messages")

    def ready(self):
        from samsyn.audit.display import action_labels_register
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register
        from samsyn.outbox import access  # noqa: F401 - registers the permission rows
        from samsyn.outbox.selectors import outbox_start_sections

        nav_register(
            url_name="outbox:messages",
            label=_("Outgoing messages"),
            order=95,
            permission="outbox.review",
        )
        nav_register(
            url_name="outbox:webhooks",
            label=_("Webhooks"),
            order=97,
            permission="outbox.webhooks",
        )
        start_section_register(outbox_start_sections)
        action_labels_register(
            {
                "outbox.message.retried": _("Outgoing message sent again"),
                "outbox.webhook.subscribed": _("Webhook subscription added"),
                "outbox.webhook.deactivated": _("Webhook subscription ended"),
                "outbox.webhook.resent": _("Webhook sent again"),
            }
        )
