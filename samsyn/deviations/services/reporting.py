"""Reporting a deviation and routing it to the counterpart (DOMAIN.md section 2; the 2024 report on
deviations in cooperation).

The report refuses what MedControl PRO let through: a missing patient consequence, an
unexplained "other", a document outside the registry. A double-submitted form creates
one case (the submission token is unique).
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.attachments.services import attachment_store, attachments_check
from samsyn.cases.services import (  # noqa: F401 - TOKEN_USED: the refusal tests name
    TOKEN_USED,
    case_save_once,
    case_submitted_before,
)
from samsyn.core.kept import kept_on
from samsyn.core.services import new_row_validate
from samsyn.deviations import consequences
from samsyn.deviations.consequences import UNKNOWN
from samsyn.deviations.governance import document_check, earliest_event_date
from samsyn.deviations.models import Deviation, EventType
from samsyn.deviations.patient import lex_maria_due_for
from samsyn.deviations.services.common import (
    VALUE_RETIRED,
    answer_due_for,
    deadlines_for,
    notify_about,
)
from samsyn.deviations.services.patient import (
    lex_maria_request,
    patient_reference_save,
    patient_reference_token,
)
from samsyn.deviations.services.routing import (
    Receivers,
    nobody_receives,
    receivers_at,
    unit_problem,
)
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.outbox.models import WebhookEvent
from samsyn.outbox.webhooks import webhook_event
from samsyn.parties.models import CareProvider, CareUnit
from samsyn.parties.selectors import place_of

COUNTERPART_REQUIRED = _("Choose the care provider the deviation concerns.")
SAME_PROVIDER = _("The receiving care provider must be another care provider than your own.")
COUNTERPART_INACTIVE = _("The care provider is no longer active and cannot receive deviations.")
EVENT_DATE_IN_FUTURE = _("The event date cannot be in the future.")
EVENT_DATE_TOO_EARLY = _(
    "The event date cannot be before {earliest}, the earliest date "
    "deviations are received for. Check the year."
)
EVENT_DATE_REQUIRED = _("Give the date of the event.")
PATIENT_CONSEQUENCE_REQUIRED = _(
    "Choose a consequence for the patient, even if it is “None” or “Not known yet”. This "
    "applies to every category."
)
PSYCHOLOGICAL_CONSEQUENCE_REQUIRED = _(
    "Choose the psychological harm to the patient, even if it is “None” or “Not known yet”."
)
POTENTIAL_CONSEQUENCE_REQUIRED = _(
    "Choose what could have happened to the patient, even if it is “Not known yet”."
)
SECONDARY_SAME_AS_CATEGORY = _(
    "The secondary category must be another one than the category. Leave it empty if only one fits."
)
ORGANISATION_CONSEQUENCE_REQUIRED = _(
    "Choose a consequence for the organisation, even if it is “None”."
)
CATEGORY_REQUIRED = _("Choose a category.")
OTHER_NEEDS_EXPLANATION = _(
    "You chose “{value}”. Explain in your own words what it means, so that "
    "others can understand and learn from the deviation."
)
DOCUMENT_REQUIRED = _("Choose the governing document that was not followed.")
DOCUMENT_UNKNOWN = _("The document is not in your county's agreement registry.")
SECTION_NOT_IN_DOCUMENT = _("The section does not belong to the chosen document.")

# The classification a report carries when its type asks it, and the message when missing.
_CLASSIFICATION = (
    ("category", CATEGORY_REQUIRED),
    ("patient_consequence", PATIENT_CONSEQUENCE_REQUIRED),
    ("psychological_consequence", PSYCHOLOGICAL_CONSEQUENCE_REQUIRED),
    ("potential_consequence", POTENTIAL_CONSEQUENCE_REQUIRED),
    ("organisation_consequence", ORGANISATION_CONSEQUENCE_REQUIRED),
)


@dataclass
class DeviationReport:
    """What a reporter sends: the report form's fields, typed (the form's `report()`)."""

    reporting_provider: CareProvider
    counterpart_provider: CareProvider | None = None
    event_date: datetime.date | None = None
    title: str = ""
    description: str = ""
    document: GoverningDocument | None = None
    section: DocumentSection | None = None
    event_type: str = EventType.DEVIATION
    category: object = None
    secondary_category: object = None
    # A PatientConsequence, consequences.UNKNOWN ("Not known yet") or None (not chosen).
    patient_consequence: object = None
    psychological_consequence: object = None
    potential_consequence: object = None
    organisation_consequence: object = None
    other_explanation: str = ""
    proposed_measure: str = ""
    patient_affected: bool = False
    # The unit of the receiving provider, if the reporter knows it (issue 17).
    receiving_unit: CareUnit | None = None
    # The form's one-time key: the same report sent twice is one case.
    submission_token: uuid.UUID | None = None
    # Issue 18: the patient's personnummer or samordningsnummer, kept apart and encrypted
    # (optional), and documents (a photo of a missing medication list, say).
    patient_reference: str = ""
    attachments: list = field(default_factory=list)


def _counterpart_problem(report: DeviationReport) -> str | None:
    counterpart = report.counterpart_provider
    if counterpart is None:
        return COUNTERPART_REQUIRED
    if counterpart.pk == report.reporting_provider.pk:
        return SAME_PROVIDER
    if not counterpart.is_active:
        return COUNTERPART_INACTIVE
    return None


def _receiver_problem(report: DeviationReport) -> tuple[str, str] | None:
    """The unit from the receiving provider; someone receives it, never nobody (issue 17)."""
    provider, unit = report.counterpart_provider, report.receiving_unit
    if problem := unit_problem(provider=provider, unit=unit):
        return ("receiving_unit", problem)
    if not report_receivers(report):
        return ("counterpart_provider", nobody_receives(provider))
    return None


def report_receivers(report: DeviationReport) -> Receivers:
    """`receivers_at` the report's provider and unit, asked once per report: the rules ask
    whether anybody receives it, and the sending tells them (issue 16)."""
    provider, unit = report.counterpart_provider, report.receiving_unit
    return kept_on(
        report,
        "_receivers",
        _same_values(provider, unit),
        lambda: receivers_at(provider=provider, unit=unit),
    )


def _same_values(*values) -> tuple:
    """A key that changes when any of `values` is replaced, even by an equal row (a row with
    the same id compares equal to one read again, which may say otherwise)."""
    return tuple((id(v), v) for v in values)


def reporting_unit_for(actor, provider: CareProvider) -> CareUnit | None:
    """The reporter's own unit at the reporting provider (their role's unit), recorded on
    the case: the unit's people see it (inner secrecy, issue 17 item 6)."""
    return next(
        (m.unit for m in actor.memberships if m.provider_id == provider.pk and m.unit_id), None
    )


