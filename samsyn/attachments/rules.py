"""Which case types take attachments, and who may see and add them: each case app registers
its model in AppConfig.ready() with the permission row and the side `can()` judges it on
(a deviation's: "deviations.patient_data" on the two units involved)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AttachmentRule:
    permission: str  # the permission-table row for seeing and adding attachments
    side: Callable  # side(case) -> what can() judges the permission on
    case_for: Callable  # case_for(actor, pk) -> the case through the app's selector (404)


ATTACHMENT_RULES: dict[str, AttachmentRule] = {}


def attachments_register(*, model, rule: AttachmentRule) -> None:
    ATTACHMENT_RULES[model._meta.label_lower] = rule


def attachment_rule_for(case) -> AttachmentRule:
    return ATTACHMENT_RULES[case._meta.label_lower]
