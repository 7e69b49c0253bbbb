"""Registering a disagreement, changing it, the temporary solution and the thread."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samsyn.audit.services import audit_changes, audit_record
from samsyn.core.services import model_update
from samsyn.disagreements.models import Comment, Disagreement
from samsyn.disagreements.services.common import (
    notify_ladder,
    require,
    step_start,
)
from samsyn.parties.models import Role

NOT_YOUR_PARTY = "Du kan bara ta upp en oenighet för en huvudman där du är chef."
SAME_PARTY = "Motparten måste vara en annan huvudman: en oenighet är mellan två parter."
SECTION_OF_OTHER_DOCUMENT = "Avsnittet {section} hör till ett dokument som inte är valt."
DEVIATION_NOT_VISIBLE = "Du kan bara koppla avvikelser som du själv har behörighet att se."
DEVIATION_OF_OTHER_PARTIES = (
    "Avvikelsen {reference} gäller inte dessa två parter. En oenighet kan bara bygga på "
    "avvikelser mellan sina egna parter."
)
TEMPORARY_SOLUTION_REQUIRED = (
    "Patienten berörs: skriv en tillfällig lösning (vem gör vad för patienten under tiden) "
    "och från vilket datum den gäller innan ärendet går vidare från steg 1."
)
TEMPORARY_SOLUTION_EMPTY = "Skriv vem som gör vad för patienten under tiden."
TEMPORARY_SOLUTION_FROM_EMPTY = "Ange från vilket datum den tillfälliga lösningen gäller."
COMMENT_EMPTY = "Skriv en kommentar."
TOKEN_USED = "Formuläret har redan använts. Ladda om sidan och försök igen."

EDITABLE_FIELDS = [
    "title",
    "question",
    "position_a",
    "position_b",
    "category",
    "area",
    "patient_affected",
]


def _check_sections(documents, sections) -> None:
    chosen = {d.pk for d in documents}
    for section in sections:
        if section.document_id not in chosen:
            raise ValidationError({"sections": SECTION_OF_OTHER_DOCUMENT.format(section=section)})


def _check_deviations(actor, deviations, party_ids: set[int]) -> None:
    """Only deviations the actor may see, and only between the case's two parties."""
    from samsyn.deviations.selectors import deviations_visible_to

    visible = set(
        deviations_visible_to(actor)
        .filter(pk__in=[d.pk for d in deviations])
        .values_list("pk", flat=True)
    )
    for deviation in deviations:
        if deviation.pk not in visible:
            raise ValidationError({"deviations": DEVIATION_NOT_VISIBLE})
        sides = {deviation.reporting_provider.party_id, deviation.counterpart_provider.party_id}
        if sides != party_ids:
            raise ValidationError(
                {"deviations": DEVIATION_OF_OTHER_PARTIES.format(reference=deviation.reference)}
            )


def require_temporary_solution(*, disagreement: Disagreement, to_step: int) -> None:
    """An affected patient needs a temporary solution before step 2 or 3 (seed 003)."""
    if (
        to_step > 1
        and disagreement.patient_affected
        and not (disagreement.temporary_solution.strip() and disagreement.temporary_solution_from)
    ):
        raise ValidationError({"temporary_solution": TEMPORARY_SOLUTION_REQUIRED})


@transaction.atomic
def disagreement_create(
    *,
    actor,
    provider_a,
    provider_b,
    title: str,
    question: str,
    position_a: str,
    position_b: str = "",
    category,
    area=None,
    documents=(),
    sections=(),
    patient_affected: bool = False,
    temporary_solution: str = "",
    temporary_solution_from=None,
    deviations=(),
    submission_token=None,
) -> Disagreement:
    """Register a disagreement between two parties; it starts at step 1, first-line management,
    the level where the main principle says it should be solved (seed 003). The same
    submission token twice returns the first case: a double-submitted form creates one case."""
    if submission_token is not None:
        existing = Disagreement.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            if existing.created_by_id != actor.user.pk:
                raise ValidationError(TOKEN_USED, code="token_used")
            return existing
    managers = actor.party_ids(Role.MANAGER_STEP1, Role.MANAGER_STEP2, Role.MANAGER_STEP3)
    if provider_a.party_id not in managers:
        raise ValidationError({"provider_a": NOT_YOUR_PARTY})
    if provider_b.party_id == provider_a.party_id:
        raise ValidationError({"provider_b": SAME_PARTY})
    _check_sections(documents, sections)
    _check_deviations(actor, deviations, {provider_a.party_id, provider_b.party_id})
    disagreement = Disagreement(
        county_id=provider_a.party.county_id,
        party_a=provider_a.party,
        provider_a=provider_a,
        party_b=provider_b.party,
        provider_b=provider_b,
        title=title,
        question=question,
        position_a=position_a,
        position_b=position_b,
        category=category,
        area=area,
        patient_affected=patient_affected,
        temporary_solution=temporary_solution,
        temporary_solution_from=temporary_solution_from,
        created_by=actor.user,
        submission_token=submission_token,
    )
    disagreement.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            disagreement.save()
    except IntegrityError:
        # A concurrent double submit with the same token: the first one won.
        existing = Disagreement.objects.filter(submission_token=submission_token).first()
        if submission_token is None or existing is None:
            raise
        if existing.created_by_id != actor.user.pk:
            raise ValidationError(TOKEN_USED, code="token_used") from None
        return existing
    disagreement.documents.set(documents)
    disagreement.sections.set(sections)
    disagreement.deviations.set(deviations)
    step_start(disagreement=disagreement, number=1)
    audit_record(
        actor=actor,
        action="disagreements.disagreement.created",
        target=disagreement,
        data={
            "party_a": provider_a.party_id,
            "party_b": provider_b.party_id,
            "provider_a": provider_a.pk,
            "provider_b": provider_b.pk,
            "patient_affected": patient_affected,
            "category": category.pk,
            "documents": [d.pk for d in documents],
            "sections": [s.pk for s in sections],
            "deviations": [d.pk for d in deviations],
        },
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject="Ny oenighet på steg 1",
        body=f"{provider_a.party} har tagit upp en oenighet med {provider_b.party}: {title}",
    )
    return disagreement