def _event_date_problem(report: DeviationReport) -> str | None:
    if report.event_date is None:
        return EVENT_DATE_REQUIRED
    if report.event_date > timezone.localdate():
        return EVENT_DATE_IN_FUTURE
    earliest = earliest_event_date(county=report.reporting_provider.party.county_id)
    if earliest and report.event_date < earliest:
        return EVENT_DATE_TOO_EARLY.format(earliest=earliest.isoformat())
    return None


def _document_problem(report: DeviationReport) -> tuple[str, str] | None:
    if report.document is None:
        return ("document", DOCUMENT_REQUIRED)
    if report.document.county_id != report.reporting_provider.party.county_id:
        return ("document", DOCUMENT_UNKNOWN)
    if report.section is not None and report.section.document_id != report.document.pk:
        return ("section", SECTION_NOT_IN_DOCUMENT)
    return None


def classification_problems(values: dict, errors: dict, *, asked_only: bool = True) -> list:
    """What the report's type asks is chosen (an axis may be "Not known yet"), never a
    retired value; nothing the type does not ask; the potential consequence not lower than
    the actual; a secondary category not the category. Returns the "other" values chosen.
    Reporting and re-classifying share it (issue 19)."""
    event_type = values.get("event_type") or EventType.DEVIATION
    errors.update(consequences.type_problems(event_type, values))
    left_out = consequences.asked(event_type).fields_left_out
    others = []
    for name, required in (*_CLASSIFICATION, ("secondary_category", None)):
        value = values.get(name)
        if name in left_out or name in errors or (value is None and not asked_only):
            continue
        if value is None:
            if required:
                errors[name] = required
        elif not value.is_active:
            errors[name] = VALUE_RETIRED.format(value=value.name)
        elif value.is_other:
            others.append(value.name)
    secondary = values.get("secondary_category")
    if secondary is not None and secondary == values.get("category"):
        errors.setdefault("secondary_category", SECONDARY_SAME_AS_CATEGORY)
    if problem := consequences.potential_problem(values):
        errors.setdefault("potential_consequence", problem)
    return others


def _classification_problems(report: DeviationReport, errors: dict) -> None:
    """The classification's rules (above); any "other" value explained."""
    others = classification_problems(vars(report), errors)
    if others and not (report.other_explanation or "").strip():
        errors["other_explanation"] = OTHER_NEEDS_EXPLANATION.format(value="”, ”".join(others))


