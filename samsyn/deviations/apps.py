from django.apps import AppConfig
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The lex Maria assessment's free text, purged as the rest of the case's (issue 18).
_LEX_MARIA_TEXT = ["lex_maria_ivo_reference", "lex_maria_reason"]

# A label in lower case, still translated when shown (not when the app starts).
lazy_lower = lazy(lambda text: str(text).lower(), str)


class DeviationsConfig(AppConfig):
    name = "samsyn.deviations"
    verbose_name = _("Deviations between care providers")

    def ready(self):
        from samsyn.audit.display import action_labels_register, data_keys_register
        from samsyn.cases.models import Transition
        from samsyn.core.ids import case_number_register
        from samsyn.core.navigation import nav_register
        from samsyn.core.retention import retention_register
        from samsyn.deviations import (  # noqa: F401 - registers rules, sections
            access,
            selectors,
            worklist,
        )
        from samsyn.deviations.display import DATA_KEYS
        from samsyn.deviations.models import (
            Comment,
            Deviation,
            EventAnalysis,
            Measure,
            Status,
        )

        case_number_register(prefix=Deviation.REFERENCE_PREFIX, model=Deviation)
        nav_register(
            url_name="deviations:list",
            label=_("Deviations"),
            order=10,
            permission="deviations.view",
        )
        nav_register(
            url_name="deviations:report",
            label=_("Report a deviation"),
            order=11,
            permission="deviations.report",
        )
        nav_register(
            url_name="deviations:my_reports",
            label=_("My reports"),
            order=12,
            permission="deviations.report",
        )
        nav_register(
            url_name="deviations:recoding",
            label=_("Re-coding queue"),
            order=14,
            permission="deviations.recode",
        )
        nav_register(
            url_name="deviations:guidance",
            label=_("Classification"),
            order=13,
            permission="classification.edit",
        )
        action_labels_register(
            {
                # Issue 19: positive feedback read; the classification's help text.
                "deviations.deviation.feedback_read": _("Positive feedback read"),
                "deviations.deviation.imported": _("Imported from the old system"),
                "deviations.classification.guidance_changed": _("Classification help text changed"),
                # Issue 23 item 4: values added, renamed, retired in the app.
                "deviations.classification.value_added": _("Classification value added"),
                "deviations.classification.value_changed": _("Classification value changed"),
                # The receiving side (issue 17).
                "deviations.deviation.passed_on": _("Deviation passed on to another unit"),
                "deviations.deviation.sent_back": _("Deviation sent back to the reporting side"),
                "deviations.deviation.rerouted": _("Deviation sent to another receiver"),
                "deviations.deviation.withdrawn": _("Deviation sent back and closed"),
                "deviations.deviation.answered": _("The receiver answered"),
                "deviations.deviation.answer_accepted": _("Answer accepted"),
                "deviations.deviation.answer_questioned": _("Answer questioned"),
                "deviations.deviation.reclassified": _("Deviation re-classified"),
                # Issue 19 item 4: the re-coding queue and the suggestion model.
                "deviations.deviation.recoded": _("Category re-coded by an analyst"),
                "deviations.suggestions.trained": _("Category suggestions retrained"),
                "deviations.deviation.reported": _("Deviation reported"),
                **{
                    f"deviations.deviation.{s.value}": format_lazy(
                        _("Deviation: {status}"), status=lazy_lower(s.label)
                    )
                    for s in Status
                    if s != Status.REGISTERED
                },
                "deviations.deviation.causes_set": _("Causes given"),
                "deviations.deviation.no_measure_recorded": _("Decision: no measure needed"),
                "deviations.deviation.lifted": _("Deviation lifted"),
                "deviations.deviation.reminded": _("Reminder sent"),
                "deviations.measure.added": _("Measure added"),
                "deviations.measure.done": _("Measure carried out"),
                "deviations.comment.added": _("Message written"),
                # The patient and the regulator (issue 18).
                "deviations.deviation.lex_maria_assessed": _("Lex Maria assessment recorded"),
                "deviations.attachment.added": _("Documents attached"),
                "deviations.patient_reference.rotated": _(
                    "Patient references re-encrypted with the newest key"
                ),
            }
        )
        data_keys_register(DATA_KEYS)
        # Retention (gallring): free text of cases closed long ago; title, figures,
        # dates and classification stay so compilations still count the case.
        retention_register(
            model=Deviation,
            closed_field="closed_at",
            text_fields=[
                "description",
                "other_explanation",
                "proposed_measure",
                "analysis",
                "no_measure_reason",
                "follow_up",
                "lifted_reason",
                "receiver_account",
                "answer",
                "question_reason",
                "return_note",
                *_LEX_MARIA_TEXT,
            ],
        )
        closed = "deviation__closed_at"
        retention_register(model=Measure, closed_field=closed, text_fields=["description"])
        retention_register(model=Comment, closed_field=closed, text_fields=["text"])
        # The notes written with the case's moves, in the history every case type shares.
        retention_register(model=Transition, closed_field=closed, text_fields=["note"])
        retention_register(
            model=EventAnalysis, closed_field=closed, text_fields=["participants", "findings"]
        )
        self._patient_data_ready(Deviation, closed)

    def _patient_data_ready(self, deviation_model, closed: str) -> None:
        """Issue 18: the patient reference and the attachments go whole with the case's free
        text; attachments follow the patient reference's rule."""
        from samsyn.attachments.models import Attachment
        from samsyn.attachments.rules import AttachmentRule, attachments_register
        from samsyn.attachments.services import attachment_purge
        from samsyn.core.retention import retention_register_removal
        from samsyn.deviations.models import PatientReference
        from samsyn.deviations.patient import PATIENT_DATA, patient_data_side
        from samsyn.deviations.selectors import deviation_get_for

        retention_register_removal(model=PatientReference, closed_field=closed)
        retention_register_removal(model=Attachment, closed_field=closed, remove=attachment_purge)
        attachments_register(
            model=deviation_model,
            rule=AttachmentRule(
                permission=PATIENT_DATA, side=patient_data_side, case_for=deviation_get_for
            ),
        )
