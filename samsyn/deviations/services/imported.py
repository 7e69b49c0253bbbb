"""Cases imported from the old system (issue 21 item 5; docs/history-import.md).

An imported case is a closed case of the past: created closed, with its own event, registration
and closing dates, marked with the system it came from and its id there, so the same row
imported twice is one case. It is checked by the report's rules that still hold for history
(two different providers, a document of the county's registry, the classification the type
asks, no personnummer in the text); a consequence the old system did not record stays empty
and shows as "not recorded", never as "none". Nobody is told: the case is history.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import GoverningDocument
from samsyn.deviations import consequences
from samsyn.deviations.governance import document_check
from samsyn.deviations.models import Deviation, EventType, Status
from samsyn.deviations.services.reporting import (
    CATEGORY_REQUIRED,
    COUNTERPART_REQUIRED,
    DOCUMENT_REQUIRED,
    DOCUMENT_UNKNOWN,
    EVENT_DATE_IN_FUTURE,
    EVENT_DATE_REQUIRED,
    SAME_PROVIDER,
    SECONDARY_SAME_AS_CATEGORY,
)
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.parties.models import CareProvider
from samsyn.parties.selectors import place_of

__all__ = [
    "ImportedCase",
    "deviation_import",
    "deviation_import_problems",
    "deviation_import_many",
    "deviation_imported_before",
    "deviations_imported_before",
    "imported_problems",
]

REPORTING_PROVIDER_REQUIRED = _("Give the reporting care provider.")
CLOSED_ON_REQUIRED = _("Give the date the case was closed: only closed cases are imported.")
CLOSED_BEFORE_EVENT = _("The case cannot be closed before the event.")
REGISTERED_BEFORE_EVENT = _("The case cannot be registered before the event.")
SOURCE_ID_REQUIRED = _("Give the case's id in the old system.")


@dataclass
class ImportedCase:
    """One case of the old system, its values found (names mapped to Samsyn's values)."""

    import_source: str
    source_id: str
    reporting_provider: CareProvider | None = None
    counterpart_provider: CareProvider | None = None
    event_date: datetime.date | None = None
    registered_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    event_type: str = EventType.DEVIATION
    title: str = ""
    description: str = ""
    document: GoverningDocument | None = None
    category: object = None
    secondary_category: object = None
    other_explanation: str = ""
    # None: not recorded in the old system (never "none").
    organisation_consequence: object = None
    patient_consequence: object = None
    psychological_consequence: object = None
    potential_consequence: object = None
    analysis: str = ""
    answer: str = ""


def _provider_problems(case: ImportedCase, errors: dict) -> None:
    if case.reporting_provider is None:
        errors["reporting_provider"] = REPORTING_PROVIDER_REQUIRED
    if case.counterpart_provider is None:
        errors["counterpart_provider"] = COUNTERPART_REQUIRED
    elif case.counterpart_provider == case.reporting_provider:
        errors["counterpart_provider"] = SAME_PROVIDER


def _date_problems(case: ImportedCase, errors: dict) -> None:
    if case.event_date is None:
        errors["event_date"] = EVENT_DATE_REQUIRED
    elif case.event_date > timezone.localdate():
        errors["event_date"] = EVENT_DATE_IN_FUTURE
    if case.closed_on is None:
        errors["closed_on"] = CLOSED_ON_REQUIRED
    elif case.event_date and case.closed_on < case.event_date:
        errors["closed_on"] = CLOSED_BEFORE_EVENT
    if case.registered_on and case.event_date and case.registered_on < case.event_date:
        errors["registered_on"] = REGISTERED_BEFORE_EVENT


def _classification_problems(case: ImportedCase, errors: dict) -> None:
    """What the type does not ask is refused, the potential consequence is not lower than the
    actual one; a value retired since is history and stays."""
    values = vars(case)
    errors.update(consequences.type_problems(case.event_type, values))
    if case.category is None:
        errors["category"] = CATEGORY_REQUIRED
    elif case.secondary_category is not None and case.secondary_category == case.category:
        errors["secondary_category"] = SECONDARY_SAME_AS_CATEGORY
    if problem := consequences.potential_problem(values):
        errors.setdefault("potential_consequence", problem)


def imported_problems(case: ImportedCase) -> dict[str, str]:
    """The rules an imported case keeps, field by field."""
    errors: dict[str, str] = {}
    if not (case.source_id or "").strip():
        errors["source_id"] = SOURCE_ID_REQUIRED
    _provider_problems(case, errors)
    _date_problems(case, errors)
    _classification_problems(case, errors)
    if case.document is None:
        errors["document"] = DOCUMENT_REQUIRED
    elif case.reporting_provider and (
        case.document.county_id != case.reporting_provider.party.county_id
    ):
        errors["document"] = DOCUMENT_UNKNOWN
    return errors


def _moment(day: datetime.date) -> datetime.datetime:
    """A date of the old system as a moment: noon, so no time zone moves it to another day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _deviation_from(case: ImportedCase, actor) -> Deviation:
    return Deviation(
        import_source=case.import_source.strip(),
        source_id=case.source_id.strip(),
        reporting_provider=case.reporting_provider,
        counterpart_provider=case.counterpart_provider,
        reporter=actor.user,
        event_date=case.event_date,
        title=case.title.strip(),
        description=case.description.strip(),
        document=case.document,
        event_type=case.event_type or EventType.DEVIATION,
        category=case.category,
        secondary_category=case.secondary_category,
        patient_consequence=case.patient_consequence,
        psychological_consequence=case.psychological_consequence,
        potential_consequence=case.potential_consequence,
        organisation_consequence=case.organisation_consequence,
        other_explanation=case.other_explanation.strip(),
        analysis=case.analysis.strip(),
        answer=case.answer.strip(),
        status=Status.CLOSED,
        closed_at=_moment(case.closed_on) if case.closed_on else None,
    )


def deviation_imported_before(*, import_source: str, source_id: str) -> Deviation | None:
    return Deviation.objects.filter(
        import_source=import_source.strip(), source_id=source_id.strip()
    ).first()


def deviations_imported_before(*, import_source: str, source_ids) -> set[str]:
    """Of `source_ids`, those imported before from the same source: one query for a batch."""
    ids = {i.strip() for i in source_ids if i.strip()}
    return set(
        Deviation.objects.filter(
            import_source=import_source.strip(), source_id__in=ids
        ).values_list("source_id", flat=True)
    )


def _read_from_database(value) -> bool:
    """A model instance the database gave (not one built in memory): its row exists, so
    full_clean need not ask again whether it does (one query per foreign key and case)."""
    state = getattr(value, "_state", None)
    return state is not None and not state.adding and value.pk is not None


def deviation_import_problems(*, actor, case: ImportedCase) -> dict[str, str]:
    """Everything that would refuse the case, without writing (the dry run asks this): the
    rules above and the model's own fields (lengths, no personnummer in the text). A related
    value read from the database is not looked up again."""
    deviation = _deviation_from(case, actor)
    DEVIATION_WORKFLOW.permit(actor=actor, case=deviation, code="import")
    errors = imported_problems(case)
    found = [
        f.name
        for f in Deviation._meta.concrete_fields
        if f.is_relation and _read_from_database(getattr(deviation, f.name, None))
    ]
    try:
        deviation.full_clean(
            exclude=[*errors, *found], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages[0])
    return errors


@transaction.atomic
def deviation_import(*, actor, case: ImportedCase) -> tuple[Deviation, bool]:
    """Import one closed case of the old system; (the case, True) when it was new, (the case
    imported before from the same source id, False) when it was there already."""
    existing = deviation_imported_before(import_source=case.import_source, source_id=case.source_id)
    if existing is not None:
        return existing, False
    if errors := deviation_import_problems(actor=actor, case=case):
        raise ValidationError(errors)
    return deviation_import_many(actor=actor, cases=[case])[0], True


def _governed(case: ImportedCase, known: dict) -> tuple[bool, str]:
    """document_check, asked once per document, pair and day of a run (`known`)."""
    key = (case.document.pk, case.reporting_provider.pk, case.counterpart_provider.pk)
    key += (case.event_date,)
    if key not in known:
        known[key] = document_check(
            document=case.document,
            provider_a=case.reporting_provider,
            provider_b=case.counterpart_provider,
            on_date=case.event_date,
        )
    return known[key]


@transaction.atomic
def deviation_import_many(
    *, actor, cases: list[ImportedCase], governed: dict | None = None
) -> list[Deviation]:
    """Import new closed cases of the old system at once: cases that
    `deviation_import_problems` passed and that were not imported before (the history import
    asks both first, a batch at a time). One insert of the cases, one of their history rows,
    one update of their registration dates; each case its own event in the trail, as
    `deviation_import` gives it. `governed` keeps the document checks of a run."""
    governed = {} if governed is None else governed
    places: dict[tuple[int, int], dict] = {}
    deviations = []
    for case in cases:
        deviation = _deviation_from(case, actor)
        is_governed, note = _governed(case, governed)
        deviation.document_governed, deviation.document_governed_note = is_governed, note[:300]
        # Its municipality, sub-region and area, as a reported case has them, so the old
        # system's years are cut by area like the new ones (asked once per pair of a batch).
        pair = (case.reporting_provider.pk, case.counterpart_provider.pk)
        if pair not in places:
            places[pair] = place_of(
                reporting=case.reporting_provider, receiving=case.counterpart_provider
            )
        for name, value in places[pair].items():
            setattr(deviation, name, value)
        deviations.append(deviation)
    Deviation.objects.bulk_create(deviations)
    # The dates they had in the old system, not today's (created_at is set on insert).
    for deviation, case in zip(deviations, cases, strict=True):
        deviation.created_at = _moment(case.registered_on or case.event_date)
    Deviation.objects.bulk_update(deviations, ["created_at"])
    closed_on = {id(d): c.closed_on for d, c in zip(deviations, cases, strict=True)}
    DEVIATION_WORKFLOW.created_many(
        actor=actor,
        cases=deviations,
        code="import",
        facts=lambda deviation: {
            "import_source": deviation.import_source,
            "source_id": deviation.source_id,
            "reporting_provider": deviation.reporting_provider_id,
            "counterpart_provider": deviation.counterpart_provider_id,
            "event_date": deviation.event_date,
            "closed_on": closed_on[id(deviation)],
            "category": deviation.category_id,
        },
    )
    return deviations
