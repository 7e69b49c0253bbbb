"""The lifecycle after sending: acknowledge, analyse, act, follow up, close, lift (the addendum
presentation, #HoSavtal2027).

Every move goes through the case engine (`DEVIATION_WORKFLOW.transition()`): it refuses a
person the permission table does not allow and a move the table does not allow from the
case's state (naming both states), saves with optimistic locking (a stale page's version is
refused), and writes the history row and the audit event. These services add the rules of
each move's own fields.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samsyn.deviations.consequences import unknown_before_closing
from samsyn.deviations.models import Deviation, EventAnalysis, LiftedLevel, Measure
from samsyn.deviations.services.common import (
    VALUE_RETIRED,
    handlers_of,
    notify_about,
    outcome_text,
    tell_reporting_side,
)
from samsyn.deviations.services.patient import lex_maria_allows_closing
from samsyn.deviations.workflow import (
    DEVIATION_WORKFLOW,
    MEASURE_NOT_NOW,  # noqa: F401 - the refusal, kept beside the other messages of measures
)
from samsyn.outbox.models import WebhookEvent
from samsyn.outbox.webhooks import webhook_event
from samsyn.parties.models import CareProvider

ANALYSIS_REQUIRED = _(
    "Describe the causes at system level: what in routines, communication "
    "or organisation made it happen? Do not write names of individuals."
)
CAUSE_REQUIRED = _("Choose at least one cause.")
MEASURE_OR_REASON_REQUIRED = _(
    "The case cannot be closed without at least one measure or a reasoned "
    "decision that no measure is needed."
)
NO_MEASURE_REASON_REQUIRED = _("Give the reasons why no measure is needed.")
NO_MEASURE_WITH_MEASURES = _("The case already has measures. Decide on them instead.")
MEASURE_AFTER_NO_MEASURE = _(
    "The case has a reasoned decision that no measure is needed, so a measure cannot be added."
)
MEASURE_OWNER_NOT_INVOLVED = _(
    "The care provider responsible for a measure must be one of the parties."
)
MEASURE_DUE_BEFORE_TODAY = _("The date the measure is due cannot have passed.")
MEASURE_ALREADY_DONE = _("The measure is already marked as carried out.")
MEASURE_DONE_IN_FUTURE = _("The date carried out cannot be in the future.")
FOLLOW_UP_REQUIRED = _(
    "Describe how the follow-up went: did the measures have the intended effect?"
)
LIFT_REASON_REQUIRED = _(
    "Write why the deviation needs to be lifted (which organisational shortcoming)."
)
LIFT_LEVEL_REQUIRED = _("Choose the level to lift the case to.")
LIFT_NOT_HIGHER = _("The case is already lifted to that level or higher.")

_LEVEL_RANK = {"": 0, LiftedLevel.SUB_REGIONAL: 1, LiftedLevel.COUNTY: 2}
W = DEVIATION_WORKFLOW


def _move(code: str, **kwargs):
    """Make a move of the case engine (checked again there)."""
    return W.transition(code=code, **kwargs)


@transaction.atomic
def deviation_acknowledge(  # noqa: PLR0913 - the receiver's view has four fields
    *,
    actor,
    deviation: Deviation,
    expected_version: int,
    note: str = "",
    position: str | None = None,
    account: str = "",
    document=None,
    section=None,
) -> Deviation:
    """The responsible provider confirms it has received the case (the addendum presentation,
    #HoSavtal2027: identify) and,
    when asked (`position` given), says whether it agrees with the description, agrees in part
    or disputes it, with its own account and the document it relies on (issue 17)."""
    from samsyn.deviations.services.receiving import acknowledgement_problems

    W.move_check(actor=actor, case=deviation, code="acknowledge")
    data = {"acknowledged_at": timezone.now()}
    if position is not None:
        account = (account or "").strip()
        if errors := acknowledgement_problems(
            deviation=deviation,
            position=position,
            account=account,
            document=document,
            section=section,
        ):
            raise ValidationError(errors)
        data |= {
            "position": position,
            "receiver_account": account,
            "disputed_document": document,
            "disputed_section": section,
        }
    _move(
        "acknowledge",
        actor=actor,
        case=deviation,
        expected_version=expected_version,
        data=data,
        note=note,
        facts={"position": position} if position else None,
    )
    tell_reporting_side(
        actor=actor, deviation=deviation, subject=gettext("The deviation has been received")
    )
    return deviation


def _analysis_problems(causes: list, analysis: str) -> dict:
    errors = {}
    if not causes:
        errors["causes"] = CAUSE_REQUIRED
    for cause in causes:
        if not cause.is_active:
            errors["causes"] = VALUE_RETIRED.format(value=cause.name)
    if not analysis:
        errors["analysis"] = ANALYSIS_REQUIRED
    return errors


@transaction.atomic
def deviation_analyse(
    *,
    actor,
    deviation: Deviation,
    expected_version: int,
    causes,
    analysis: str,
    event_analysis: dict | None = None,
) -> Deviation:
    """Analyse causes at system level, not named individuals; event analysis optional (the addendum
    presentation, #HoSavtal2027).

    Choosing an "other" cause is explained by the analysis text, which is always required.
    """
    W.move_check(actor=actor, case=deviation, code="analyse")
    causes = list(causes or [])
    analysis = (analysis or "").strip()
    if errors := _analysis_problems(causes, analysis):
        raise ValidationError(errors)
    _move(
        "analyse",
        actor=actor,
        case=deviation,
        expected_version=expected_version,
        data={"analysis": analysis, "analysed_at": timezone.now()},
        facts={"causes": [c.pk for c in causes], "event_analysis": bool(event_analysis)},
    )
    deviation.causes.set(causes)
    if event_analysis:
        ea = EventAnalysis(deviation=deviation, created_by=actor.user, **event_analysis)
        ea.full_clean()
        ea.save()
    tell_reporting_side(
        actor=actor, deviation=deviation, subject=gettext("The deviation has been analysed")
    )
    return deviation


@transaction.atomic
def measure_add(
    *,
    actor,
    deviation: Deviation,
    owner_provider: CareProvider,
    description: str,
    due_date: datetime.date,
) -> Measure:
    """A measure with an owner provider and a due date (the addendum presentation, #HoSavtal2027:
    act)."""
    W.move_check(actor=actor, case=deviation, code="add_measure")
    if deviation.has_no_measure_decision:  # a measure or the reason for none, never both
        raise ValidationError({"description": MEASURE_AFTER_NO_MEASURE})
    errors = {}
    if owner_provider is None or owner_provider.pk not in deviation.access_provider_ids():
        errors["owner_provider"] = MEASURE_OWNER_NOT_INVOLVED
    if due_date is not None and due_date < timezone.localdate():
        errors["due_date"] = MEASURE_DUE_BEFORE_TODAY
    measure = Measure(
        deviation=deviation,
        owner_provider=owner_provider,
        description=(description or "").strip(),
        due_date=due_date,
        created_by=actor.user,
    )
    try:
        measure.full_clean(exclude=list(errors))
    except ValidationError as exc:
        errors.update({f: m[0] for f, m in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    measure.save()
    _move(
        "add_measure",
        actor=actor,
        case=deviation,
        facts={"measure": measure.pk, "owner_provider": owner_provider.pk, "due_date": due_date},
    )
    if owner_provider.pk != deviation.counterpart_provider_id:
        notify_about(
            users=handlers_of(owner_provider),
            deviation=deviation,
            subject=gettext("New measure for your care provider"),
            body=gettext(
                "{provider} has given your care provider a measure, due by {due}. See the case."
            ).format(provider=deviation.counterpart_provider, due=f"{due_date:%Y-%m-%d}"),
            skip=actor.user,
        )
    return measure


@transaction.atomic
def measure_mark_done(*, actor, measure: Measure, done_date: datetime.date) -> Measure:
    """Record that a measure is carried out; the handlers who answer for it (its owner's or the
    responsible provider's) do it, once: a second marking (a double click, a colleague at
    the same moment) changes nothing."""
    deviation = measure.deviation
    W.move_check(actor=actor, case=deviation, code="complete_measure", scope=measure.answering_side)
    if measure.done_date is not None:
        raise ValidationError(MEASURE_ALREADY_DONE, code="already_done")
    if done_date is None or done_date > timezone.localdate():
        raise ValidationError({"done_date": MEASURE_DONE_IN_FUTURE})
    # Only the marking that finds the measure still open writes it; the row this instance was
    # read from may be stale by now.
    marked = Measure.objects.filter(pk=measure.pk, done_date__isnull=True).update(
        done_date=done_date
    )
    if not marked:
        raise ValidationError(MEASURE_ALREADY_DONE, code="already_done")
    measure.done_date = done_date
    _move(
        "complete_measure",
        actor=actor,
        case=deviation,
        scope=measure.answering_side,
        facts={"measure": measure.pk, "done_date": done_date},
    )
    return measure


@transaction.atomic
def deviation_record_no_measure(
    *, actor, deviation: Deviation, expected_version: int, reason: str
) -> Deviation:
    """A handler's reasoned decision that no measure is needed, never a default (the 2024 report on
    deviations in cooperation)."""
    W.move_check(actor=actor, case=deviation, code="no_measure")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"no_measure_reason": NO_MEASURE_REASON_REQUIRED})
    if deviation.measures.exists():
        raise ValidationError({"no_measure_reason": NO_MEASURE_WITH_MEASURES})
    _move(
        "no_measure",
        actor=actor,
        case=deviation,
        expected_version=expected_version,
        data={
            "no_measure_reason": reason,
            "no_measure_by": actor.user,
            "no_measure_at": timezone.now(),
        },
    )
    return deviation


def _require_measure_or_reason(deviation: Deviation) -> None:
    """Closing needs at least one measure or a reasoned no-measure decision (the 2024 report on
    deviations in cooperation)."""
    if not deviation.measures.exists() and not deviation.has_no_measure_decision:
        raise ValidationError(MEASURE_OR_REASON_REQUIRED, code="measure_required")


@transaction.atomic
def deviation_decide_measures(
    *, actor, deviation: Deviation, expected_version: int, note: str = ""
) -> Deviation:
    """Measures are decided: at least one measure or the reasoned decision for none."""
    W.move_check(actor=actor, case=deviation, code="decide_measures")
    _require_measure_or_reason(deviation)
    _move(
        "decide_measures",
        actor=actor,
        case=deviation,
        expected_version=expected_version,
        note=note,
    )
    count = deviation.measures.count()
    body = (
        ngettext("{count} measure decided.", "{count} measures decided.", count).format(count=count)
        if count
        else gettext("Decision: no measure needed. The reasoning is in the case.")
    )
    tell_reporting_side(
        actor=actor, deviation=deviation, subject=gettext("Measures have been decided"), body=body
    )
    return deviation


@transaction.atomic
def deviation_follow_up(
    *, actor, deviation: Deviation, expected_version: int, follow_up: str
) -> Deviation:
    """Follow up whether the measures worked (the addendum presentation, #HoSavtal2027: follow
    up)."""
    W.move_check(actor=actor, case=deviation, code="follow_up")
    follow_up = (follow_up or "").strip()
    if not follow_up:
        raise ValidationError({"follow_up": FOLLOW_UP_REQUIRED})
    _move(
        "follow_up",
        actor=actor,
        case=deviation,
        expected_version=expected_version,
        data={"follow_up": follow_up},
    )
    tell_reporting_side(
        actor=actor, deviation=deviation, subject=gettext("The measures have been followed up")
    )
    return deviation


@transaction.atomic
def deviation_close(
    *, actor, deviation: Deviation, expected_version: int, note: str = ""
) -> Deviation:
    """Close: only with a measure or a recorded, reasoned no-measure decision (the 2024 report on
    deviations in cooperation); and with every consequence the case's type asks known, not
    "Not known yet" (issue 19 item 2)."""
    W.move_check(actor=actor, case=deviation, code="close")
    _require_measure_or_reason(deviation)
    if problem := unknown_before_closing(deviation):
        raise ValidationError(problem, code="consequence_unknown")
    lex_maria_allows_closing(deviation)
    _move(
        "close",
        actor=actor,
        case=deviation,
        expected_version=expected_version,
        data={"closed_at": timezone.now()},
        note=note,
    )
    tell_reporting_side(
        actor=actor,
        deviation=deviation,
        subject=gettext("The deviation has been closed"),
        body=_closing_text(deviation, note),
    )
    _closed_event(deviation)
    return deviation


def _closing_text(deviation: Deviation, note: str) -> str:
    """The outcome told to the reporting side on closing (issue 17 item 4): who closed it,
    what the receiver found, the measures and their status, the lesson, the closing note."""
    lines = [
        gettext("{provider} has closed the case.").format(provider=deviation.counterpart_provider),
        outcome_text(deviation),
    ]
    if note := (note or "").strip():
        lines.append(gettext("Note on closing: {text}").format(text=note))
    return "\n".join(line for line in lines if line)


def _closed_event(deviation: Deviation) -> None:
    """Both providers' own systems may hear that the case closed (issue 21 item 7)."""
    webhook_event(
        event=WebhookEvent.CLOSED,
        deviation=deviation,
        providers=[deviation.reporting_provider, deviation.counterpart_provider],
    )


@transaction.atomic
def deviation_read_feedback(
    *, actor, deviation: Deviation, expected_version: int, note: str = ""
) -> Deviation:
    """The receiver marks positive feedback (good cooperation) as read; that closes it and
    the reporting side is told (issue 19 item 1)."""
    _move(
        "read_feedback",
        actor=actor,
        case=deviation,
        expected_version=expected_version,
        data={"closed_at": timezone.now()},
        note=note,
    )
    tell_reporting_side(
        actor=actor, deviation=deviation, subject=gettext("Your positive feedback was read")
    )
    _closed_event(deviation)
    return deviation


def _lift_problems(deviation: Deviation, level: str, reason: str) -> dict:
    errors = {}
    if level not in LiftedLevel.values:
        errors["lifted_level"] = LIFT_LEVEL_REQUIRED
    elif _LEVEL_RANK[level] <= _LEVEL_RANK[deviation.lifted_level]:
        errors["lifted_level"] = LIFT_NOT_HIGHER
    if not reason:
        errors["lifted_reason"] = LIFT_REASON_REQUIRED
    return errors


@transaction.atomic
def deviation_lift(
    *, actor, deviation: Deviation, expected_version: int, level: str, reason: str
) -> Deviation:
    """Lift an organisational shortcoming to the level where measures can be taken (the addendum
    presentation, #HoSavtal2027)."""
    W.move_check(actor=actor, case=deviation, code="lift")
    reason = (reason or "").strip()
    if errors := _lift_problems(deviation, level, reason):
        raise ValidationError(errors)
    _move(
        "lift",
        actor=actor,
        case=deviation,
        expected_version=expected_version,
        data={
            "lifted_level": level,
            "lifted_reason": reason,
            # A new level is decided anew by its coordinators.
            "lift_decision": "",
            "lift_decision_note": "",
            "lift_decided_at": None,
        },
        facts={"level": level},
    )
    tell_reporting_side(
        actor=actor,
        deviation=deviation,
        subject=gettext("The deviation is lifted to {level}").format(
            level=str(LiftedLevel(level).label).lower()
        ),
        body=gettext("{provider} has lifted the deviation. The reason is in the case.").format(
            provider=deviation.counterpart_provider
        ),
    )
    from samsyn.deviations.services.receiving import tell_lift_coordinators

    tell_lift_coordinators(actor=actor, deviation=deviation)
    return deviation
