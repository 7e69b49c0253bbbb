from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "samsyn.agreements"
    verbose_name = _("Agreements and governing documents")

    def ready(self):
        from samsyn.agreements.start import adoption_start_section
        from samsyn.audit.display import DataKey, action_labels_register, data_keys_register
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register

        start_section_register(adoption_start_section)
        action_labels_register(
            {
                "agreements.decision.recorded": _("Decision recorded"),
                "agreements.decision.changed": _("Decision changed"),
                "agreements.termination.registered": _("Termination registered"),
                "agreements.version.created": _("New version"),
                "agreements.version.changed": _("Version changed"),
                "agreements.document.created": _("Governing document added"),
                "agreements.document.changed": _("Governing document changed"),
                "agreements.section.added": _("Section added"),
                "agreements.section.changed": _("Section changed"),
            }
        )
        data_keys_register(
            {
                "document": DataKey(
                    _("document"), model="agreements.governingdocument", lookup="code"
                ),
                "version_id": DataKey(_("version"), model="agreements.documentversion"),
                "version": DataKey(_("version")),
                "valid_from": DataKey(_("valid from")),
                "valid_to": DataKey(_("valid to and including")),
                "decided_on": DataKey(_("decided on")),
                "url": DataKey(_("link to the document")),
                "notice_period_months": DataKey(_("notice period (months)")),
            }
        )

        nav_register(
            url_name="agreements:documents",
            label=_("Agreements"),
            order=40,
            permission="agreements.view",
        )
