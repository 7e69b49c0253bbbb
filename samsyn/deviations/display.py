"""How the keys the deviation moves write into the audit trail are shown (registered in
DeviationsConfig.ready()); the deviation's own fields are named by their verbose names."""

from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import DataKey, choices_shown
from samsyn.deviations.models import LiftedLevel

OVERDUE = {
    "acknowledgement": _("acknowledgement"),
    "analysis": _("analysis"),
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
}
