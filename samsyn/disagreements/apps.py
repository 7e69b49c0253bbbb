from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisagreementsConfig(AppConfig):
    name = "samsyn.disagreements"
    verbose_name = _("Disagreement and dispute")

    def ready(self):
        from samsyn.core.ids import case_number_register
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register
        from samsyn.disagreements import access  # noqa: F401 - registers permissions
        from samsyn.disagreements.models import Disagreement
        from samsyn.disagreements.selectors import start_section

        case_number_register(prefix=Disagreement.REFERENCE_PREFIX, model=Disagreement)
        # The categories of disagreement are kept beside the deviations' classification
        # (issue 23 item 4: added, renamed and retired in the app, not in the Django admin).
        from samsyn.deviations.guidance_views import classification_kind_register
        from samsyn.disagreements.models import Category

        classification_kind_register(
            slug="oenighetskategori", model=Category, title=_("Categories of disagreement")
        )
        nav_register(
            url_name="disagreements:list",
            label=_("Disagreement and dispute"),
            order=30,
            permission="disagreements.view",
        )
        nav_register(
            url_name="disagreements:lessons",
            label=_("Guiding solutions"),
            order=35,
            permission="disagreements.lessons.view",
        )
        nav_register(
            url_name="disagreements:economic_agreements",
            label=_("Economic agreements"),
            order=36,
            permission="disagreements.economic_agreements.view",
        )
        nav_register(
            url_name="disagreements:organisation",
            label=_("Organisation for disagreement and dispute"),
            order=80,
            permission="parties.manage_people",
        )
        start_section_register(start_section)

        from samsyn.core.case_page import case_page_related_register
        from samsyn.disagreements.case_page import disagreements_for_deviation

        case_page_related_register("deviations.deviation", disagreements_for_deviation)
        from samsyn.disagreements import from_deviation

        from_deviation.register()  # its move in the deviation's table (issue 17)

        from samsyn.audit.display import action_labels_register, data_keys_register
        from samsyn.core.retention import retention_register
        from samsyn.disagreements import models
        from samsyn.disagreements.display import ACTION_LABELS, DATA_KEYS
        from samsyn.disagreements.workflow import DISAGREEMENT_WORKFLOW

        action_labels_register(
            {
                **ACTION_LABELS,
                "deviations.deviation.disagreement_opened": _("Disagreement opened from the case"),
            }
        )
        data_keys_register(DATA_KEYS)
        # Gallring: the case's free text goes RETENTION_YEARS after closing; the title, dates,
        # steps, outcome and amounts stay for follow-up. Lessons stay: they are written to be
        # shared county-wide without patient data, and are the precedents (the addendum
        # presentation, #HoSavtal2027).
        retention_register(
            model=models.Disagreement,
            closed_field="closed_at",
            text_fields=[f for f in DISAGREEMENT_WORKFLOW.free_text if f != "title"],
        )
        retention_register(
            model=models.EscalationStep,
            closed_field="disagreement__closed_at",
            text_fields=["outcome_text", "opened_reason"],
        )
        retention_register(
            model=models.StepMeeting,
            closed_field="step__disagreement__closed_at",
            text_fields=["notes"],
        )
        retention_register(
            model=models.Comment, closed_field="disagreement__closed_at", text_fields=["body"]
        )
        self._attachments_ready(models.Disagreement)

    def _attachments_ready(self, disagreement_model) -> None:
        """Issue 18: documents attached to a disagreement are seen by the managers of both
        parties ("disagreements.attachments", access.py) and go whole with the case's free text."""
        from samsyn.attachments.models import Attachment
        from samsyn.attachments.rules import AttachmentRule, attachments_register
        from samsyn.attachments.services import attachment_purge
        from samsyn.core.retention import retention_register_removal
        from samsyn.disagreements.selectors import disagreement_get_for

        retention_register_removal(
            model=Attachment, closed_field="disagreement__closed_at", remove=attachment_purge
        )
        attachments_register(
            model=disagreement_model,
            rule=AttachmentRule(
                permission="disagreements.attachments",
                side=lambda d: d,
                case_for=disagreement_get_for,
            ),
        )
