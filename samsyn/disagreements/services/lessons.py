"""Closing with a lesson, and publishing it in Vägledande lösningar (the addendum presentation,
#HoSavtal2027, "Uppföljning":
results are spread in the county; solutions guide future situations)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.privacy import guard_free_text
from samsyn.disagreements.models import Disagreement, Lesson
from samsyn.disagreements.services.common import W, notify_ladder

LESSON_REQUIRED = _("Write the lesson: what can others in the county learn from the case?")
SHARED_SOLUTION_REQUIRED = _(
    "Write the solution so that it can be shared in the whole county, without patient details."
)
LESSON_TITLE_REQUIRED = _("Give the solution a title others can search for.")


@transaction.atomic
def disagreement_close(
    *,
    actor,
    disagreement: Disagreement,
    title: str,
    solution: str,
    lesson: str,
    expected_version: int,
) -> Lesson:
    """Close a resolved case: the lesson and the solution, written for county-wide sharing,
    are required, and published in the library."""
    W.permit(actor=actor, case=disagreement, code="close")
    errors = {}
    if not (title or "").strip():
        errors["title"] = LESSON_TITLE_REQUIRED
    if not (solution or "").strip():
        errors["solution"] = SHARED_SOLUTION_REQUIRED
    if not (lesson or "").strip():
        errors["lesson"] = LESSON_REQUIRED
    if errors:
        raise ValidationError(errors)
    W.transition(
        actor=actor,
        case=disagreement,
        code="close",
        expected_version=expected_version,
        data={"closed_at": timezone.now()},
    )
    record, _ = Lesson.objects.get_or_create(
        disagreement=disagreement,
        defaults={
            "county_id": disagreement.county_id,
            "category_id": disagreement.category_id,
            "step_reached": disagreement.current_step,
            "resolution": disagreement.resolution,
            "title": title,
            "solution": solution,
            "lesson": lesson,
        },
    )
    record.title, record.solution, record.lesson = title, solution, lesson
    record.category_id, record.area_id = disagreement.category_id, disagreement.area_id
    record.step_reached, record.resolution = disagreement.current_step, disagreement.resolution
    record.full_clean()
    record.save()
    record.documents.set(disagreement.documents.all())
    record.sections.set(disagreement.sections.all())
    lesson_publish(actor=actor, lesson=record)
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        steps=range(1, disagreement.current_step + 1),
        subject=gettext("The case has been closed"),
        body=gettext("The solution and the lesson are now in Guiding solutions."),
    )
    return record


@transaction.atomic
def lesson_publish(*, actor, lesson: Lesson) -> Lesson:
    """Publish county-wide; the privacy guard checks the text once more right before."""
    guard_free_text(title=lesson.title, solution=lesson.solution, lesson=lesson.lesson)
    lesson.published_at = timezone.now()
    lesson.save(update_fields=["published_at"])
    audit_record(
        actor=actor,
        action="disagreements.lesson.published",
        target=lesson,
        data={"disagreement": lesson.disagreement_id},
    )
    return lesson