# The report's fields its rules read (report_problems, the patient data aside).
RULE_FIELDS = (
    "reporting_provider",
    "counterpart_provider",
    "receiving_unit",
    "event_date",
    "event_type",
    "category",
    "secondary_category",
    "patient_consequence",
    "psychological_consequence",
    "potential_consequence",
    "organisation_consequence",
    "other_explanation",
    "document",
    "section",
)


def report_problems(report: DeviationReport) -> dict[str, str]:
    """The report's rules, field by field (the 2024 report on deviations in cooperation); the form
    asks too, to show all at once.

    Counterpart required and not the reporter's own provider; event date not in the future
    and not before the earliest date (`earliest_event_date`); category and both consequences
    always chosen, never a retired value; any "other" value explained; the document from the
    registry of the county, the section from the document.

    Asked once per report: the form's answer is kept on the report it hands to the service,
    and asked again only if a value the rules read was changed since (or the day turned).
    """
    key = (timezone.localdate(), *_same_values(*(getattr(report, n) for n in RULE_FIELDS)))
    errors = dict(kept_on(report, "_rule_problems", key, lambda: _rule_problems(report)))
    _patient_data_problems(report, errors)
    return errors


def _rule_problems(report: DeviationReport) -> dict[str, str]:
    errors: dict[str, str] = {}
    if problem := _counterpart_problem(report):
        errors["counterpart_provider"] = problem
    elif problem := _receiver_problem(report):
        errors[problem[0]] = problem[1]
    if problem := _event_date_problem(report):
        errors["event_date"] = problem
    _classification_problems(report, errors)
    if problem := _document_problem(report):
        errors[problem[0]] = problem[1]
    return errors


def _patient_data_problems(report: DeviationReport, errors: dict) -> None:
    """A patient reference must be a valid number; attachments of an allowed type and size."""
    for check in (
        lambda: report.patient_reference and patient_reference_token(report.patient_reference),
        lambda: attachments_check(report.attachments),
    ):
        try:
            check()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, messages[0])


def _deviation_from(report: DeviationReport, actor) -> Deviation:
    deviation = Deviation(
        reporting_provider=report.reporting_provider,
        counterpart_provider=report.counterpart_provider,
        reporter=actor.user,
        event_date=report.event_date,
        title=(report.title or "").strip(),
        description=(report.description or "").strip(),
        document=report.document,
        section=report.section,
        event_type=report.event_type or EventType.DEVIATION,
        category=report.category,
        secondary_category=report.secondary_category,
        patient_consequence=_stored(report.patient_consequence),
        psychological_consequence=_stored(report.psychological_consequence),
        potential_consequence=_stored(report.potential_consequence),
        organisation_consequence=report.organisation_consequence,
        other_explanation=(report.other_explanation or "").strip(),
        proposed_measure=(report.proposed_measure or "").strip(),
        patient_affected=bool(report.patient_affected),
        receiving_unit=report.receiving_unit,
        reporting_unit=reporting_unit_for(actor, report.reporting_provider),
    )
    if report.reporting_provider and report.counterpart_provider:
        for name, value in place_of(
            reporting=report.reporting_provider, receiving=report.counterpart_provider
        ).items():
            setattr(deviation, name, value)
    if report.submission_token is not None:
        deviation.submission_token = report.submission_token
    return deviation


def _stored(value):
    """ "Not known yet" is stored as an empty axis (consequences.unknown_axes reads it)."""
    return None if value is UNKNOWN else value


def _validated(deviation: Deviation, report: DeviationReport) -> None:
    """All the report's problems at once: the rules above and the model's own fields."""
    errors = report_problems(report)
    try:
        new_row_validate(deviation, exclude=list(errors))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def deviation_report(*, actor, report: DeviationReport) -> Deviation:
    """Report a deviation and send it to the counterpart at once (identify; the addendum
    presentation, #HoSavtal2027).

    The same submission token twice returns the first case: a double-submitted form
    creates one case. A document that did not govern the two parties on the event date
    is accepted with a stored warning; a document outside the registry is refused.
    """
    existing = case_submitted_before(
        model=Deviation, token=report.submission_token, creator_field="reporter", actor=actor
    )
    if existing is not None:
        return existing
    deviation = _deviation_from(report, actor)
    DEVIATION_WORKFLOW.permit(actor=actor, case=deviation, code="report")
    _validated(deviation, report)
    governed, note = document_check(
        document=report.document,
        provider_a=report.reporting_provider,
        provider_b=report.counterpart_provider,
        on_date=report.event_date,
    )
    deviation.document_governed, deviation.document_governed_note = governed, note[:300]
    saved = case_save_once(case=deviation, creator_field="reporter", actor=actor)
    if saved is not deviation:
        return saved  # a concurrent double submit: the first one won
    facts = _facts(report, deviation)
    facts.update(_patient_data_save(actor=actor, deviation=deviation, report=report))
    DEVIATION_WORKFLOW.created(actor=actor, case=deviation, code="report", facts=facts)
    _send(actor=actor, deviation=deviation, receivers=report_receivers(report).users)
    return deviation


