"""How the keys the deviation moves write into the audit trail are shown (registered in
DeviationsConfig.ready()); the deviation's own fields are named by their verbose names."""

from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import DataKey, choices_shown
from samsyn.deviations.models import EventType, LexMaria, LiftDecision, LiftedLevel, ReturnReason

OVERDUE = {
    "acknowledgement": _("acknowledgement"),
    "analysis": _("analysis"),
    "answer": _("answer"),
    # Written so by earlier versions: the trail is never rewritten.
    "kvitteras": _("acknowledgement"),
    "analyseras": _("analysis"),
}

DATA_KEYS = {
    # An imported case (issue 21 item 5): its id in the old system and its closing date there.
    "source_id": DataKey(_("id in the source system")),
    "closed_on": DataKey(_("closed")),
    "measure": DataKey(_("measure"), model="deviations.measure"),
    "event_analysis": DataKey(_("event analysis")),
    "owner_provider": DataKey(_("responsible care provider"), model="parties.careprovider"),
    "due_date": DataKey(_("due by")),
    "done_date": DataKey(_("carried out")),
    "level": DataKey(_("lifted to level"), show=choices_shown(LiftedLevel.choices)),
    "on": DataKey(_("date")),
    "overdue": DataKey(_("overdue"), show=choices_shown(OVERDUE.items())),
    # The receiving side (issue 17).
    "unit": DataKey(_("unit"), model="parties.careunit"),
    "from_unit": DataKey(_("from unit"), model="parties.careunit"),
    "from_provider": DataKey(_("from care provider"), model="parties.careprovider"),
    "reason": DataKey(_("sent back as"), show=choices_shown(ReturnReason.choices)),
    "decision": DataKey(_("decision"), show=choices_shown(LiftDecision.choices)),
    "original_category": DataKey(_("category before"), model="deviations.category"),
    # Issue 19 item 4: a training of the category suggestions (how many cases, categories).
    "cases": DataKey(_("cases learnt from")),
    "categories": DataKey(_("categories")),
    "original_patient_consequence": DataKey(
        _("consequence for the patient before"), model="deviations.patientconsequence"
    ),
    "original_organisation_consequence": DataKey(
        _("consequence for the organisation before"), model="deviations.organisationconsequence"
    ),
    # Issue 19: the new values too, and the axes and the secondary category.
    "original_secondary_category": DataKey(
        _("secondary category before"), model="deviations.category"
    ),
    "original_psychological_consequence": DataKey(
        _("psychological harm before"), model="deviations.patientconsequence"
    ),
    "original_potential_consequence": DataKey(
        _("potential consequence before"), model="deviations.patientconsequence"
    ),
    "new_category": DataKey(_("category after"), model="deviations.category"),
    "new_secondary_category": DataKey(_("secondary category after"), model="deviations.category"),
    "new_patient_consequence": DataKey(
        _("consequence for the patient after"), model="deviations.patientconsequence"
    ),
    "new_psychological_consequence": DataKey(
        _("psychological harm after"), model="deviations.patientconsequence"
    ),
    "new_potential_consequence": DataKey(
        _("potential consequence after"), model="deviations.patientconsequence"
    ),
    "new_organisation_consequence": DataKey(
        _("consequence for the organisation after"), model="deviations.organisationconsequence"
    ),
    "event_type": DataKey(_("type of report"), show=choices_shown(EventType.choices)),
    # The patient and the regulator (issue 18): never the number, only that there is one.
    "assessment": DataKey(_("lex Maria assessment"), show=choices_shown(LexMaria.choices)),
    "patient_reference": DataKey(_("patient reference kept")),
    "attachments": DataKey(_("attachments")),
    "rows": DataKey(_("rows")),
    "unreadable": DataKey(_("rows no key reads")),
}
