"""The lifecycle after sending: acknowledge, analyse, act, follow up, close, lift (seed 003).

Moves go through `status_move()`, which refuses a move that TRANSITIONS does not allow,
naming both states (django-oscar's set_status), writes a StatusChange row and an audit
event, and saves with optimistic locking: a stale page's version is refused.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samsyn.audit.services import audit_changes, audit_record
from samsyn.core.services import model_update
from samsyn.deviations.models import (
    TRANSITIONS,
    Deviation,
    EventAnalysis,
    LiftedLevel,
    Measure,
    Status,
    StatusChange,
)
from samsyn.deviations.services.common import (
    VALUE_RETIRED,
    handlers_of,
    notify_about,
    require_handler,
    tell_reporting_side,
)
from samsyn.parties.models import CareProvider, Role

BAD_TRANSITION = "Ärendet kan inte gå från ”{current}” till ”{target}”."
ANALYSIS_REQUIRED = (
    "Beskriv orsakerna på systemnivå: vad i rutiner, kommunikation eller organisation "
    "gjorde att det hände? Skriv inte namn på enskilda."
)
CAUSE_REQUIRED = "Välj minst en orsak."
MEASURE_OR_REASON_REQUIRED = (
    "Ärendet kan inte avslutas utan minst en åtgärd eller ett motiverat beslut att ingen "
    "åtgärd behövs."
)
NO_MEASURE_REASON_REQUIRED = "Motivera varför ingen åtgärd behövs."
NO_MEASURE_WITH_MEASURES = "Ärendet har redan åtgärder. Ta ställning till dem i stället."
MEASURE_NOT_NOW = "Åtgärder läggs till när ärendet är analyserat och innan det avslutas."
MEASURE_OWNER_NOT_INVOLVED = "Den ansvariga vårdgivaren för en åtgärd måste vara en av parterna."
MEASURE_DUE_BEFORE_TODAY = "Datumet då åtgärden ska vara klar kan inte ha passerat."
MEASURE_ALREADY_DONE = "Åtgärden är redan markerad som genomförd."
MEASURE_DONE_IN_FUTURE = "Genomförd-datumet kan inte ligga i framtiden."
FOLLOW_UP_REQUIRED = "Beskriv hur uppföljningen gick: fick åtgärderna avsedd effekt?"
LIFT_REASON_REQUIRED = "Skriv varför avvikelsen behöver lyftas (vilken organisatorisk brist)."
LIFT_LEVEL_REQUIRED = "Välj nivå att lyfta ärendet till."
LIFT_NOT_HIGHER = "Ärendet är redan lyft till den nivån eller högre."
CLOSED_CASE = "Ärendet är avslutat."

_LEVEL_RANK = {"": 0, LiftedLevel.SUB_REGIONAL: 1, LiftedLevel.COUNTY: 2}


def status_move_check(*, current: str, target: str) -> None:
    """Refuse a move the lifecycle does not allow, naming both states."""
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            BAD_TRANSITION.format(current=Status(current).label, target=Status(target).label),
            code="bad_transition",
        )


# Never copied into the append-only trail, which cannot be purged (docs/security.md).
FREE_TEXT_FIELDS = ("analysis", "follow_up", "no_measure_reason", "lifted_reason")


def _audit_data(*, current: str, target: str, note: str, changes: dict) -> dict:
    changes = {k: v for k, v in changes.items() if k != "status"}
    return {
        "from": current,
        "to": target,
        "note_written": bool(note),
        **audit_changes(
            before={k: v[0] for k, v in changes.items()},
            after={k: v[1] for k, v in changes.items()},
            free_text=FREE_TEXT_FIELDS,
        ),
    }


def status_move(
    *,
    actor,
    deviation: Deviation,
    target: str,
    expected_version: int,
    data: dict | None = None,
    note: str = "",
) -> Deviation:
    current = deviation.status
    status_move_check(current=current, target=target)
    changes = model_update(
        instance=deviation,
        fields=[*(data or {}), "status"],
        data={**(data or {}), "status": target},
        expected_version=expected_version,
    )
    StatusChange.objects.create(
        deviation=deviation, from_status=current, to_status=target, by=actor.user, note=note
    )
    audit_record(
        actor=actor,
        action=f"deviations.deviation.{target}",
        target=deviation,
        data=_audit_data(current=current, target=target, note=note, changes=changes),
    )
    return deviation


def _require_open(deviation: Deviation) -> None:
    if deviation.status == Status.CLOSED:
        raise ValidationError(CLOSED_CASE, code="closed")


def _guard_note(note: str) -> str:
    note = (note or "").strip()
    StatusChange(note=note).clean_fields(exclude=["deviation", "by", "to_status", "at"])
    return note


@transaction.atomic
def deviation_acknowledge(
    *, actor, deviation: Deviation, expected_version: int, note: str = ""
) -> Deviation:
    """The responsible provider confirms it has received the case (seed 003: identify)."""
    require_handler(actor, deviation)
    note = _guard_note(note)
    status_move(
        actor=actor,
        deviation=deviation,
        target=Status.ACKNOWLEDGED,
        expected_version=expected_version,
        data={"acknowledged_at": timezone.now()},
        note=note,
    )
    tell_reporting_side(actor=actor, deviation=deviation, subject="Avvikelsen är mottagen")
    return deviation


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
    """Analyse causes at system level, not named individuals; event analysis optional (seed 003).

    Choosing an "other" cause is explained by the analysis text, which is always required.
    """
    require_handler(actor, deviation)
    causes = list(causes or [])
    errors = {}
    if not causes:
        errors["causes"] = CAUSE_REQUIRED
    for cause in causes:
        if not cause.is_active:
            errors["causes"] = VALUE_RETIRED.format(value=cause.name)
    analysis = (analysis or "").strip()
    if not analysis:
        errors["analysis"] = ANALYSIS_REQUIRED
    if errors:
        raise ValidationError(errors)
    status_move_check(current=deviation.status, target=Status.ANALYSED)
    status_move(
        actor=actor,
        deviation=deviation,
        target=Status.ANALYSED,
        expected_version=expected_version,
        data={"analysis": analysis, "analysed_at": timezone.now()},
    )
    deviation.causes.set(causes)
    if event_analysis:
        ea = EventAnalysis(deviation=deviation, created_by=actor.user, **event_analysis)
        ea.full_clean()
        ea.save()
    audit_record(
        actor=actor,
        action="deviations.deviation.causes_set",
        target=deviation,
        data={"causes": [c.pk for c in causes], "event_analysis": bool(event_analysis)},
    )
    tell_reporting_side(actor=actor, deviation=deviation, subject="Avvikelsen är analyserad")
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
    """A measure with an owner provider and a due date (seed 003: act)."""
    require_handler(actor, deviation)
    if deviation.status not in (Status.ANALYSED, Status.MEASURES_DECIDED, Status.FOLLOWED_UP):
        raise ValidationError(MEASURE_NOT_NOW, code="measure_not_now")
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
    audit_record(
        actor=actor,
        action="deviations.measure.added",
        target=deviation,
        data={"measure": measure.pk, "owner_provider": owner_provider.pk, "due_date": due_date},
    )
    if owner_provider.pk != deviation.counterpart_provider_id:
        notify_about(
            users=handlers_of(owner_provider),
            deviation=deviation,
            subject="Ny åtgärd för er vårdgivare",
            body=f"{deviation.counterpart_provider} har lagt en åtgärd på er vårdgivare, "
            f"klar senast {due_date:%Y-%m-%d}. Se ärendet.",
            skip=actor.user,
        )
    return measure


@transaction.atomic
def measure_mark_done(*, actor, measure: Measure, done_date: datetime.date) -> Measure:
    """Record that a measure is carried out; the responsible or owning handler does it."""
    deviation = measure.deviation
    owner_handler = measure.owner_provider_id in actor.provider_ids(Role.HANDLER)
    if not owner_handler:
        require_handler(actor, deviation)
    _require_open(deviation)
    if measure.done_date is not None:
        raise ValidationError(MEASURE_ALREADY_DONE, code="already_done")
    if done_date is None or done_date > timezone.localdate():
        raise ValidationError({"done_date": MEASURE_DONE_IN_FUTURE})
    model_update(instance=measure, fields=["done_date"], data={"done_date": done_date})
    audit_record(
        actor=actor,
        action="deviations.measure.done",
        target=deviation,
        data={"measure": measure.pk, "done_date": done_date},
    )
    return measure


@transaction.atomic
def deviation_record_no_measure(
    *, actor, deviation: Deviation, expected_version: int, reason: str
) -> Deviation:
    """A handler's reasoned decision that no measure is needed, never a default (seed 004)."""
    require_handler(actor, deviation)
    if deviation.status != Status.ANALYSED:
        raise ValidationError(MEASURE_NOT_NOW, code="measure_not_now")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"no_measure_reason": NO_MEASURE_REASON_REQUIRED})
    if deviation.measures.exists():
        raise ValidationError({"no_measure_reason": NO_MEASURE_WITH_MEASURES})
    model_update(
        instance=deviation,
        fields=["no_measure_reason", "no_measure_by", "no_measure_at"],
        data={
            "no_measure_reason": reason,
            "no_measure_by": actor.user,
            "no_measure_at": timezone.now(),
        },
        expected_version=expected_version,
    )
    audit_record(
        actor=actor,
        action="deviations.deviation.no_measure_recorded",
        target=deviation,
        data={"reason_written": True},
    )
    return deviation


