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
from samsyn.deviations.models import (
    ANSWER_STATUSES,
    OPEN_STATUSES,
    Category,
    Deviation,
    LexMaria,
    LiftedLevel,
    OrganisationConsequence,
    PatientConsequence,
    ReturnReason,
    Status,
)
from samsyn.deviations.patient import lex_maria_side, patient_data_side

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
# Open cases with a handling duty: positive feedback (good cooperation) has none (issue 19).
HANDLED_OPEN = set(OPEN_STATUSES) - {S.FEEDBACK}


def _sent_to(deviation: Deviation) -> str:
    """A report goes to the receiver to handle; good cooperation as feedback to read."""
    return S.FEEDBACK if deviation.is_good_cooperation else S.SENT


def _responsible(deviation: Deviation):
    return deviation.responsible_side


def _reporting(deviation: Deviation):
    return deviation.reporting_side


def _no_decision_against_measures(deviation: Deviation, actor) -> bool:
    return not deviation.has_no_measure_decision


def _no_measure_yet(deviation: Deviation, actor) -> bool:
    return not deviation.has_no_measure_decision and not deviation.measures.exists()


def _lifted(row) -> str:
    level = LiftedLevel(row.data.get("level", LiftedLevel.SUB_REGIONAL)).label.lower()
    return _("The case was lifted to: %(level)s") % {"level": level}


# ---------------------------------------------------------------- the receiving side (issue 17)
# Received and not yet analysed: the receiver may still pass it on or send it back.
RECEIVED_STATES = {S.SENT, S.ACKNOWLEDGED}
# The receiver answers once it has acknowledged the case, until it closes.
ANSWER_STATES = set(ANSWER_STATUSES) - {S.SENT}
NOT_REPORTING_SIDE = gettext_noop(
    "Only the reporting side ({case.reporting_provider}) can do this."
)
ANSWER_NOT_NOW = gettext_noop("The receiver answers once it has acknowledged the case.")
NOT_RETURNED = gettext_noop("Only a case sent back can be sent to another receiver or closed here.")


def _may_answer(deviation: Deviation, actor) -> bool:
    return deviation.may_be_answered


def _awaits_verdict(deviation: Deviation, actor) -> bool:
    return deviation.awaits_verdict


def _may_question(deviation: Deviation, actor) -> bool:
    return deviation.awaits_verdict and not deviation.verdict


# What a re-classification may change, as the history names it (issue 19: changes of grade
# are kept in the case's history, old and new value).
_RECLASSIFIED = {
    "category": (Category, _("category")),
    "secondary_category": (Category, _("secondary category")),
    "patient_consequence": (PatientConsequence, _("physical harm")),
    "psychological_consequence": (PatientConsequence, _("psychological harm")),
    "potential_consequence": (PatientConsequence, _("potential consequence")),
    "organisation_consequence": (OrganisationConsequence, _("consequence for the organisation")),
}


def _value_name(model, pk) -> str:
    if pk is None:
        return str(_("not known yet")) if model is PatientConsequence else "–"
    value = model.objects.filter(pk=pk).first()
    return value.name if value else "?"


def _reclassified(row) -> str:
    """ "Re-classified by the receiver (potential consequence: not known yet → Måttlig
    vårdskada)", from the row's own facts."""
    parts = [
        f"{label}: {_value_name(model, row.data.get(f'original_{name}'))} → "
        f"{_value_name(model, row.data[f'new_{name}'])}"
        for name, (model, label) in _RECLASSIFIED.items()
        if f"new_{name}" in row.data
    ]
    done = str(_("Re-classified by the receiver"))
    return f"{done} ({'; '.join(parts)})" if parts else done


def _recoded(row) -> str:
    """ "Re-coded by an analyst (Annat → Läkemedel i vårdens övergångar)"."""
    return _("Re-coded by an analyst (%(before)s → %(after)s)") % {
        "before": _value_name(Category, row.data.get("original_category")),
        "after": _value_name(Category, row.data.get("new_category")),
    }


