"""How the trail is shown: Swedish labels for action codes, kept apart from the stored data.

The trail stores dotted codes and raw values (pretix's logdisplay idea); labels live here so
they can change or be translated without touching a hashed row. Apps declare their own
labels with `action_labels_register({...})` in AppConfig.ready(); an unknown code is shown raw.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str] = {
    "parties.membership.granted": _("Roll tilldelad"),
    "audit.read_log.exported": _("Läslogg exporterad"),
    "retention.free_text.purged": _("Fritext rensad enligt gallringsbeslut"),
}


def action_labels_register(labels: dict[str, str]) -> None:
    """Each app adds labels for the action codes it writes."""
    ACTION_LABELS.update(labels)


ADMIN_VERBS = {
    "created": _("skapad i administrationen"),
    "changed": _("ändrad i administrationen"),
    "deleted": _("borttagen i administrationen"),
}


def action_label(code: str) -> str:
    if code not in ACTION_LABELS and code.startswith("admin."):
        label_lower, _dot, verb = code.removeprefix("admin.").rpartition(".")
        if verb in ADMIN_VERBS:
            return f"{object_type_label(label_lower).capitalize()} {ADMIN_VERBS[verb]}"
    return str(ACTION_LABELS.get(code, code))


def object_type_label(label_lower: str) -> str:
    """`deviations.deviation` → the model's Swedish verbose name, or the raw value."""
    try:
        return str(apps.get_model(label_lower)._meta.verbose_name)
    except (LookupError, ValueError):
        return label_lower


def data_rows(data: dict, model=None) -> list[tuple[str, str]]:
    """Flatten an event's data for display: `before`/`after` become 'old → new' per field.

    With the event's model, a key that names one of its fields is shown by the field's
    Swedish name, and ids of related rows by what those rows are called.
    """
    if not isinstance(data, dict):
        return [("", str(data))]
    before, after = data.get("before"), data.get("after")
    rows = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            old, new = (_show(v, model, key) for v in (before.get(key), after.get(key)))
            rows.append((_key_label(model, key), f"{old} → {new}"))
    for key, value in data.items():
        if key in ("before", "after") and isinstance(before, dict) and isinstance(after, dict):
            continue
        rows.append((_key_label(model, key), _show(value, model, key)))
    return rows


def _field(model, key):
    if model is None:
        return None
    try:
        return model._meta.get_field(key.removesuffix("_id"))
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and odd keys alike: show raw
        return None


def _key_label(model, key: str) -> str:
    field = _field(model, key)
    name = getattr(field, "verbose_name", None)
    return str(name).capitalize() if name else key


def _related_names(field, value) -> str | None:
    """'party_a 44' becomes 'Borås Stad': ids of a relation shown by their rows' names."""
    if field is None or not field.is_relation or field.related_model is None:
        return None
    ids = value if isinstance(value, list) else [value]
    if not ids or not all(isinstance(i, int) for i in ids):
        return None
    names = {o.pk: str(o) for o in field.related_model._default_manager.filter(pk__in=ids)}
    return ", ".join(names.get(i, f"#{i}") for i in ids)


def _show(value, model=None, key: str = "") -> str:
    if value is None or value == "" or value == []:
        return "–"
    field = _field(model, key)
    related = _related_names(field, value)
    if related is not None:
        return related
    if field is not None and field.choices and not isinstance(value, list):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
    return str(value)
