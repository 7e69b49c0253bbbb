"""The re-coding queue (issue 19 item 4): a county analyst re-codes "Annat" cases, one or many
at once, to a category that can be chosen. Each case is one move through the case engine
(`recode`): its history row and the audit trail keep the category before and after, and the
case keeps the category as reported (`reported_category`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samsyn.deviations.models import Category, Deviation
from samsyn.deviations.workflow import DEVIATION_WORKFLOW as W

__all__ = ["deviations_recode"]

RECODE_CATEGORY_REQUIRED = _("Choose the category to re-code to.")
RECODE_CATEGORY_RETIRED = _(
    "The category “{category}” can no longer be chosen. Choose one of the categories in the list."
)
RECODE_TO_OTHER = _("Re-code to a category other than “{category}”: that is what the queue is for.")
RECODE_NO_CASES = _("Choose at least one case to re-code.")


def recode_problems(category: Category | None) -> dict:
    """A re-coding goes to a category that can be chosen, never to a retired or "other" one."""
    if category is None:
        return {"category": RECODE_CATEGORY_REQUIRED}
    if not category.is_active:
        return {"category": RECODE_CATEGORY_RETIRED.format(category=category.name)}
    if category.is_other:
        return {"category": RECODE_TO_OTHER.format(category=category.name)}
    return {}


@transaction.atomic
def deviations_recode(*, actor, deviations: list[Deviation], category, note: str = "") -> int:
    """Re-code these cases to `category`, all or none; a case already in it is left as it is
    (sent twice, nothing changes). Returns how many changed."""
    if errors := recode_problems(category):
        raise ValidationError(errors)
    if not deviations:
        raise ValidationError({"deviations": RECODE_NO_CASES})
    changed = 0
    for deviation in Deviation.objects.select_for_update().filter(
        pk__in=[d.pk for d in deviations]
    ):
        if deviation.category_id == category.pk:
            continue
        data = {"category": category}
        if deviation.reported_category_id is None:
            data["reported_category"] = deviation.category
        if deviation.secondary_category_id == category.pk:
            data["secondary_category"] = None  # the secondary becomes the category itself
        W.transition(
            actor=actor,
            case=deviation,
            code="recode",
            expected_version=deviation.version,
            data=data,
            note=note,
            facts={"original_category": deviation.category_id, "new_category": category.pk},
        )
        changed += 1
    return changed
