from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "samsyn.followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from samsyn.audit.display import action_labels_register
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register
        from samsyn.followup import access  # noqa: F401 - registers the permission rows
        from samsyn.followup.start import followup_start_section

        start_section_register(followup_start_section)

        nav_register(
            url_name="followup:index",
            label=_("Follow-up"),
            order=40,
            permission="followup.pair_view",
        )
        nav_register(
            url_name="followup:report_latest",
            label=_("Annual report"),
            order=41,
            permission="followup.county_report",
        )
        nav_register(
            url_name="followup:compilation_latest",
            label=_("Our compilation"),
            order=42,
            permission="followup.provider_compilation",
        )
        nav_register(
            url_name="followup:settings",
            label=_("Indicators"),
            order=83,
            permission="parties.edit",
        )
        action_labels_register(
            {
                "followup.indicator.added": _("Indicator added"),
                "followup.indicator.changed": _("Indicator changed"),
                "followup.deadline.added": _("Reflection deadline added"),
                "followup.deadline.changed": _("Reflection deadline changed"),
                "followup.reflection.submitted": _("Area reflection submitted"),
                "followup.reflection.changed": _("Area reflection changed"),
            }
        )
