"""Writes for deviations: report, route and the lifecycle (DOMAIN.md section 2; seeds 003, 004).

Every write checks access, validates with Swedish messages keyed by field, saves in one
transaction with its audit event and tells the right people. Lifecycle moves go through
`_move()`, which refuses a move that TRANSITIONS does not allow, naming both states.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.audit.services import audit_record
from samsyn.core.access import can
from samsyn.core.notifications import notify
from samsyn.core.services import model_update
from samsyn.deviations.governance import document_check
from samsyn.deviations.models import (
    TRANSITIONS,
    Cause,
    Comment,
    Deviation,
    EventAnalysis,
    LiftedLevel,
    Measure,
    Status,
    StatusChange,
)
from samsyn.parties.models import CareProvider, Role

NOT_ALLOWED_TO_REPORT = "Du kan inte rapportera avvikelser för {provider}."
NOT_RESPONSIBLE_HANDLER = (
    "Bara avvikelsehandläggare hos den ansvariga vårdgivaren ({provider}) kan göra detta."
)
NOT_ALLOWED_TO_COMMENT = "Du kan inte skriva i det här ärendet."
COUNTERPART_REQUIRED = "Välj den vårdgivare som avvikelsen gäller."
SAME_PROVIDER = "Motparten måste vara en annan vårdgivare än din egen."
COUNTERPART_INACTIVE = "Vårdgivaren är inte längre aktiv och kan inte ta emot avvikelser."
EVENT_DATE_IN_FUTURE = "Händelsedatumet kan inte ligga i framtiden."
EVENT_DATE_REQUIRED = "Ange när händelsen inträffade."
PATIENT_CONSEQUENCE_REQUIRED = (
    "Välj en konsekvens för patienten, även om den är ”Ingen”. Det gäller alla kategorier."
)
ORGANISATION_CONSEQUENCE_REQUIRED = "Välj en konsekvens för organisationen, även om den är ”Ingen”."
CATEGORY_REQUIRED = "Välj en kategori."
OTHER_NEEDS_EXPLANATION = (
    "Du har valt ”{value}”. Förklara med egna ord vad det innebär, så att andra kan förstå "
    "och lära av avvikelsen."
)
VALUE_RETIRED = "”{value}” kan inte längre väljas. Välj ett annat värde."
DOCUMENT_REQUIRED = "Välj det styrande dokument som inte följdes."
DOCUMENT_UNKNOWN = "Dokumentet finns inte i avtalsregistret för ert län."
SECTION_NOT_IN_DOCUMENT = "Avsnittet hör inte till det valda dokumentet."
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
COMMENT_REQUIRED = "Skriv ett meddelande."
TOKEN_USED = "Formuläret har redan använts. Ladda om sidan och försök igen."

_LEVEL_RANK = {"": 0, LiftedLevel.SUB_REGIONAL: 1, LiftedLevel.COUNTY: 2}


# ---------------------------------------------------------------- who to tell


def handlers_of(provider: CareProvider):
    """The active handlers of a provider: who receives and handles its cases."""
    return get_user_model().objects.filter(
        is_active=True, memberships__provider=provider, memberships__role=Role.HANDLER
    ).distinct()


def _reporting_side(deviation: Deviation) -> list:
    return [deviation.reporter, *handlers_of(deviation.reporting_provider)]


def notify_about(*, users, deviation: Deviation, subject: str, body: str, skip=None) -> None:
    users = [u for u in users if skip is None or u.pk != skip.pk]
    if users:
        notify(users=users, subject=f"{deviation.reference}: {subject}", body=body,
               url=deviation.get_absolute_url())


def deadlines_for(sent_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Acknowledgement and analysis due dates, counted from sending (settings, default 14/30)."""
    return (
        sent_on + datetime.timedelta(days=settings.DEVIATION_ACK_DAYS),
        sent_on + datetime.timedelta(days=settings.DEVIATION_ANALYSIS_DAYS),
    )


# ---------------------------------------------------------------- reporting


def _check_classification(errors: dict, *, field: str, value, required_message: str,
                          chosen_others: list) -> None:
    if value is None:
        errors.setdefault(field, required_message)
    elif not value.is_active:
        errors.setdefault(field, VALUE_RETIRED.format(value=value.name))
    elif value.is_other:
        chosen_others.append(value.name)