@transaction.atomic
def disagreement_update(
    *, actor, disagreement: Disagreement, data: dict, expected_version: int
) -> dict:
    """Change the question, positions and what the case concerns; optimistic locking."""
    require(actor, "disagreements.handle", disagreement)
    documents, sections = data.get("documents"), data.get("sections")
    if documents is not None and sections is not None:
        _check_sections(documents, sections)
    deviations = data.get("deviations")
    if deviations is not None:
        # Links the actor cannot see stay as they are; only the visible part is edited.
        from samsyn.deviations.selectors import deviations_visible_to

        hidden = list(
            disagreement.deviations.exclude(pk__in=deviations_visible_to(actor).values("pk"))
        )
        _check_deviations(actor, deviations, {disagreement.party_a_id, disagreement.party_b_id})
        deviations = [*deviations, *hidden]
    if data.get("patient_affected") and not disagreement.patient_affected:
        probe = Disagreement(
            patient_affected=True,
            temporary_solution=disagreement.temporary_solution,
            temporary_solution_from=disagreement.temporary_solution_from,
        )
        require_temporary_solution(disagreement=probe, to_step=disagreement.current_step)

    def sets():
        return {
            name: sorted(getattr(disagreement, name).values_list("pk", flat=True))
            for name in ("documents", "sections", "deviations")
        }

    before_sets = sets()
    changes = model_update(
        instance=disagreement, fields=EDITABLE_FIELDS, data=data, expected_version=expected_version
    )
    if documents is not None:
        disagreement.documents.set(documents)
    if sections is not None:
        disagreement.sections.set(sections)
    if deviations is not None:
        disagreement.deviations.set(deviations)
    after_sets = sets()
    audit_record(
        actor=actor,
        action="disagreements.disagreement.updated",
        target=disagreement,
        data=audit_changes(
            before={**{n: _raw(b) for n, (b, _a) in changes.items()}, **before_sets},
            after={**{n: _raw(a) for n, (_b, a) in changes.items()}, **after_sets},
            free_text=["title", "question", "position_a", "position_b"],
        ),
    )
    return changes


def _raw(value):
    return getattr(value, "pk", value)


@transaction.atomic
def temporary_solution_set(
    *, actor, disagreement: Disagreement, text: str, valid_from, expected_version: int
) -> None:
    """Record who does what for the patient meanwhile, from when: the patient must not be
    affected by the disagreement (seed 003)."""
    require(actor, "disagreements.handle", disagreement)
    errors = {}
    if not (text or "").strip():
        errors["temporary_solution"] = TEMPORARY_SOLUTION_EMPTY
    if not valid_from:
        errors["temporary_solution_from"] = TEMPORARY_SOLUTION_FROM_EMPTY
    if errors:
        raise ValidationError(errors)
    changes = model_update(
        instance=disagreement,
        fields=["temporary_solution", "temporary_solution_from"],
        data={"temporary_solution": text, "temporary_solution_from": valid_from},
        expected_version=expected_version,
    )
    audit_record(
        actor=actor,
        action="disagreements.disagreement.temporary_solution_set",
        target=disagreement,
        data={"from": str(valid_from), "changed": sorted(changes)},
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject="Tillfällig lösning",
        body=f"En tillfällig lösning för patienten gäller från {valid_from}. Läs den i ärendet.",
    )


@transaction.atomic
def comment_add(*, actor, disagreement: Disagreement, body: str) -> Comment:
    """Write in the case thread; the managers at the current step are told."""
    require(actor, "disagreements.handle", disagreement)
    if not (body or "").strip():
        raise ValidationError({"body": COMMENT_EMPTY})
    comment = Comment(disagreement=disagreement, author=actor.user, body=body)
    comment.full_clean()
    comment.save()
    audit_record(
        actor=actor,
        action="disagreements.comment.added",
        target=disagreement,
        data={"comment_id": comment.pk},
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject="Ny kommentar",
        body="Det finns en ny kommentar i ärendet.",
    )
    return comment
