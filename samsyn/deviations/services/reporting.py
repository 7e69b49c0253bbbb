"""Reporting a deviation and routing it to the counterpart (DOMAIN.md section 2; seed 004).

The report refuses what MedControl PRO let through: a missing patient consequence, an
unexplained "other", a document outside the registry. A double-submitted form creates
one case (the submission token is unique).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.audit.services import audit_record
from samsyn.core.access import can
from samsyn.deviations.governance import document_check
from samsyn.deviations.models import Deviation, Status, StatusChange
from samsyn.deviations.services.common import (
    VALUE_RETIRED,
    deadlines_for,
    handlers_of,
    notify_about,
)
from samsyn.deviations.services.lifecycle import status_move
from samsyn.parties.models import CareProvider, Role

NOT_ALLOWED_TO_REPORT = "Du kan inte rapportera avvikelser för {provider}."
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
DOCUMENT_REQUIRED = "Välj det styrande dokument som inte följdes."
DOCUMENT_UNKNOWN = "Dokumentet finns inte i avtalsregistret för ert län."
SECTION_NOT_IN_DOCUMENT = "Avsnittet hör inte till det valda dokumentet."
TOKEN_USED = "Formuläret har redan använts. Ladda om sidan och försök igen."


def _check_classification(
    errors: dict, *, field: str, value, required_message: str, chosen_others: list
) -> None:
    if value is None:
        errors.setdefault(field, required_message)
    elif not value.is_active:
        errors.setdefault(field, VALUE_RETIRED.format(value=value.name))
    elif value.is_other:
        chosen_others.append(value.name)


def report_problems(
    *,
    reporting_provider,
    counterpart_provider,
    event_date,
    category,
    patient_consequence,
    organisation_consequence,
    other_explanation,
    document,
    section,
) -> dict[str, str]:
    """The report's rules, field by field (seed 004); the form asks too, to show all at once.

    Counterpart required and not the reporter's own provider; event date not in the future;
    category and both consequences always chosen, never a retired value; any "other" value
    explained; the document from the registry of the county, the section from the document.
    """
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
    _check_classification(
        errors,
        field="category",
        value=category,
        required_message=CATEGORY_REQUIRED,
        chosen_others=others,
    )
    _check_classification(
        errors,
        field="patient_consequence",
        value=patient_consequence,
        required_message=PATIENT_CONSEQUENCE_REQUIRED,
        chosen_others=others,
    )
    _check_classification(
        errors,
        field="organisation_consequence",
        value=organisation_consequence,
        required_message=ORGANISATION_CONSEQUENCE_REQUIRED,
        chosen_others=others,
    )
    if others and not (other_explanation or "").strip():
        errors["other_explanation"] = OTHER_NEEDS_EXPLANATION.format(value="”, ”".join(others))
    if document is None:
        errors["document"] = DOCUMENT_REQUIRED
    elif document.county_id != reporting_provider.party.county_id:
        errors["document"] = DOCUMENT_UNKNOWN
    elif section is not None and section.document_id != document.pk:
        errors["section"] = SECTION_NOT_IN_DOCUMENT
    return errors


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

    errors = report_problems(
        reporting_provider=reporting_provider,
        counterpart_provider=counterpart_provider,
        event_date=event_date,
        category=category,
        patient_consequence=patient_consequence,
        organisation_consequence=organisation_consequence,
        other_explanation=other_explanation,
        document=document,
        section=section,
    )
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
        document=document,
        provider_a=reporting_provider,
        provider_b=counterpart_provider,
        on_date=event_date,
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
        actor=actor,
        action="deviations.deviation.reported",
        target=deviation,
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
    status_move(
        actor=actor,
        deviation=deviation,
        target=Status.SENT,
        expected_version=deviation.version,
        data={"ack_due": ack_due, "analysis_due": analysis_due},
    )
    body = (
        f"{deviation.reporting_provider} har rapporterat en avvikelse till "
        f"{deviation.counterpart_provider}: ”{deviation.title}”.\n"
        f"Kvittera senast {ack_due:%Y-%m-%d}, analysera senast {analysis_due:%Y-%m-%d}."
    )
    notify_about(
        users=handlers_of(deviation.counterpart_provider),
        deviation=deviation,
        subject=f"Ny avvikelse från {deviation.reporting_provider}",
        body=body,
    )