def _require_measure_or_reason(deviation: Deviation) -> None:
    """Closing needs at least one measure or a reasoned no-measure decision (seed 004)."""
    if not deviation.measures.exists() and not deviation.has_no_measure_decision:
        raise ValidationError(MEASURE_OR_REASON_REQUIRED, code="measure_required")


@transaction.atomic
def deviation_decide_measures(
    *, actor, deviation: Deviation, expected_version: int, note: str = ""
) -> Deviation:
    """Measures are decided: at least one measure or the reasoned decision for none."""
    require_handler(actor, deviation)
    status_move_check(current=deviation.status, target=Status.MEASURES_DECIDED)
    _require_measure_or_reason(deviation)
    note = _guard_note(note)
    status_move(
        actor=actor,
        deviation=deviation,
        target=Status.MEASURES_DECIDED,
        expected_version=expected_version,
        note=note,
    )
    count = deviation.measures.count()
    body = (
        f"{count} åtgärd(er) beslutade."
        if count
        else "Beslut: ingen åtgärd behövs. Motiveringen står i ärendet."
    )
    tell_reporting_side(
        actor=actor, deviation=deviation, subject="Åtgärder är beslutade", body=body
    )
    return deviation


@transaction.atomic
def deviation_follow_up(
    *, actor, deviation: Deviation, expected_version: int, follow_up: str
) -> Deviation:
    """Follow up whether the measures worked (seed 003: follow up)."""
    require_handler(actor, deviation)
    follow_up = (follow_up or "").strip()
    if not follow_up:
        raise ValidationError({"follow_up": FOLLOW_UP_REQUIRED})
    status_move_check(current=deviation.status, target=Status.FOLLOWED_UP)
    status_move(
        actor=actor,
        deviation=deviation,
        target=Status.FOLLOWED_UP,
        expected_version=expected_version,
        data={"follow_up": follow_up},
    )
    tell_reporting_side(actor=actor, deviation=deviation, subject="Åtgärderna är uppföljda")
    return deviation


