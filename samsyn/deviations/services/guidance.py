"""The classification's help text: each value's definition and examples, kept by county
administrators on an in-app page (issue 19 item 3) and shown beside the choice."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_changes, audit_record
from samsyn.core.access import can
from samsyn.core.services import model_update

__all__ = ["classification_guidance_update", "GUIDANCE_NOT_ALLOWED"]

GUIDANCE_NOT_ALLOWED = _("Only county administrators can change the classification.")
_FIELDS = ["description", "examples"]


@transaction.atomic
def classification_guidance_update(*, actor, value, description: str, examples: str):
    """Change a value's definition and examples (classification.edit); the trail keeps both
    texts, before and after (reference data, no case's free text)."""
    if not can(actor, "classification.edit"):
        raise PermissionDenied(str(GUIDANCE_NOT_ALLOWED))
    lines = [line.strip() for line in (examples or "").splitlines() if line.strip()]
    changes = model_update(
        instance=value,
        fields=_FIELDS,
        data={"description": (description or "").strip(), "examples": "\n".join(lines)},
    )
    if changes:
        audit_record(
            actor=actor,
            action="deviations.classification.guidance_changed",
            target=value,
            data=audit_changes(
                before={k: v[0] for k, v in changes.items()},
                after={k: v[1] for k, v in changes.items()},
            ),
        )
    return value
