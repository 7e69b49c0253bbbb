"""A deviation's moves: the guideline's duties (seed 003: identify, analyse, act, follow up)
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
    "Bara avvikelsehandläggare hos den ansvariga vårdgivaren ({case.counterpart_provider}) "
    "kan göra detta."
)
NOT_ALLOWED_TO_COMMENT = gettext_noop("Du kan inte skriva i det här ärendet.")
NOT_ALLOWED_TO_REPORT = gettext_noop(
    "Du kan inte rapportera avvikelser för {case.reporting_provider}."
)
MEASURE_NOT_NOW = gettext_noop(
    "Åtgärder läggs till när ärendet är analyserat och innan det avslutas."
)
CLOSED_CASE = gettext_noop("Ärendet är avslutat.")
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
    return _("Ärendet lyftes till: %(level)s") % {"level": level}


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
            _("Rapportera avvikelse"),
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
            _("Skicka till motparten"),
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
            _("Kvittera som mottagen"),
            {S.SENT},
            S.ACKNOWLEDGED,
            primary=True,
            action="deviations.deviation.acknowledged",
        ),
        _handling(
            "analyse",
            "analysera",
            _("Spara analysen"),
            {S.ACKNOWLEDGED},
            S.ANALYSED,
            primary=True,
            action="deviations.deviation.analysed",
        ),
        _handling(
            "add_measure",
            "atgard",
            _("Lägg till åtgärd"),
            MEASURE_STATES,
            action="deviations.measure.added",
            done=_("Åtgärd tillagd"),
            not_now=MEASURE_NOT_NOW,
        ),
        _handling(
            "decide_measures",
            "besluta",
            _("Besluta åtgärder"),
            {S.ANALYSED},
            S.MEASURES_DECIDED,
            primary=True,
            action="deviations.deviation.measures_decided",
        ),
        _handling(
            "no_measure",
            "ingen-atgard",
            _("Spara beslutet"),
            {S.ANALYSED},
            offered=_no_measure_yet,
            action="deviations.deviation.no_measure_recorded",
            done=_("Beslut: ingen åtgärd behövs"),
            not_now=MEASURE_NOT_NOW,
        ),
        _handling(
            "follow_up",
            "folj-upp",
            _("Spara uppföljningen"),
            {S.MEASURES_DECIDED},
            S.FOLLOWED_UP,
            primary=True,
            action="deviations.deviation.followed_up",
        ),
        _handling(
            "close",
            "avsluta",
            _("Avsluta ärendet"),
            {S.FOLLOWED_UP},
            S.CLOSED,
            primary=True,
            action="deviations.deviation.closed",
        ),
        _handling(
            "lift",
            "lyft",
            _("Lyft ärendet"),
            OPEN_STATUSES,
            action="deviations.deviation.lifted",
            done=_lifted,
            not_now=CLOSED_CASE,
        ),
        # Judged on the measure (its owner's handlers too): Workflow.permit(scope=measure…).
        _handling(
            "complete_measure",
            "klar",
            _("Markera genomförd"),
            OPEN_STATUSES,
            action="deviations.measure.done",
            done=_("Åtgärd genomförd"),
            not_now=CLOSED_CASE,
        ),
        Move(
            "comment",
            "kommentar",
            _("Skicka meddelande"),
            Status.values,
            "deviations.comment",
            action="deviations.comment.added",
            done=_("Nytt meddelande i tråden"),
            denied=NOT_ALLOWED_TO_COMMENT,
        ),
    ],
)
