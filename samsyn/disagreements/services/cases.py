"""Registering a disagreement, changing it, the temporary solution and the thread."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.cases.services import (  # noqa: F401 - TOKEN_USED: the refusal tests name
    TOKEN_USED,
    case_save_once,
    case_submitted_before,
)
from samsyn.core.access import grant_for
from samsyn.deviations.selectors import deviations_visible_to
from samsyn.disagreements.models import Comment, Disagreement, PatientAnswer
from samsyn.disagreements.services.common import W, notify_ladder, step_start
from samsyn.disagreements.workflow import step_owner_party_ids

NOT_YOUR_PARTY = _("You can only raise a disagreement for a principal where you are a manager.")
SAME_PARTY = _("The other party must be another principal: a disagreement is between two parties.")
SECTION_OF_OTHER_DOCUMENT = _("Section {section} belongs to a document that is not chosen.")
DEVIATION_NOT_VISIBLE = _("You can only link deviations that you yourself have access to.")
DEVIATION_OF_OTHER_PARTIES = _(
    "Deviation {reference} does not concern these two parties. A "
    "disagreement can only be based on deviations between its own parties."
)
TEMPORARY_SOLUTION_REQUIRED = _(
    "The patient is affected: write an interim solution (who does what for "
    "the patient in the meantime) and the date it applies from before the "
    "case moves on from step 1."
)
TEMPORARY_SOLUTION_EMPTY = _(
    "Write who does what for the patient in the meantime, or why no interim solution is needed."
)
PATIENT_ANSWER_REQUIRED = _(
    "A patient is affected: say now how the patient's needs are met while the parties "
    "disagree – an interim solution (who does what, from when) or why none is needed."
)
NOT_STEP_OWNER = _(
    "Only the step owners of the case's current step update how the patient's needs are met."
)
TEMPORARY_SOLUTION_FROM_EMPTY = _("Give the date the interim solution applies from.")
COMMENT_EMPTY = _("Write a comment.")

EDITABLE_FIELDS = [
    "title",
    "question",
    "position_a",
    "position_b",
    "category",
    "area",
    "patient_affected",
]


@dataclass
class DisagreementRegistration:
    """What a manager registers: the registration form's fields, typed (`form.registration()`)."""

    provider_a: object  # the raising side's care provider (the actor's party)
    provider_b: object  # the other party's care provider
    title: str
    question: str
    position_a: str
    category: object
    position_b: str = ""
    area: object = None
    documents: tuple = ()
    sections: tuple = ()
    # the deviations it rests on, if any (the addendum presentation, #HoSavtal2027)
    deviations: tuple = ()
    patient_affected: bool = False
    temporary_solution: str = ""
    temporary_solution_from: datetime.date | None = None
    # True: no interim solution is needed, and `temporary_solution` says why.
    temporary_solution_none: bool = False
    # The form's one-time key: the same registration sent twice is one case.
    submission_token: uuid.UUID | None = None


def _check_sections(documents, sections) -> None:
    chosen = {d.pk for d in documents}
    for section in sections:
        if section.document_id not in chosen:
            raise ValidationError({"sections": SECTION_OF_OTHER_DOCUMENT.format(section=section)})


def _check_deviations(actor, deviations, party_ids: set[int]) -> None:
    """Only deviations the actor may see, and only between the case's two parties."""
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
    """An affected patient needs a temporary solution before step 2 or 3 (the addendum
    presentation, #HoSavtal2027)."""
    if to_step > 1 and disagreement.patient_affected and not disagreement.has_patient_answer:
        raise ValidationError({"temporary_solution": TEMPORARY_SOLUTION_REQUIRED})


def patient_answer_problems(*, none_needed: bool, text: str, valid_from) -> dict:
    """How the patient's needs are met: an interim solution from a date, or why none is
    needed (then no date)."""
    errors = {}
    if not (text or "").strip():
        errors["temporary_solution"] = TEMPORARY_SOLUTION_EMPTY
    if not none_needed and not valid_from:
        errors["temporary_solution_from"] = TEMPORARY_SOLUTION_FROM_EMPTY
    return errors


