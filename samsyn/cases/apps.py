from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The case engine: states, the moves between them, who may make them, and their history.

    Generic: it imports no domain app. Each case app declares its workflow in `workflow.py`.
    """

    name = "samsyn.cases"
    verbose_name = _("Cases")

    def ready(self):
        from samsyn.audit.display import data_keys_register
        from samsyn.cases.display import DATA_KEYS

        data_keys_register(DATA_KEYS)
