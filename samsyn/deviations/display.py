"""How the keys the deviation moves write into the audit trail are shown (registered in
DeviationsConfig.ready()); the deviation's own fields are named by their verbose names."""

from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import DataKey, choices_shown
from samsyn.deviations.models import LexMaria, LiftDecision, LiftedLevel, ReturnReason

OVERDUE = {
    "acknowledgement": _("acknowledgement"),
    "analysis": _("analysis"),
    "answer": _("answer"),
    # Written so by earlier versions: the trail is never rewritten.
    "kvitteras": _("acknowledgement"),
    "analyseras": _("analysis"),
}

DATA_KEYS = {
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
    "original_patient_consequence": DataKey(
        _("consequence for the patient before"), model="deviations.patientconsequence"
    ),
    "original_organisation_consequence": DataKey(
        _("consequence for the organisation before"), model="deviations.organisationconsequence"
    ),
    # The patient and the regulator (issue 18): never the number, only that there is one.
    "assessment": DataKey(_("lex Maria assessment"), show=choices_shown(LexMaria.choices)),
    "patient_reference": DataKey(_("patient reference kept")),
    "attachments": DataKey(_("attachments")),
    "rows": DataKey(_("rows")),
}
