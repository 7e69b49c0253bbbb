"""Every key the case apps write into the audit trail is shown by a label, never as a raw key.

The keys are read from the source: the dict literals given as `data=` / `facts=` to the calls
that write the trail (audit_record, the engine's transition and created, the apps' helpers
around them), the engine's own keys, and the keys earlier versions wrote (the trail is never
rewritten, so their events are still shown).
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from samsyn.audit.display import DATA_KEYS, data_rows

BASE = Path(settings.BASE_DIR) / "samsyn"
APPS = ("cases", "deviations", "disagreements")
WRITERS = {
    "audit_record",
    "transition",
    "created",
    "resolve_with",
    "_move",
    "_move_up",
    "proposal_make",
}
# Helpers whose returned dict is a move's facts.
FACT_BUILDERS = {"_facts", "_links"}
# Written by the engine itself (cases/workflow.py `_audit`) and by earlier versions.
ENGINE_AND_EARLIER_KEYS = {
    "from",
    "to",
    "note_written",
    "reason_written",
    "changed",
    "comment_id",
    "from_step",
    "to_step",
    "current_step",
    "skipped_step_2",
    "skip_proposed_by",
    "skip_proposed_by_party",
    "resolution",
    "on",
    "overdue",
}
# Not data keys: the engine turns them into per-field rows.
STRUCTURE = {"before", "after"}


def _dict_keys(node) -> set[str]:
    if isinstance(node, ast.Dict):
        return {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return set()


def _call_keys(node) -> set[str]:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in WRITERS:
        return set()
    keys = set()
    for keyword in node.keywords:
        if keyword.arg in ("data", "facts"):
            keys |= _dict_keys(keyword.value)
    return keys


def _returned_keys(node) -> set[str]:
    keys = set()
    for child in ast.walk(node):
        if not isinstance(child, ast.Return):
            continue
        keys |= _dict_keys(child.value)
        if isinstance(child.value, ast.DictComp):
            for gen in child.value.generators:
                if isinstance(gen.iter, ast.Tuple):
                    keys |= {e.value for e in gen.iter.elts if isinstance(e, ast.Constant)}
    return keys


def _written_keys() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for app in APPS:
        for path in sorted((BASE / app).rglob("*.py")):
            if "/tests/" in path.as_posix() or "/migrations/" in path.as_posix():
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                keys = set()
                if isinstance(node, ast.Call):
                    keys = _call_keys(node)
                elif isinstance(node, ast.FunctionDef) and node.name in FACT_BUILDERS:
                    keys = _returned_keys(node)
                for key in keys - STRUCTURE:
                    found.setdefault(key, set()).add(path.relative_to(BASE).as_posix())
    for key in ENGINE_AND_EARLIER_KEYS:
        found.setdefault(key, set()).add("the engine or an earlier version")
    return found


def _named_field(key: str) -> bool:
    """A field of a case app's model with a verbose name of its own (how the display names it)."""
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            names = {f.name: f for f in model._meta.get_fields()}
            field = names.get(key.removesuffix("_id"))
            name = getattr(field, "verbose_name", None)
            if name is not None and str(name) != field.name.replace("_", " "):
                return True
    return False


def test_the_source_scan_finds_the_keys_the_moves_write():
    keys = _written_keys()
    assert {"measure", "payer", "referred_on", "proposed_by_party", "document"} <= set(keys)


def test_every_key_written_into_the_trail_by_the_case_apps_has_a_label():
    unlabelled = {
        key: sorted(where)
        for key, where in _written_keys().items()
        if key not in DATA_KEYS and not _named_field(key)
    }
    assert unlabelled == {}, "Register a DataKey (data_keys_register) or name the field"


@pytest.mark.django_db
def test_the_trail_shows_states_by_their_labels_and_parties_by_name(personas):
    from samsyn.deviations.models import Deviation
    from samsyn.disagreements.models import Disagreement
    from samsyn.parties.models import Party

    party = Party.objects.first()
    with translation.override("sv"):
        rows = dict(data_rows({"from": "step1", "to": "step2", "from_step": 1}, Disagreement))
        assert rows == {"Från": "Pågår, steg 1", "Till": "Pågår, steg 2", "Från steg": "1"}
        rows = dict(data_rows({"from": "sent", "to": "acknowledged"}, Deviation))
        assert rows == {"Från": "Skickad till mottagande vårdgivare", "Till": "Mottagen"}
        rows = dict(data_rows({"payer": party.pk, "skipped_step_2": True}, Disagreement))
        assert rows == {"Betalande part": str(party), "Steg 2 överhoppat": "ja"}
        rows = dict(data_rows({"level": "county", "overdue": "kvitteras"}, Deviation))
        assert rows == {"Lyft till nivå": "Länsnivå", "Försenad": "kvittens"}
        rows = dict(data_rows({"resolution": "economic_settlement"}, "disagreements.lesson"))
        assert rows == {"Utfall": "Ekonomisk reglering"}
