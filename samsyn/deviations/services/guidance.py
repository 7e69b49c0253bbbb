"""The classification's values, kept by county administrators on an in-app page (issue 19
item 3, issue 23 item 4): add a value, rename it, change its definition and examples, and
retire or bring it back. A value is never deleted: cases that use it keep showing it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_changes, audit_record
from samsyn.core.access import can
from samsyn.core.services import model_update, saved_unless_taken

__all__ = [
    "classification_value_add",
    "classification_value_update",
    "GUIDANCE_NOT_ALLOWED",
    "LAST_ACTIVE_VALUE",
    "NAME_TAKEN",
]

GUIDANCE_NOT_ALLOWED = _("Only county administrators can change the classification.")
NAME_TAKEN = _("There is already a value with this name. Bring it back instead of adding it again.")
LAST_ACTIVE_VALUE = _("At least one value of this kind must remain that can be chosen.")

# What the page may set, of the fields a kind of value has (another app's kind may have only
# a name and whether it is in use; a consequence for the patient also has a severity).
VALUE_FIELDS = ("name", "description", "examples", "severity", "is_active")


def classification_fields(model) -> list[str]:
    """The fields of VALUE_FIELDS that this kind of value has."""
    names = {field.name for field in model._meta.fields}
    return [name for name in VALUE_FIELDS if name in names]


def _allowed(actor) -> None:
    if not can(actor, "classification.edit"):
        raise PermissionDenied(str(GUIDANCE_NOT_ALLOWED))


def _tidy(model, data: dict) -> dict:
    """Only the kind's fields; texts stripped, examples one per line without blank lines."""
    tidy = {name: data[name] for name in classification_fields(model) if name in data}
    for name in ("name", "description"):
        if name in tidy:
            tidy[name] = (tidy[name] or "").strip()
    if "examples" in tidy:
        lines = (tidy["examples"] or "").splitlines()
        tidy["examples"] = "\n".join(line.strip() for line in lines if line.strip())
    return tidy


@transaction.atomic
def classification_value_add(*, actor, model, data: dict):
    """Add a value of a kind (classification.edit); it can be chosen at once."""
    _allowed(actor)
    value = model(**{**_tidy(model, data), "is_active": True})
    try:
        value.full_clean()
    except ValidationError as error:
        if (
            "name" in getattr(error, "error_dict", {})
            and model.objects.filter(name=value.name).exists()
        ):
            raise ValidationError({"name": NAME_TAKEN}) from error
        raise
    saved_unless_taken(value.save, field="name", message=NAME_TAKEN)
    audit_record(
        actor=actor,
        action="deviations.classification.value_added",
        target=value,
        data={"kind": model._meta.label_lower, **_tidy(model, vars(value))},
    )
    return value


@transaction.atomic
def classification_value_update(*, actor, value, data: dict):
    """Rename a value, change its help text, retire or bring it back (classification.edit).
    A new name shows on old cases too; the trail keeps both, before and after (reference
    data, no case's free text). The last value of a kind that can be chosen stays."""
    _allowed(actor)
    model = type(value)
    tidy = _tidy(model, data)
    retiring = value.is_active and tidy.get("is_active") is False
    if retiring and not model.objects.filter(is_active=True).exclude(pk=value.pk).exists():
        raise ValidationError({"is_active": LAST_ACTIVE_VALUE})
    if "name" in tidy and model.objects.filter(name=tidy["name"]).exclude(pk=value.pk).exists():
        raise ValidationError({"name": NAME_TAKEN})
    changes = saved_unless_taken(
        lambda: model_update(instance=value, fields=classification_fields(model), data=tidy),
        field="name",
        message=NAME_TAKEN,
    )
    if changes:
        audit_record(
            actor=actor,
            action="deviations.classification.value_changed",
            target=value,
            data=audit_changes(
                before={k: v[0] for k, v in changes.items()},
                after={k: v[1] for k, v in changes.items()},
            ),
        )
    return value
