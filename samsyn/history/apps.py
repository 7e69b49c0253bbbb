from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "samsyn.history"
    verbose_name = _("History from the old system")

    def ready(self):
        from samsyn.audit.display import action_labels_register
        from samsyn.core.navigation import nav_register

        nav_register(
            url_name="history:import",
            label=_("Import history"),
            order=96,
            permission="deviations.import_history",
        )
        action_labels_register(
            {
                "history.import.run": _("History imported from the old system"),
                "history.export.run": _("Cases exported in the import layout"),
                "history.profile.added": _("Import profile added"),
                "history.profile.renamed": _("Import profile renamed"),
                "history.profile.columns_changed": _("Import profile's columns changed"),
                "history.value_mapping.saved": _("Import profile's value mapped"),
                "history.value_mapping.removed": _("Import profile's value mapping removed"),
            }
        )
