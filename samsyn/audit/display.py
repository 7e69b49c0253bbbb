"""How the trail is shown: labels for action codes and data keys, names for ids and codes, kept
apart from the stored data.

The trail stores dotted codes and raw values (pretix's logdisplay idea); what a reader sees is
made here, so it can change or be translated without touching a hashed row. Each app declares
its own labels in AppConfig.ready():

    action_labels_register({"deviations.deviation.closed": _("Deviation closed")})
    data_keys_register({"payer": DataKey(_("payer"), model="parties.party")})

A data key is shown by (1) the verbose name the event's model gives that field, (2) the label
an app registered, or (3) the key in words (`from_step` → "from step") as a last resort; ids
of a relation or a registered model are shown by the rows' names, codes by what they name.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import FREE_TEXT_CHANGED
from samsyn.core.amounts import sek

ACTION_LABELS: dict[str, str] = {
    "parties.membership.granted": _("Role given"),
    "audit.read_log.exported": _("Read log exported"),
    "retention.free_text.purged": _("Free text purged under the retention decision"),
}


def action_labels_register(labels: dict[str, str]) -> None:
    """Each app adds labels for the action codes it writes."""
    ACTION_LABELS.update(labels)


@dataclass(frozen=True)
class DataKey:
    """How a key of an event's data is shown."""

    label: str
    # The value is an id (or a list of ids) of this model ("parties.party"), or with `lookup`
    # another unique field of it ("code"): shown by the row's name.
    model: str | None = None
    lookup: str = "pk"
    # Shows the raw value (amounts in kronor, field names by their labels): show(value, model).
    show: Callable | None = None


DATA_KEYS: dict[str, DataKey] = {}


def data_keys_register(keys: dict[str, DataKey]) -> None:
    """Each app adds the data keys it writes that its models' fields do not name."""
    DATA_KEYS.update(keys)