@transaction.atomic
def deviation_report(
    *,
    actor,
    reporting_provider: CareProvider,
    counterpart_provider: CareProvider | None,
    event_date: datetime.date | None,
    title: str,
    description: str,
    document: GoverningDocument | None,
    section: DocumentSection | None = None,
    category=None,
    patient_consequence=None,
    organisation_consequence=None,
    other_explanation: str = "",
    proposed_measure: str = "",
    patient_affected: bool = False,
    submission_token=None,
) -> Deviation:
    """Report a deviation and send it to the counterpart at once (identify; seed 003).

    The same submission token twice returns the first case: a double-submitted form
    creates one case. A document that did not govern the two parties on the event date
    is accepted with a stored warning; a document outside the registry is refused.
    """
    if submission_token is not None:
        existing = Deviation.objects.filter(submission_token=submission_token).first()
        if existing is not None and existing.reporter_id == actor.user.pk:
            return existing
    if not can(actor, "deviations.report") or reporting_provider.pk not in actor.provider_ids(
        Role.REPORTER, Role.HANDLER
    ):
        raise PermissionDenied(NOT_ALLOWED_TO_REPORT.format(provider=reporting_provider))

    errors: dict[str, str] = {}
    if counterpart_provider is None:
        errors["counterpart_provider"] = COUNTERPART_REQUIRED
    elif counterpart_provider.pk == reporting_provider.pk:
        errors["counterpart_provider"] = SAME_PROVIDER
    elif not counterpart_provider.is_active:
        errors["counterpart_provider"] = COUNTERPART_INACTIVE
    if event_date is None:
        errors["event_date"] = EVENT_DATE_REQUIRED
    elif event_date > timezone.localdate():
        errors["event_date"] = EVENT_DATE_IN_FUTURE
    others: list[str] = []
    _check_classification(errors, field="category", value=category,
                          required_message=CATEGORY_REQUIRED, chosen_others=others)
    _check_classification(errors, field="patient_consequence", value=patient_consequence,
                          required_message=PATIENT_CONSEQUENCE_REQUIRED, chosen_others=others)
    _check_classification(errors, field="organisation_consequence",
                          value=organisation_consequence,
                          required_message=ORGANISATION_CONSEQUENCE_REQUIRED,
                          chosen_others=others)
    if others and not (other_explanation or "").strip():
        errors["other_explanation"] = OTHER_NEEDS_EXPLANATION.format(value="”, ”".join(others))
    if document is None:
        errors["document"] = DOCUMENT_REQUIRED
    elif document.county_id != reporting_provider.party.county_id:
        errors["document"] = DOCUMENT_UNKNOWN
    elif section is not None and section.document_id != document.pk:
        errors["section"] = SECTION_NOT_IN_DOCUMENT

    deviation = Deviation(
        reporting_provider=reporting_provider,
        counterpart_provider=counterpart_provider,
        reporter=actor.user,
        event_date=event_date,
        title=(title or "").strip(),
        description=(description or "").strip(),
        document=document,
        section=section,
        category=category,
        patient_consequence=patient_consequence,
        organisation_consequence=organisation_consequence,
        other_explanation=(other_explanation or "").strip(),
        proposed_measure=(proposed_measure or "").strip(),
        patient_affected=bool(patient_affected),
    )
    if submission_token is not None:
        deviation.submission_token = submission_token
    try:
        deviation.full_clean(exclude=list(errors), validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)

    governed, note = document_check(
        document=document, provider_a=reporting_provider,
        provider_b=counterpart_provider, on_date=event_date,
    )
    deviation.document_governed, deviation.document_governed_note = governed, note[:300]
    try:
        with transaction.atomic():
            deviation.save()
    except IntegrityError:
        # A concurrent double submit with the same token: the first one won.
        existing = Deviation.objects.filter(submission_token=deviation.submission_token).first()
        if existing is None:
            raise
        if existing.reporter_id != actor.user.pk:
            raise ValidationError(TOKEN_USED, code="token_used") from None
        return existing
    StatusChange.objects.create(deviation=deviation, to_status=Status.REGISTERED, by=actor.user)
    audit_record(
        actor=actor, action="deviations.deviation.reported", target=deviation,
        data={
            "reporting_provider": reporting_provider.pk,
            "counterpart_provider": counterpart_provider.pk,
            "event_date": event_date,
            "document": document.pk,
            "section": section.pk if section else None,
            "document_governed": deviation.document_governed,
            "category": category.pk,
            "patient_consequence": patient_consequence.pk,
            "organisation_consequence": organisation_consequence.pk,
        },
    )
    _send(actor=actor, deviation=deviation)
    return deviation


