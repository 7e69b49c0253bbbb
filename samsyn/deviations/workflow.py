"""A deviation's moves: the guideline's duties (the addendum presentation, #HoSavtal2027: identify,
analyse, act, follow up)
as a table beside the states, with who may make each move (deviations/access.py).

The counterpart is responsible: its handlers make every move of the case (judged on
`deviation.responsible_side`); the reporting side reports and sends; both write in the thread.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from samsyn.cases.workflow import Move, Workflow
from samsyn.deviations import access  # noqa: F401 - registers the permission rows named below
from samsyn.deviations.models import OPEN_STATUSES, Deviation, LiftedLevel, Status

S = Status
HANDLE = "deviations.handle"

NOT_RESPONSIBLE_HANDLER = gettext_noop(
    "Only deviation handlers at the responsible care provider "
    "({case.counterpart_provider}) can do this."
)
NOT_ALLOWED_TO_COMMENT = gettext_noop("You cannot write in this case.")
NOT_ALLOWED_TO_REPORT = gettext_noop("You cannot report deviations for {case.reporting_provider}.")
MEASURE_NOT_NOW = gettext_noop(
    "Measures are added once the case is analysed and before it is closed."
)
CLOSED_CASE = gettext_noop("The case is closed.")
# Measures are added, decided and followed up from the analysis until the case closes.
MEASURE_STATES = {S.ANALYSED, S.MEASURES_DECIDED, S.FOLLOWED_UP}


def _responsible(deviation: Deviation):
    return deviation.responsible_side


def _reporting(deviation: Deviation):
    return deviation.reporting_side


def _no_measure_yet(deviation: Deviation, actor) -> bool:
    return not deviation.has_no_measure_decision and not deviation.measures.exists()


def _lifted(row) -> str:
    level = LiftedLevel(row.data.get("level", LiftedLevel.SUB_REGIONAL)).label.lower()
    return _("The case was lifted to: %(level)s") % {"level": level}


def _handling(code, slug, label, sources, target=None, **kwargs) -> Move:
    """A move of the responsible side's handlers."""
    return Move(
        code,
        slug,
        label,
        sources,
        HANDLE,
        target=target,
        scope=_responsible,
        denied=NOT_RESPONSIBLE_HANDLER,
        **kwargs,
    )


DEVIATION_WORKFLOW = Workflow(
    model=Deviation,
    states=Status,
    prefix="deviations.deviation",
    case_kwarg="deviation",
    free_text=("analysis", "follow_up", "no_measure_reason", "lifted_reason"),
    moves=[
        Move(
            "report",
            "rapportera",
            _("Report deviation"),
            (),
            "deviations.report",
            target=S.REGISTERED,
            scope=_reporting,
            action="deviations.deviation.reported",
            denied=NOT_ALLOWED_TO_REPORT,
        ),
        Move(
            "send",
            "skicka",
            _("Send to the receiving care provider"),
            {S.REGISTERED},
            "deviations.report",
            target=S.SENT,
            scope=_reporting,
            action="deviations.deviation.sent",
            denied=NOT_ALLOWED_TO_REPORT,
        ),
        _handling(
            "acknowledge",
            "kvittera",
            _("Acknowledge as received"),
            {S.SENT},
            S.ACKNOWLEDGED,
            primary=True,
            action="deviations.deviation.acknowledged",
        ),
        _handling(
            "analyse",
            "analysera",
            _("Save the analysis"),
            {S.ACKNOWLEDGED},
            S.ANALYSED,
            primary=True,
            action="deviations.deviation.analysed",
        ),
        _handling(
            "add_measure",
            "atgard",
            _("Add measure"),
            MEASURE_STATES,
            action="deviations.measure.added",
            done=_("Measure added"),
            not_now=MEASURE_NOT_NOW,
        ),
        _handling(
            "decide_measures",
            "besluta",
            _("Decide measures"),
            {S.ANALYSED},
            S.MEASURES_DECIDED,
            primary=True,
            action="deviations.deviation.measures_decided",
        ),
        _handling(
            "no_measure",
            "ingen-atgard",
            _("Save this decision"),
            {S.ANALYSED},
            offered=_no_measure_yet,
            action="deviations.deviation.no_measure_recorded",
            done=_("Decision: no measure needed"),
            not_now=MEASURE_NOT_NOW,
        ),
        _handling(
            "follow_up",
            "folj-upp",
            _("Save the follow-up"),
            {S.MEASURES_DECIDED},
            S.FOLLOWED_UP,
            primary=True,
            action="deviations.deviation.followed_up",
        ),
        _handling(
            "close",
            "avsluta",
            _("Close the case"),
            {S.FOLLOWED_UP},
            S.CLOSED,
            primary=True,
            action="deviations.deviation.closed",
        ),
        _handling(
            "lift",
            "lyft",
            _("Lift the case"),
            OPEN_STATUSES,
            action="deviations.deviation.lifted",
            done=_lifted,
            not_now=CLOSED_CASE,
        ),
        # Judged on the measure (its owner's handlers too): Workflow.permit(scope=measure…).
        _handling(
            "complete_measure",
            "klar",
            _("Mark as carried out"),
            OPEN_STATUSES,
            action="deviations.measure.done",
            done=_("Measure carried out"),
            not_now=CLOSED_CASE,
        ),
        Move(
            "comment",
            "kommentar",
            _("Send message"),
            Status.values,
            "deviations.comment",
            action="deviations.comment.added",
            done=_("New message in the thread"),
            denied=NOT_ALLOWED_TO_COMMENT,
        ),
    ],
)