def _sent_back(row) -> str:
    reason = row.data.get("reason")
    label = ReturnReason(reason).label if reason in ReturnReason.values else ""
    return _("Sent back: %(reason)s") % {"reason": label}


def _reporting_move(code, slug, label, sources, target=None, **kwargs) -> Move:
    """A move of the reporting side (its unit's people and its party's coordinator)."""
    return Move(
        code,
        slug,
        label,
        sources,
        "deviations.report",
        target=target,
        scope=_reporting,
        denied=NOT_REPORTING_SIDE,
        **kwargs,
    )


NOT_THIS_LEVELS_COORDINATOR = gettext_noop(
    "Only the coordinators of the level the case is lifted to can decide on it."
)


def _lift_side(deviation: Deviation):
    return deviation.lift_side


def _lifted_and_open(deviation: Deviation, actor) -> bool:
    return deviation.awaits_lift_decision


def _coordinating(code, slug, label, *, primary=False) -> Move:
    """A decision of the coordinators at the level the case is lifted to."""
    return Move(
        code,
        slug,
        label,
        OPEN_STATUSES,
        "deviations.coordinate_lift",
        scope=_lift_side,
        offered=_lifted_and_open,
        primary=primary,
        action=f"deviations.deviation.{code}",
        done=label,
        denied=NOT_THIS_LEVELS_COORDINATOR,
        not_now=CLOSED_CASE,
    )


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


# ---------------------------------------------------------------- the patient (issue 18)
NOT_LEX_MARIA_ASSESSOR = gettext_noop(
    "Only the patient-safety lead of the receiving care provider ({case.counterpart_provider}) "
    "records the lex Maria assessment."
)
NOT_PATIENT_DATA = gettext_noop(
    "Only the handlers of the two units involved can see or add the patient's data."
)


def _lex_maria_asked(deviation: Deviation, actor) -> bool:
    return bool(deviation.lex_maria_due)


def _lex_maria_done(row) -> str:
    value = row.data.get("assessment")
    label = LexMaria(value).label if value in LexMaria.values else ""
    return _("Lex Maria assessment: %(assessment)s") % {"assessment": label}