def _send(*, actor, deviation: Deviation) -> None:
    """Route to the counterpart with its deadlines and tell its handlers (seed 003)."""
    ack_due, analysis_due = deadlines_for(timezone.localdate())
    _move(actor=actor, deviation=deviation, target=Status.SENT,
          expected_version=deviation.version,
          data={"ack_due": ack_due, "analysis_due": analysis_due})
    body = (
        f"{deviation.reporting_provider} har rapporterat en avvikelse till "
        f"{deviation.counterpart_provider}: ”{deviation.title}”.\n"
        f"Kvittera senast {ack_due:%Y-%m-%d}, analysera senast {analysis_due:%Y-%m-%d}."
    )
    notify_about(users=handlers_of(deviation.counterpart_provider), deviation=deviation,
            subject=f"Ny avvikelse från {deviation.reporting_provider}", body=body)


# ---------------------------------------------------------------- the lifecycle


def status_move_check(*, current: str, target: str) -> None:
    """Refuse a move the lifecycle does not allow, naming both states."""
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            BAD_TRANSITION.format(current=Status(current).label, target=Status(target).label),
            code="bad_transition",
        )


def _move(*, actor, deviation: Deviation, target: str, expected_version: int,
          data: dict | None = None, note: str = "") -> Deviation:
    current = deviation.status
    status_move_check(current=current, target=target)
    changes = model_update(
        instance=deviation, fields=[*(data or {}), "status"],
        data={**(data or {}), "status": target}, expected_version=expected_version,
    )
    StatusChange.objects.create(deviation=deviation, from_status=current, to_status=target,
                                by=actor.user, note=note)
    audit_record(
        actor=actor, action=f"deviations.deviation.{target}", target=deviation,
        data={"from": current, "to": target, "note": note,
              **{k: v[1] for k, v in changes.items() if k != "status"}},
    )
    return deviation


def _require_handler(actor, deviation: Deviation) -> None:
    if not can(actor, "deviations.handle", deviation.responsible_side):
        raise PermissionDenied(
            NOT_RESPONSIBLE_HANDLER.format(provider=deviation.counterpart_provider)
        )


def _require_open(deviation: Deviation) -> None:
    if deviation.status == Status.CLOSED:
        raise ValidationError(CLOSED_CASE, code="closed")


def _guard_note(note: str) -> str:
    note = (note or "").strip()
    StatusChange(note=note).clean_fields(exclude=["deviation", "by", "to_status", "at"])
    return note


def _tell_reporting_side(*, actor, deviation: Deviation, subject: str, body: str = "") -> None:
    notify_about(users=_reporting_side(deviation), deviation=deviation, subject=subject,
            body=body or f"{deviation.counterpart_provider}: {subject.lower()}.", skip=actor.user)


@transaction.atomic
def deviation_acknowledge(*, actor, deviation: Deviation, expected_version: int,
                          note: str = "") -> Deviation:
    """The responsible provider confirms it has received the case (seed 003: identify)."""
    _require_handler(actor, deviation)
    note = _guard_note(note)
    _move(actor=actor, deviation=deviation, target=Status.ACKNOWLEDGED,
          expected_version=expected_version, data={"acknowledged_at": timezone.now()}, note=note)
    _tell_reporting_side(actor=actor, deviation=deviation, subject="Avvikelsen är mottagen")
    return deviation