def _patient_data_save(*, actor, deviation: Deviation, report: DeviationReport) -> dict:
    """Keep the reference apart (encrypted) and store the attachments; the trail says that
    there is a reference and which attachments, never the number."""
    facts = {}
    if report.patient_reference:
        token = patient_reference_token(report.patient_reference)
        patient_reference_save(actor=actor, deviation=deviation, token=token)
        facts["patient_reference"] = True
    if report.attachments:
        stored = [
            attachment_store(actor=actor, case=deviation, upload=upload)
            for upload in report.attachments
        ]
        facts["attachments"] = [a.pk for a in stored]
    return facts


def _facts(report: DeviationReport, deviation: Deviation) -> dict:
    """The report's raw values for the trail (no free text)."""
    return {
        "document_governed": deviation.document_governed,
        "reporting_provider": report.reporting_provider.pk,
        "counterpart_provider": report.counterpart_provider.pk,
        "event_date": report.event_date,
        "document": report.document.pk,
        "section": report.section.pk if report.section else None,
        "event_type": deviation.event_type,
        "category": report.category.pk,
        "secondary_category": deviation.secondary_category_id,
        "patient_consequence": deviation.patient_consequence_id,
        "psychological_consequence": deviation.psychological_consequence_id,
        "potential_consequence": deviation.potential_consequence_id,
        "organisation_consequence": deviation.organisation_consequence_id,
        "reporting_unit": deviation.reporting_unit_id,
        "receiving_unit": deviation.receiving_unit_id,
    }


def _send(*, actor, deviation: Deviation, receivers: list) -> None:
    """Route to the counterpart with its deadlines and tell its handlers (`receivers`, as the
    report's rules found them; the addendum presentation, #HoSavtal2027). Good cooperation goes
    as positive feedback: no deadlines, nothing to handle (issue 19 item 1)."""
    if deviation.is_good_cooperation:
        _send_feedback(actor=actor, deviation=deviation, receivers=receivers)
        return
    ack_due, analysis_due = deadlines_for(timezone.localdate())
    DEVIATION_WORKFLOW.transition(
        actor=actor,
        case=deviation,
        code="send",
        expected_version=deviation.version,
        data={
            "ack_due": ack_due,
            "analysis_due": analysis_due,
            "answer_due": answer_due_for(deviation, timezone.localdate()),
            "lex_maria_due": lex_maria_due_for(deviation),
        },
    )
    if deviation.lex_maria_due:
        lex_maria_request(deviation=deviation)
    webhook_event(
        event=WebhookEvent.RECEIVED, deviation=deviation, providers=[deviation.counterpart_provider]
    )
    body = (
        gettext(
            "{reporting} has reported a deviation to {receiving}: “{title}”.\n"
            "Acknowledge by {ack_due}, analyse by {analysis_due}."
        )
        if deviation.event_type == EventType.DEVIATION
        else gettext(
            "{reporting} has reported to {receiving} ({type}): “{title}”.\n"
            "Acknowledge by {ack_due}, analyse by {analysis_due}."
        )
    ).format(
        reporting=deviation.reporting_provider,
        receiving=deviation.counterpart_provider,
        type=deviation.get_event_type_display().lower(),
        title=deviation.title,
        ack_due=f"{ack_due:%Y-%m-%d}",
        analysis_due=f"{analysis_due:%Y-%m-%d}",
    )
    subject = (
        gettext("New deviation from {provider}")
        if deviation.event_type == EventType.DEVIATION
        else gettext("New report from {provider}: {type}")
    )
    notify_about(
        users=receivers,
        deviation=deviation,
        subject=subject.format(
            provider=deviation.reporting_provider, type=deviation.get_event_type_display()
        ),
        body=body,
    )


def _send_feedback(*, actor, deviation: Deviation, receivers: list) -> None:
    """Good cooperation reaches the counterpart as thanks, to read and learn from."""
    DEVIATION_WORKFLOW.transition(
        actor=actor, case=deviation, code="send", expected_version=deviation.version
    )
    notify_about(
        users=receivers,
        deviation=deviation,
        subject=gettext("Positive feedback from {provider}").format(
            provider=deviation.reporting_provider
        ),
        body=gettext(
            "{reporting} tells {receiving} about cooperation that worked well: “{title}”.\n"
            "No handling is needed: read it, share it with those involved and mark it as read."
        ).format(
            reporting=deviation.reporting_provider,
            receiving=deviation.counterpart_provider,
            title=deviation.title,
        ),
    )
