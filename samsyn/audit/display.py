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


ADMIN_VERBS = {"created": _("skapad i administrationen"), "changed": _("ändrad i administrationen"),
               "deleted": _("borttagen i administrationen")}


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


def data_rows(data: dict) -> list[tuple[str, str]]:
    """Flatten an event's data for display: `before`/`after` become 'old → new' per field."""
    if not isinstance(data, dict):
        return [("", str(data))]
    before, after = data.get("before"), data.get("after")
    rows = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            rows.append((key, f"{_show(before.get(key))} → {_show(after.get(key))}"))
    for key, value in data.items():
        if key in ("before", "after") and isinstance(before, dict) and isinstance(after, dict):
            continue
        rows.append((key, _show(value)))
    return rows


def _show(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    return str(value)