@transaction.atomic
def deviation_analyse(*, actor, deviation: Deviation, expected_version: int, causes,
                      analysis: str, event_analysis: dict | None = None) -> Deviation:
    """Analyse causes at system level, not named individuals; event analysis optional (seed 003).

    Choosing an "other" cause is explained by the analysis text, which is always required.
    """
    _require_handler(actor, deviation)
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
    _move(actor=actor, deviation=deviation, target=Status.ANALYSED,
          expected_version=expected_version,
          data={"analysis": analysis, "analysed_at": timezone.now()})
    deviation.causes.set(causes)
    if event_analysis:
        ea = EventAnalysis(deviation=deviation, created_by=actor.user, **event_analysis)
        ea.full_clean()
        ea.save()
    audit_record(actor=actor, action="deviations.deviation.causes_set", target=deviation,
                 data={"causes": [c.pk for c in causes], "event_analysis": bool(event_analysis)})
    _tell_reporting_side(actor=actor, deviation=deviation, subject="Avvikelsen är analyserad")
    return deviation


@transaction.atomic
def measure_add(*, actor, deviation: Deviation, owner_provider: CareProvider,
                description: str, due_date: datetime.date) -> Measure:
    """A measure with an owner provider and a due date (seed 003: act)."""
    _require_handler(actor, deviation)
    if deviation.status not in (Status.ANALYSED, Status.MEASURES_DECIDED, Status.FOLLOWED_UP):
        raise ValidationError(MEASURE_NOT_NOW, code="measure_not_now")
    errors = {}
    if owner_provider is None or owner_provider.pk not in deviation.access_provider_ids():
        errors["owner_provider"] = MEASURE_OWNER_NOT_INVOLVED
    if due_date is not None and due_date < timezone.localdate():
        errors["due_date"] = MEASURE_DUE_BEFORE_TODAY
    measure = Measure(deviation=deviation, owner_provider=owner_provider,
                      description=(description or "").strip(), due_date=due_date,
                      created_by=actor.user)
    try:
        measure.full_clean(exclude=list(errors))
    except ValidationError as exc:
        errors.update({f: m[0] for f, m in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    measure.save()
    audit_record(actor=actor, action="deviations.measure.added", target=deviation,
                 data={"measure": measure.pk, "owner_provider": owner_provider.pk,
                       "due_date": due_date, "description": measure.description})
    if owner_provider.pk != deviation.counterpart_provider_id:
        notify_about(users=handlers_of(owner_provider), deviation=deviation,
                subject="Ny åtgärd för er vårdgivare", body=measure.description, skip=actor.user)
    return measure


@transaction.atomic
def measure_mark_done(*, actor, measure: Measure, done_date: datetime.date) -> Measure:
    """Record that a measure is carried out; the responsible or owning handler does it."""
    deviation = measure.deviation
    owner_handler = measure.owner_provider_id in actor.provider_ids(Role.HANDLER)
    if not owner_handler:
        _require_handler(actor, deviation)
    _require_open(deviation)
    if measure.done_date is not None:
        raise ValidationError(MEASURE_ALREADY_DONE, code="already_done")
    if done_date is None or done_date > timezone.localdate():
        raise ValidationError({"done_date": MEASURE_DONE_IN_FUTURE})
    model_update(instance=measure, fields=["done_date"], data={"done_date": done_date})
    audit_record(actor=actor, action="deviations.measure.done", target=deviation,
                 data={"measure": measure.pk, "done_date": done_date})
    return measure


@transaction.atomic
def deviation_record_no_measure(*, actor, deviation: Deviation, expected_version: int,
                                reason: str) -> Deviation:
    """A handler's reasoned decision that no measure is needed, never a default (seed 004)."""
    _require_handler(actor, deviation)
    if deviation.status != Status.ANALYSED:
        raise ValidationError(MEASURE_NOT_NOW, code="measure_not_now")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"no_measure_reason": NO_MEASURE_REASON_REQUIRED})
    if deviation.measures.exists():
        raise ValidationError({"no_measure_reason": NO_MEASURE_WITH_MEASURES})
    model_update(
        instance=deviation, fields=["no_measure_reason", "no_measure_by", "no_measure_at"],
        data={"no_measure_reason": reason, "no_measure_by": actor.user,
              "no_measure_at": timezone.now()},
        expected_version=expected_version,
    )
    audit_record(actor=actor, action="deviations.deviation.no_measure_recorded",
                 target=deviation, data={"reason": reason})
    return deviation


def _require_measure_or_reason(deviation: Deviation) -> None:
    """Closing needs at least one measure or a reasoned no-measure decision (seed 004)."""
    if not deviation.measures.exists() and not deviation.has_no_measure_decision:
        raise ValidationError(MEASURE_OR_REASON_REQUIRED, code="measure_required")


