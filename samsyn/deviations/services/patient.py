"""The patient and the regulator on a deviation (issue 18), the writes: the protected patient
reference, a view of it (logged with a reason), the receiver's lex Maria assessment, and
documents attached to the case. Who may is deviations/patient.py and deviations/access.py.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.attachments.services import attachments_add
from samsyn.audit.services import read_record
from samsyn.core.access import can
from samsyn.core.encryption import InvalidToken, text_decrypt, text_encrypt, token_rotate
from samsyn.core.privacy import guard_free_text, personal_number_normalise
from samsyn.deviations.models import Deviation, LexMaria, PatientReference
from samsyn.deviations.patient import (
    PATIENT_DATA,
    lex_maria_assessors,
    lex_maria_side,
    patient_data_side,
)
from samsyn.deviations.services.common import notify_about
from samsyn.deviations.services.routing import receivers_of
from samsyn.deviations.workflow import DEVIATION_WORKFLOW, NOT_PATIENT_DATA

W = DEVIATION_WORKFLOW

# ---------------------------------------------------------------- the patient reference


class ViewReason(models.TextChoices):
    """Why a handler looks at the patient's identity: the read log keeps it (issue 18)."""

    INVESTIGATION = "investigation", _("Investigation")
    PATIENT_CONTACT = "patient_contact", _("Contact with the patient")
    OTHER = "other", _("Other")


VIEW_REASON_REQUIRED = _("Choose why you need to see the patient's identity.")
VIEW_REASON_TEXT_REQUIRED = _("Write why you need to see the patient's identity.")
NO_PATIENT_REFERENCE = _("The case has no patient reference.")
PATIENT_REFERENCE_UNREADABLE = _(
    "The patient reference cannot be read: the key it was encrypted with is no longer "
    "configured. Ask the system administrator to put the key back."
)


def patient_reference_token(number: str) -> str:
    """The encrypted form of a typed personnummer or samordningsnummer, normalised first
    (core/privacy.py); a number that fails the Luhn check is refused on the field."""
    try:
        normalised = personal_number_normalise(number)
    except ValidationError as exc:
        raise ValidationError({"patient_reference": exc.messages[0]}) from exc
    return text_encrypt(normalised)


def patient_reference_save(*, actor, deviation: Deviation, token: str) -> PatientReference:
    """Keep the (already encrypted) reference apart from the case."""
    return PatientReference.objects.create(deviation=deviation, token=token, created_by=actor.user)


def _view_reason(reason: str, reason_text: str) -> str:
    reason_text = (reason_text or "").strip()
    if reason not in ViewReason.values:
        raise ValidationError({"reason": VIEW_REASON_REQUIRED})
    if reason == ViewReason.OTHER and not reason_text:
        raise ValidationError({"reason_text": VIEW_REASON_TEXT_REQUIRED})
    guard_free_text(reason_text=reason_text)
    return f"{reason}: {reason_text}" if reason_text else reason


def patient_reference_view(
    *, actor, deviation: Deviation, reason: str, reason_text: str = "", channel: str = "page"
) -> str:
    """The patient's identity, for the handlers of the two units involved only; each view is
    in the read log with the reason the reader gave (patient data law)."""
    if not can(actor, PATIENT_DATA, patient_data_side(deviation)):
        raise PermissionDenied(gettext(NOT_PATIENT_DATA))
    reference = PatientReference.objects.filter(deviation=deviation).first()
    if reference is None:
        raise ValidationError(NO_PATIENT_REFERENCE, code="no_patient_reference")
    why = _view_reason(reason, reason_text)
    read_record(actor=actor, target=deviation, channel=channel, detail=f"patient reference: {why}")
    try:
        return text_decrypt(reference.token)
    except InvalidToken:  # a key removed before its references were rotated
        raise ValidationError(PATIENT_REFERENCE_UNREADABLE, code="unreadable") from None


@dataclass
class RotationResult:
    changed: int = 0
    # The cases whose reference no configured key reads (a key removed too early).
    unreadable: list[int] = field(default_factory=list)


def patient_references_rotate() -> RotationResult:
    """Re-encrypt every reference with the newest key (key rotation). A reference no key
    reads is left as it is and named, so the rotation of the others is not stopped by it."""
    result = RotationResult()
    for reference in PatientReference.objects.order_by("pk").iterator():
        try:
            token = token_rotate(reference.token)
        except InvalidToken:
            result.unreadable.append(reference.deviation_id)
            continue
        if token != reference.token:
            PatientReference.objects.filter(pk=reference.pk).update(token=token)
            result.changed += 1
    return result


# ---------------------------------------------------------------- lex Maria

LEX_MARIA_CHOICE_REQUIRED = _(
    "Choose the assessment: reported to IVO, not reported, or investigated."
)
IVO_DATE_REQUIRED = _("Give the date the event was reported to IVO.")
IVO_DATE_IN_FUTURE = _("The date reported to IVO cannot be in the future.")
IVO_REFERENCE_REQUIRED = _("Give IVO's reference for the report (its case number).")
NOT_REPORTED_REASON_REQUIRED = _("Give the reasons why the event is not reported to IVO.")
REVIEW_DATE_REQUIRED = _("Give the date the investigation is to be reviewed by.")
REVIEW_DATE_PASSED = _("The review date cannot have passed.")
LEX_MARIA_BLOCKS_CLOSING = _(
    "The case cannot be closed before the receiving care provider's patient-safety lead has "
    "recorded the lex Maria assessment (reported to IVO or not reported)."
)