def _registration_problems(actor, case: DisagreementRegistration) -> None:
    if case.patient_affected and (
        errors := patient_answer_problems(
            none_needed=case.temporary_solution_none,
            text=case.temporary_solution,
            valid_from=case.temporary_solution_from,
        )
    ):
        raise ValidationError({**errors, "patient_affected": PATIENT_ANSWER_REQUIRED})
    if case.provider_a.party_id not in grant_for(actor, "disagreements.handle").party_ids:
        raise ValidationError({"provider_a": NOT_YOUR_PARTY})
    if case.provider_b.party_id == case.provider_a.party_id:
        raise ValidationError({"provider_b": SAME_PARTY})
    _check_sections(case.documents, case.sections)
    parties = {case.provider_a.party_id, case.provider_b.party_id}
    _check_deviations(actor, case.deviations, parties)


def _disagreement_from(case: DisagreementRegistration, actor) -> Disagreement:
    a, b = case.provider_a, case.provider_b
    return Disagreement(
        county_id=a.party.county_id,
        party_a=a.party,
        provider_a=a,
        party_b=b.party,
        provider_b=b,
        title=case.title,
        question=case.question,
        position_a=case.position_a,
        position_b=case.position_b,
        category=case.category,
        area=case.area,
        patient_affected=case.patient_affected,
        temporary_solution=case.temporary_solution,
        temporary_solution_from=None
        if case.temporary_solution_none
        else case.temporary_solution_from,
        temporary_solution_none=case.temporary_solution_none,
        created_by=actor.user,
        submission_token=case.submission_token,
    )


@transaction.atomic
def disagreement_create(*, actor, case: DisagreementRegistration) -> Disagreement:
    """Register a disagreement between two parties; it starts at step 1, first-line management,
    the level where the main principle says it should be solved (the addendum presentation,
    #HoSavtal2027). The same
    submission token twice returns the first case: a double-submitted form creates one case."""
    existing = case_submitted_before(
        model=Disagreement, token=case.submission_token, creator_field="created_by", actor=actor
    )
    if existing is not None:
        return existing
    _registration_problems(actor, case)
    disagreement = _disagreement_from(case, actor)
    disagreement.full_clean(validate_unique=False)
    saved = case_save_once(case=disagreement, creator_field="created_by", actor=actor)
    if saved is not disagreement:
        return saved  # a concurrent double submit: the first one won
    disagreement.documents.set(case.documents)
    disagreement.sections.set(case.sections)
    disagreement.deviations.set(case.deviations)
    step_start(disagreement=disagreement, number=1)
    if case.patient_affected:
        _answer_keep(disagreement, actor)
    W.created(
        actor=actor,
        case=disagreement,
        code="create",
        facts={
            "party_a": case.provider_a.party_id,
            "party_b": case.provider_b.party_id,
            "provider_a": case.provider_a.pk,
            "provider_b": case.provider_b.pk,
            "patient_affected": case.patient_affected,
            "category": case.category.pk,
            "documents": [d.pk for d in case.documents],
            "sections": [s.pk for s in case.sections],
            "deviations": [d.pk for d in case.deviations],
        },
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("New disagreement at step 1"),
        body=gettext("{party} has raised a disagreement with {other}: {title}").format(
            party=case.provider_a.party, other=case.provider_b.party, title=case.title
        ),
    )
    return disagreement


def _visible_links_kept(actor, disagreement: Disagreement, deviations) -> list:
    """Links the actor cannot see stay as they are; only the visible part is edited."""
    hidden = disagreement.deviations.exclude(pk__in=deviations_visible_to(actor).values("pk"))
    _check_deviations(actor, deviations, {disagreement.party_a_id, disagreement.party_b_id})
    return [*deviations, *hidden]