@transaction.atomic
def deviation_decide_measures(*, actor, deviation: Deviation, expected_version: int,
                              note: str = "") -> Deviation:
    """Measures are decided: at least one measure or the reasoned decision for none."""
    _require_handler(actor, deviation)
    status_move_check(current=deviation.status, target=Status.MEASURES_DECIDED)
    _require_measure_or_reason(deviation)
    note = _guard_note(note)
    _move(actor=actor, deviation=deviation, target=Status.MEASURES_DECIDED,
          expected_version=expected_version, note=note)
    measures = "; ".join(m.description for m in deviation.measures.all()) or (
        f"Ingen åtgärd: {deviation.no_measure_reason}"
    )
    _tell_reporting_side(actor=actor, deviation=deviation, subject="Åtgärder är beslutade",
                         body=measures)
    return deviation


@transaction.atomic
def deviation_follow_up(*, actor, deviation: Deviation, expected_version: int,
                        follow_up: str) -> Deviation:
    """Follow up whether the measures worked (seed 003: follow up)."""
    _require_handler(actor, deviation)
    follow_up = (follow_up or "").strip()
    if not follow_up:
        raise ValidationError({"follow_up": FOLLOW_UP_REQUIRED})
    status_move_check(current=deviation.status, target=Status.FOLLOWED_UP)
    _move(actor=actor, deviation=deviation, target=Status.FOLLOWED_UP,
          expected_version=expected_version, data={"follow_up": follow_up})
    _tell_reporting_side(actor=actor, deviation=deviation, subject="Åtgärderna är uppföljda",
                         body=follow_up)
    return deviation


@transaction.atomic
def deviation_close(*, actor, deviation: Deviation, expected_version: int,
                    note: str = "") -> Deviation:
    """Close: only with a measure or a recorded, reasoned no-measure decision (seed 004)."""
    _require_handler(actor, deviation)
    status_move_check(current=deviation.status, target=Status.CLOSED)
    _require_measure_or_reason(deviation)
    note = _guard_note(note)
    _move(actor=actor, deviation=deviation, target=Status.CLOSED,
          expected_version=expected_version, data={"closed_at": timezone.now()}, note=note)
    _tell_reporting_side(actor=actor, deviation=deviation, subject="Avvikelsen är avslutad")
    return deviation


@transaction.atomic
def deviation_lift(*, actor, deviation: Deviation, expected_version: int, level: str,
                   reason: str) -> Deviation:
    """Lift an organisational shortcoming to the level where measures can be taken (seed 003)."""
    _require_handler(actor, deviation)
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
    model_update(instance=deviation, fields=["lifted_level", "lifted_reason"],
                 data={"lifted_level": level, "lifted_reason": reason},
                 expected_version=expected_version)
    audit_record(actor=actor, action="deviations.deviation.lifted", target=deviation,
                 data={"from": before, "to": level, "reason": reason})
    _tell_reporting_side(
        actor=actor, deviation=deviation,
        subject=f"Avvikelsen är lyft till {LiftedLevel(level).label.lower()}", body=reason,
    )
    return deviation


@transaction.atomic
def comment_add(*, actor, deviation: Deviation, text: str) -> Comment:
    """Both providers write in the case's thread; the other side is told."""
    if not can(actor, "deviations.comment", deviation):
        raise PermissionDenied(NOT_ALLOWED_TO_COMMENT)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": COMMENT_REQUIRED})
    own = actor.provider_ids() & set(deviation.access_provider_ids())
    provider_id = deviation.counterpart_provider_id if deviation.counterpart_provider_id in own \
        else deviation.reporting_provider_id
    comment = Comment(deviation=deviation, author=actor.user, author_provider_id=provider_id,
                      text=text)
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="deviations.comment.added", target=deviation,
                 data={"comment": comment.pk})
    users = [*_reporting_side(deviation), *handlers_of(deviation.counterpart_provider)]
    notify_about(users=users, deviation=deviation, subject=f"Nytt meddelande från {actor.user}",
            body=text[:500], skip=actor.user)
    return comment


def causes_active():
    return Cause.objects.filter(is_active=True)
