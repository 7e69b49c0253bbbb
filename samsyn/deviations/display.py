"""How the keys the deviation moves write into the audit trail are shown (registered in
DeviationsConfig.ready()); the deviation's own fields are named by their verbose names."""

from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import DataKey
from samsyn.deviations.models import LiftedLevel

OVERDUE = {
    "acknowledgement": _("acknowledgement"),
    "analysis": _("analysis"),
    # Written so by earlier versions: the trail is never rewritten.
    "kvitteras": _("acknowledgement"),
    "analyseras": _("analysis"),
}


def level_shown(value, model=None) -> str:
    try:
        return str(LiftedLevel(value).label)
    except ValueError:
        return str(value)


def overdue_shown(value, model=None) -> str:
    return str(OVERDUE.get(value, value))


DATA_KEYS = {
    "measure": DataKey(_("measure"), model="deviations.measure"),
    "event_analysis": DataKey(_("event analysis")),
    "owner_provider": DataKey(_("responsible care provider"), model="parties.careprovider"),
    "due_date": DataKey(_("due by")),
    "done_date": DataKey(_("carried out")),
    "level": DataKey(_("lifted to level"), show=level_shown),
    "on": DataKey(_("date")),
    "overdue": DataKey(_("overdue"), show=overdue_shown),
}
