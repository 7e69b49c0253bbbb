from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SystemicConfig(AppConfig):
    name = "samsyn.systemic"
    verbose_name = _("Systemic issues in cooperation")

    def ready(self):
        from samsyn.audit.display import (
            DataKey,
            action_labels_register,
            choices_shown,
            data_keys_register,
        )
        from samsyn.core.case_page import case_page_related_register
        from samsyn.core.navigation import nav_register
        from samsyn.systemic import access  # noqa: F401 - registers permissions
        from samsyn.systemic.models import Forum
        from samsyn.systemic.views import systemic_issues_for_deviation

        nav_register(
            url_name="systemic:list",
            label=_("Systemic issues"),
            order=37,
            permission="systemic.view",
        )
        case_page_related_register("deviations.deviation", systemic_issues_for_deviation)
        action_labels_register(
            {
                "systemic.issue.created": _("Systemic issue created"),
                "systemic.issue.changed": _("Systemic issue changed"),
                "systemic.issue.lifted": _("Systemic issue lifted to the ladder"),
            }
        )
        # The trail shows a systemic issue's links by name (its free text is never copied).
        data_keys_register(
            {
                "forum": DataKey(_("forum"), show=choices_shown(Forum.choices)),
                "area": DataKey(_("cooperation area"), model="parties.cooperationarea"),
                "deviations": DataKey(_("member cases"), model="deviations.deviation"),
            }
        )