def _lex_maria_problems(assessment, ivo_date, ivo_reference, reason, review_date) -> dict:
    today = timezone.localdate()
    errors = {}
    if assessment == LexMaria.REPORTED:
        if ivo_date is None:
            errors["ivo_date"] = IVO_DATE_REQUIRED
        elif ivo_date > today:
            errors["ivo_date"] = IVO_DATE_IN_FUTURE
        if not ivo_reference:
            errors["ivo_reference"] = IVO_REFERENCE_REQUIRED
    elif assessment == LexMaria.NOT_REPORTED:
        if not reason:
            errors["reason"] = NOT_REPORTED_REASON_REQUIRED
    elif assessment == LexMaria.INVESTIGATING:
        if review_date is None:
            errors["review_date"] = REVIEW_DATE_REQUIRED
        elif review_date < today:
            errors["review_date"] = REVIEW_DATE_PASSED
    else:
        errors["assessment"] = LEX_MARIA_CHOICE_REQUIRED
    return errors


@transaction.atomic
def deviation_assess_lex_maria(  # noqa: PLR0913 - the form's fields, each for one answer
    *,
    actor,
    deviation: Deviation,
    expected_version: int,
    assessment: str,
    ivo_date: datetime.date | None = None,
    ivo_reference: str = "",
    reason: str = "",
    review_date: datetime.date | None = None,
) -> Deviation:
    """The receiving provider's patient-safety lead records its lex Maria assessment (issue
    18): reported to IVO (date and IVO's reference), not reported (why), or investigated (a
    review date). Only what the answer needs is kept; the handlers are told."""
    scope = lex_maria_side(deviation)
    W.move_check(actor=actor, case=deviation, code="assess_lex_maria", scope=scope)
    ivo_reference, reason = (ivo_reference or "").strip(), (reason or "").strip()
    if errors := _lex_maria_problems(assessment, ivo_date, ivo_reference, reason, review_date):
        raise ValidationError(errors)
    guard_free_text(ivo_reference=ivo_reference, reason=reason)
    reported = assessment == LexMaria.REPORTED
    W.transition(
        actor=actor,
        case=deviation,
        code="assess_lex_maria",
        expected_version=expected_version,
        scope=scope,
        data={
            "lex_maria": assessment,
            "lex_maria_ivo_date": ivo_date if reported else None,
            "lex_maria_ivo_reference": ivo_reference if reported else "",
            "lex_maria_reason": reason if assessment == LexMaria.NOT_REPORTED else "",
            "lex_maria_review_date": review_date if assessment == LexMaria.INVESTIGATING else None,
            "lex_maria_assessed_at": timezone.now(),
        },
        facts={"assessment": assessment},
    )
    label = LexMaria(assessment).label
    notify_about(
        users=[*receivers_of(deviation), *lex_maria_assessors(deviation)],
        deviation=deviation,
        subject=gettext("Lex Maria assessment: {assessment}").format(assessment=label),
        body=gettext("{provider}'s patient-safety lead recorded: {assessment}.").format(
            provider=deviation.counterpart_provider, assessment=label
        ),
        skip=actor.user,
    )
    return deviation


def lex_maria_request(*, deviation: Deviation) -> None:
    """Tell the receiver's patient-safety lead (or the coordinator) an assessment is due."""
    notify_about(
        users=lex_maria_assessors(deviation),
        deviation=deviation,
        subject=gettext("A lex Maria assessment is asked for"),
        body=gettext(
            "The consequence for the patient is serious or not yet known: record whether the "
            "event is reported to IVO by {due}."
        ).format(due=f"{deviation.lex_maria_due:%Y-%m-%d}"),
    )


def lex_maria_allows_closing(deviation: Deviation) -> None:
    """An asked-for assessment must be decided (reported or not reported) before closing:
    "being investigated" is recorded but not decided, so it does not close the case."""
    from samsyn.deviations.patient import lex_maria_pending

    if lex_maria_pending(deviation):
        raise ValidationError(LEX_MARIA_BLOCKS_CLOSING, code="lex_maria_required")


# ---------------------------------------------------------------- attachments


@transaction.atomic
def deviation_attach(*, actor, deviation: Deviation, files) -> Deviation:
    """The handlers of the two units involved attach documents (issue 18); every file is
    checked before any is saved."""
    scope = patient_data_side(deviation)
    W.move_check(actor=actor, case=deviation, code="attach", scope=scope)
    stored = attachments_add(actor=actor, case=deviation, files=files)
    if not stored:  # sent twice: what was asked for is done
        return deviation
    W.transition(
        actor=actor,
        case=deviation,
        code="attach",
        scope=scope,
        facts={"attachments": [a.pk for a in stored]},
    )
    return deviation