@transaction.atomic
def deviation_close(
    *, actor, deviation: Deviation, expected_version: int, note: str = ""
) -> Deviation:
    """Close: only with a measure or a recorded, reasoned no-measure decision (seed 004)."""
    require_handler(actor, deviation)
    status_move_check(current=deviation.status, target=Status.CLOSED)
    _require_measure_or_reason(deviation)
    note = _guard_note(note)
    status_move(
        actor=actor,
        deviation=deviation,
        target=Status.CLOSED,
        expected_version=expected_version,
        data={"closed_at": timezone.now()},
        note=note,
    )
    tell_reporting_side(actor=actor, deviation=deviation, subject="Avvikelsen är avslutad")
    return deviation


@transaction.atomic
def deviation_lift(
    *, actor, deviation: Deviation, expected_version: int, level: str, reason: str
) -> Deviation:
    """Lift an organisational shortcoming to the level where measures can be taken (seed 003)."""
    require_handler(actor, deviation)
    _require_open(deviation)
    reason = (reason or "").strip()
    errors = {}
    if level not in LiftedLevel.values:
        errors["lifted_level"] = LIFT_LEVEL_REQUIRED
    elif _LEVEL_RANK[level] <= _LEVEL_RANK[deviation.lifted_level]:
        errors["lifted_level"] = LIFT_NOT_HIGHER
    if not reason:
        errors["lifted_reason"] = LIFT_REASON_REQUIRED
    if errors:
        raise ValidationError(errors)
    before = deviation.lifted_level
    model_update(
        instance=deviation,
        fields=["lifted_level", "lifted_reason"],
        data={"lifted_level": level, "lifted_reason": reason},
        expected_version=expected_version,
    )
    audit_record(
        actor=actor,
        action="deviations.deviation.lifted",
        target=deviation,
        data={"from": before, "to": level, "reason_written": True},
    )
    tell_reporting_side(
        actor=actor,
        deviation=deviation,
        subject=f"Avvikelsen är lyft till {LiftedLevel(level).label.lower()}",
        body=f"{deviation.counterpart_provider} har lyft avvikelsen. Skälet står i ärendet.",
    )
    return deviation
