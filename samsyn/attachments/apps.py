from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    """Documents attached to cases (issue 18): one model, one check of what is uploaded, one
    access-checked download, for every case type that registers itself (`rules.py`).

    Generic, like the case engine: it imports no domain app.
    """

    name = "samsyn.attachments"
    verbose_name = _("Attachments")