DEVIATION_WORKFLOW = Workflow(
    model=Deviation,
    states=Status,
    prefix="deviations.deviation",
    case_kwarg="deviation",
    free_text=(
        "analysis",
        "follow_up",
        "no_measure_reason",
        "lifted_reason",
        "lex_maria_reason",
        "lex_maria_ivo_reference",
        # The receiving side's words (issue 17): the case keeps them, the trail only that
        # they changed.
        "receiver_account",
        "answer",
        "question_reason",
        "return_note",
        "lift_decision_note",
    ),
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
        # History from the old system (issue 21 item 5): created closed, as it was there.
        Move(
            "import",
            "importera",
            _("Import from the old system"),
            (),
            "deviations.import_history",
            target=S.CLOSED,
            action="deviations.deviation.imported",
        ),
        Move(
            "send",
            "skicka",
            _("Send to the receiving care provider"),
            {S.REGISTERED},
            "deviations.report",
            target=_sent_to,
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
            offered=_no_decision_against_measures,
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
        # Good cooperation: the receiver reads the feedback, and that closes it (issue 19).
        _handling(
            "read_feedback",
            "las-aterkoppling",
            _("Mark the feedback as read"),
            {S.FEEDBACK},
            S.CLOSED,
            primary=True,
            action="deviations.deviation.feedback_read",
            done=_("The positive feedback was read"),
        ),
        _handling(
            "lift",
            "lyft",
            _("Lift the case"),
            HANDLED_OPEN,
            action="deviations.deviation.lifted",
            done=_lifted,
            not_now=CLOSED_CASE,
        ),
        # Judged on the measure (its owner's handlers too): Workflow.permit(scope=measure…).
        _handling(
            "complete_measure",
            "klar",
            _("Mark as carried out"),
            HANDLED_OPEN,
            action="deviations.measure.done",
            done=_("Measure carried out"),
            not_now=CLOSED_CASE,
        ),
        # ------------------------------------------------ the receiving side (issue 17)
        _handling(
            "pass_on",
            "skicka-vidare",
            _("Pass on to another unit"),
            RECEIVED_STATES,
            S.SENT,
            action="deviations.deviation.passed_on",
        ),
        _handling(
            "send_back",
            "skicka-tillbaka",
            _("Send back to the reporting side"),
            RECEIVED_STATES,
            S.RETURNED,
            action="deviations.deviation.sent_back",
            done=_sent_back,
        ),
        _reporting_move(
            "reroute",
            "skicka-om",
            _("Send to another receiver"),
            {S.RETURNED},
            S.SENT,
            primary=True,
            action="deviations.deviation.rerouted",
            not_now=NOT_RETURNED,
        ),
        _reporting_move(
            "withdraw",
            "avsluta-returnerad",
            _("Close the case sent back"),
            {S.RETURNED},
            S.CLOSED,
            action="deviations.deviation.withdrawn",
            not_now=NOT_RETURNED,
        ),
        _handling(
            "answer",
            "svara",
            _("Answer the reporting side"),
            ANSWER_STATES,
            offered=_may_answer,
            action="deviations.deviation.answered",
            done=_("Answered the reporting side"),
            not_now=ANSWER_NOT_NOW,
        ),
        _reporting_move(
            "accept_answer",
            "godta-svaret",
            _("Accept the answer"),
            ANSWER_STATUSES,
            offered=_awaits_verdict,
            action="deviations.deviation.answer_accepted",
            done=_("The reporting side accepted the answer"),
        ),
        _reporting_move(
            "question_answer",
            "ifragasatt-svaret",
            _("Question the answer"),
            ANSWER_STATUSES,
            offered=_may_question,
            action="deviations.deviation.answer_questioned",
            done=_("The reporting side questioned the answer"),
        ),
        _handling(
            "reclassify",
            "klassificera-om",
            _("Re-classify"),
            ANSWER_STATUSES,
            action="deviations.deviation.reclassified",
            done=_reclassified,
            not_now=CLOSED_CASE,
        ),
        # Issue 19 item 4: an analyst re-codes an "Annat" case (at any status: the closed
        # cases are most of what is counted) from the re-coding queue.
        Move(
            "recode",
            "koda-om",
            _("Re-code the category"),
            Status.values,
            "deviations.recode",
            action="deviations.deviation.recoded",
            done=_recoded,
        ),
        # Lifted cases land with the coordinators of the level (issue 17 item 5).
        _coordinating("accept_lift", "ta-upp-lyft", _("Take the lifted case up"), primary=True),
        _coordinating("ask_more_on_lift", "begar-mer", _("Ask the parties for more")),
        _coordinating("return_lift", "skicka-tillbaka-lyft", _("Send the lifted case back")),
        # The patient and the regulator (issue 18): the receiver's lex Maria assessment, and
        # documents the handlers of the two units involved attach.
        Move(
            "assess_lex_maria",
            "lex-maria",
            _("Record the lex Maria assessment"),
            [*ANSWER_STATUSES, S.RETURNED],
            "deviations.assess_lex_maria",
            scope=lex_maria_side,
            offered=_lex_maria_asked,
            action="deviations.deviation.lex_maria_assessed",
            done=_lex_maria_done,
            denied=NOT_LEX_MARIA_ASSESSOR,
            not_now=CLOSED_CASE,
        ),
        Move(
            "attach",
            "bilaga",
            _("Attach documents"),
            OPEN_STATUSES,
            "deviations.patient_data",
            scope=patient_data_side,
            action="deviations.attachment.added",
            done=_("Documents attached"),
            denied=NOT_PATIENT_DATA,
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
