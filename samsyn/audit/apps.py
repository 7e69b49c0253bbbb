from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samsyn.audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from samsyn.audit.display import (
            DataKey,
            amount_shown,
            data_keys_register,
            field_names_shown,
        )
        from samsyn.audit.selectors import audit_start_sections
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register

        nav_register(
            url_name="audit:read_log",
            label=_("Review the logs"),
            order=90,
            permission="audit.review",
        )
        start_section_register(audit_start_sections)
        data_keys_register(
            {
                # audit.read_log.exported: the filters of the export.
                "filters": DataKey(_("filter")),
                "username": DataKey(_("username")),
                "provider": DataKey(_("care provider")),
                "object_type": DataKey(_("object type")),
                "object_id": DataKey(_("object id")),
                "channel": DataKey(_("channel")),
                "date_from": DataKey(_("from")),
                "date_to": DataKey(_("up to and including")),
                "action": DataKey(_("action code")),
                # Amounts in kronor (core/amounts.py), as Swedes read them: 96 600,00 kr.
                "amount": DataKey(_("amount"), show=amount_shown),
                # retention.free_text.purged (core/retention.py).
                "fields": DataKey(_("fields"), show=field_names_shown),
                "retention_years": DataKey(_("retention period (years)")),
            }
        )