def amount_shown(value, model=None) -> str:
    """A stored amount ("96600.00") as Swedes read it: 96 600,00 kr."""
    try:
        return sek(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def choices_shown(choices) -> Callable:
    """A `show` for a code among choices ((value, label) pairs): the code by its label."""
    labels = dict(choices)

    def show(value, model=None) -> str:
        return str(labels.get(value, value))

    return show


def field_names_shown(value, model=None) -> str:
    """A list of field names ("description", "analysis") by the fields' labels."""
    names = value if isinstance(value, list) else [value]
    return ", ".join(_key_label(model, str(name)).lower() for name in names)


ADMIN_VERBS = {
    "created": _("created in the administration"),
    "changed": _("changed in the administration"),
    "deleted": _("deleted in the administration"),
}


def action_label(code: str) -> str:
    if code not in ACTION_LABELS and code.startswith("admin."):
        label_lower, _dot, verb = code.removeprefix("admin.").rpartition(".")
        if verb in ADMIN_VERBS:
            return f"{object_type_label(label_lower).capitalize()} {ADMIN_VERBS[verb]}"
    return str(ACTION_LABELS.get(code, code))


def _model(label_lower: str):
    try:
        return apps.get_model(label_lower)
    except (LookupError, ValueError):
        return None


def object_type_label(label_lower: str) -> str:
    """`deviations.deviation` → the model's verbose name in the reader's language."""
    model = _model(label_lower)
    return str(model._meta.verbose_name) if model else label_lower


def object_names(pairs) -> dict[tuple[str, str], str]:
    """{(object type, object id): what the object is called} for the objects that still exist,
    a query per type: the review pages name objects, not ids."""
    ids_by_type: dict[str, set[str]] = {}
    for object_type, object_id in pairs:
        if object_type and object_id:
            ids_by_type.setdefault(object_type, set()).add(object_id)
    names = {}
    for object_type, ids in ids_by_type.items():
        model = _model(object_type)
        if model is None:
            continue
        numeric = [int(i) for i in ids if i.isascii() and i.isdigit()]
        for obj in model._default_manager.filter(pk__in=numeric):
            names[(object_type, str(obj.pk))] = str(obj)
    return names


def data_rows(data: dict, model=None) -> list[tuple[str, str]]:
    """An event's data as (label, value) rows: `before`/`after` become 'old → new' per key.

    `model` is the event's model (or its label, "parties.party"): keys naming its fields are
    shown by the fields' names, ids of related rows by what those rows are called.
    """
    if isinstance(model, str):
        model = _model(model)
    if not isinstance(data, dict):
        return [("", str(data))]
    rows = []
    if "before" in data or "after" in data:
        before, after = data.get("before") or {}, data.get("after") or {}
        if isinstance(before, dict) and isinstance(after, dict):
            for key in sorted(set(before) | set(after)):
                new = _show(after.get(key), model, key)
                if not before:  # created: only what it became
                    rows.append((_key_label(model, key), new))
                else:
                    old = _show(before.get(key), model, key)
                    rows.append((_key_label(model, key), f"{old} → {new}"))
            data = {k: v for k, v in data.items() if k not in ("before", "after")}
    for key, value in data.items():
        rows.append((_key_label(model, key), _show(value, model, key)))
    return rows


def _field(model, key):
    if model is None:
        return None
    try:
        field = model._meta.get_field(key.removesuffix("_id"))
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and odd keys alike: not a field
        return None
    # The model's own fields, not the relations other models point at it with.
    return None if field.auto_created and not field.concrete else field


def _explicit_verbose_name(field) -> str | None:
    """The field's verbose name when one was given (Django's default is only the field name)."""
    name = getattr(field, "verbose_name", None)
    if name is None or str(name) == field.name.replace("_", " "):
        return None
    return str(name)


def _key_label(model, key: str) -> str:
    label = _explicit_verbose_name(_field(model, key)) if _field(model, key) else None
    if label is None and key in DATA_KEYS:
        label = str(DATA_KEYS[key].label)
    if label is None:
        label = key.removesuffix("_id").replace("_", " ")
    return label[:1].upper() + label[1:]


def _names(model_label: str, lookup: str, value) -> str | None:
    """Ids (or codes) of a model shown by the rows' names; those no longer there by '#id'."""
    model = _model(model_label)
    values = value if isinstance(value, list) else [value]
    if model is None or not values or not all(isinstance(v, int | str) for v in values):
        return None
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        lookup = "pk"  # ids are ids, whatever else the key may hold
    elif lookup == "pk":
        return None
    batch = _BATCH.get()
    if batch is not None and batch.collecting:
        batch.wanted.setdefault((model_label, lookup), set()).update(values)
        return None  # the first pass only gathers what the page will name
    found = batch.found.get((model_label, lookup)) if batch is not None else None
    if found is None:
        found = _found(model, lookup, values)
    return ", ".join(found.get(str(v), f"#{v}") for v in values)


def _found(model, lookup: str, values) -> dict[str, str]:
    return {
        str(getattr(o, lookup)): str(o)
        for o in model._default_manager.filter(**{f"{lookup}__in": values})
    }


@dataclass
class _Batch:
    collecting: bool = True
    wanted: dict = dataclass_field(default_factory=dict)  # (model label, lookup) -> values
    found: dict = dataclass_field(default_factory=dict)  # (model label, lookup) -> {value: name}


_BATCH: ContextVar[_Batch | None] = ContextVar("audit_display_batch", default=None)


def data_rows_many(items) -> list[list[tuple[str, str]]]:
    """`data_rows(data, model)` for each (data, model) of a page, naming the rows the events
    point at with one query per model (the trail's page of 50 events sent one per id, about
    100 queries, issue 16): a first pass gathers the ids, a second shows the rows."""
    items = list(items)
    batch = _Batch()
    token = _BATCH.set(batch)
    try:
        for data, model in items:
            data_rows(data, model)
        batch.collecting = False
        for (model_label, lookup), values in batch.wanted.items():
            batch.found[(model_label, lookup)] = _found(_model(model_label), lookup, list(values))
        return [data_rows(data, model) for data, model in items]
    finally:
        _BATCH.reset(token)


def row_names(model_label: str, value) -> str | None:
    """Ids of a model's rows shown by the rows' names (for an app's own `show`)."""
    return _names(model_label, "pk", value)


def _related_names(field, value) -> str | None:
    """'party_a 44' becomes 'Borås Stad': ids of a relation shown by their rows' names."""
    if field is None or not field.is_relation or field.related_model is None:
        return None
    return _names(field.related_model._meta.label_lower, "pk", value)


def _show(value, model=None, key: str = "") -> str:
    if value is None or value == "" or value == []:
        return "–"
    if value == FREE_TEXT_CHANGED:
        return gettext("[free text changed]")
    shown = _show_registered(value, model, key)
    if shown is None:
        shown = _show_field(value, _field(model, key))
    if shown is not None:
        return shown
    if isinstance(value, dict):
        return "; ".join(f"{_key_label(model, k)}: {_show(v, model, k)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)


def _show_registered(value, model, key: str) -> str | None:
    """A value of a key an app registered: its own way of showing it, or the rows' names."""
    registered = DATA_KEYS.get(key)
    if registered is None:
        return None
    if registered.show:
        return registered.show(value, model)
    if registered.model:
        return _names(registered.model, registered.lookup, value)
    return None


def _show_field(value, field) -> str | None:
    """A value of one of the model's fields: related rows by name, a choice by its label."""
    related = _related_names(field, value)
    if related is not None:
        return related
    if field is not None and field.choices and not isinstance(value, list):
        return str(dict(field.flatchoices).get(value, value))
    return None