def _links(disagreement: Disagreement) -> dict:
    return {
        name: sorted(getattr(disagreement, name).values_list("pk", flat=True))
        for name in ("documents", "sections", "deviations")
    }


@transaction.atomic
def disagreement_update(
    *, actor, disagreement: Disagreement, data: dict, expected_version: int
) -> dict:
    """Change the question, positions and what the case concerns; optimistic locking."""
    W.move_check(actor=actor, case=disagreement, code="edit")
    documents, sections = data.get("documents"), data.get("sections")
    if documents is not None and sections is not None:
        _check_sections(documents, sections)
    deviations = data.get("deviations")
    if deviations is not None:
        deviations = _visible_links_kept(actor, disagreement, deviations)
    if (
        data.get("patient_affected")
        and not disagreement.patient_affected
        and not disagreement.has_patient_answer
    ):
        # The patient's needs are answered at once: first the answer, then the box is ticked.
        raise ValidationError({"patient_affected": PATIENT_ANSWER_REQUIRED})
    before = _links(disagreement)
    for name, chosen in (
        ("documents", documents),
        ("sections", sections),
        ("deviations", deviations),
    ):
        if chosen is not None:
            getattr(disagreement, name).set(chosen)
    return W.transition(
        actor=actor,
        case=disagreement,
        code="edit",
        expected_version=expected_version,
        data={name: data[name] for name in EDITABLE_FIELDS if name in data},
        facts={"before": before, "after": _links(disagreement)},
    )


def _answer_keep(disagreement: Disagreement, actor) -> PatientAnswer:
    """Each version of the answer is kept: the case shows the history of changes."""
    answer = PatientAnswer(
        disagreement=disagreement,
        step=disagreement.current_step,
        none_needed=disagreement.temporary_solution_none,
        text=disagreement.temporary_solution,
        valid_from=disagreement.temporary_solution_from,
        by=actor.user,
    )
    answer.full_clean()
    answer.save()
    return answer


@transaction.atomic
def temporary_solution_set(
    *,
    actor,
    disagreement: Disagreement,
    text: str,
    valid_from,
    expected_version: int,
    none_needed: bool = False,
) -> PatientAnswer:
    """Update how the patient's needs are met meanwhile – who does what from when, or why no
    interim solution is needed – by the step owners of the current step; each version is kept
    (the addendum: the patient is never affected by the disagreement)."""
    W.move_check(actor=actor, case=disagreement, code="temporary_solution")
    if not step_owner_party_ids(actor, disagreement, disagreement.current_step):
        raise PermissionDenied(NOT_STEP_OWNER)
    if errors := patient_answer_problems(none_needed=none_needed, text=text, valid_from=valid_from):
        raise ValidationError(errors)
    valid_from = None if none_needed else valid_from
    W.transition(
        actor=actor,
        case=disagreement,
        code="temporary_solution",
        expected_version=expected_version,
        data={
            "temporary_solution": text,
            "temporary_solution_from": valid_from,
            "temporary_solution_none": none_needed,
        },
    )
    answer = _answer_keep(disagreement, actor)
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("How the patient's needs are met"),
        body=(
            gettext("The parties' answer: no interim solution is needed. Read why in the case.")
            if none_needed
            else gettext(
                "An interim solution for the patient applies from {date}. Read it in the case."
            ).format(date=valid_from)
        ),
    )
    return answer


@transaction.atomic
def comment_add(*, actor, disagreement: Disagreement, body: str) -> Comment:
    """Write in the case thread; the managers at the current step are told."""
    W.move_check(actor=actor, case=disagreement, code="comment")
    if not (body or "").strip():
        raise ValidationError({"body": COMMENT_EMPTY})
    comment = Comment(disagreement=disagreement, author=actor.user, body=body)
    comment.full_clean()
    comment.save()
    W.transition(actor=actor, case=disagreement, code="comment", facts={"comment": comment.pk})
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("New comment"),
        body=gettext("There is a new comment in the case."),
    )
    return comment
