"""Roles are named only in the permission table (issue 15, part 2).

Every decision about who may do what asks the table (`can`, `grant_for`, `roles_with`); a role
name in app code would be a second, silent rule. This test reads the source: a role member
(`Role.HANDLER`, `R.MANAGER_STEP1`) or a role's value ("handler") outside the access modules
fails. Excepted: the access modules themselves (core/access.py, each app's access.py), the
Role definition (parties/models.py), migrations, demo data and tests.
"""

import ast
import re
from pathlib import Path

from django.conf import settings

from samsyn.parties.models import Role

SAMSYN = Path(settings.BASE_DIR) / "samsyn"
ROLE_NAMES = set(Role.names)
ROLE_VALUES = set(Role.values)
# A string that names a model field, not a role (`select_related("reporter")`): the argument
# of these ORM calls, or of a keyword that names fields (`fields=[…]`, `creator_field=…`).
FIELD_CALLS = {
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "values",
    "values_list",
    "order_by",
    "Index",
    "UniqueConstraint",
}


def _excepted(path: Path) -> bool:
    relative = path.relative_to(SAMSYN)
    parts = relative.parts
    return (
        relative.name == "access.py"
        or relative == Path("parties/models.py")
        or "tests" in parts
        or "migrations" in parts
        or relative.name == "demo.py"
        or parts[0] == "demo"
    )


def _in_field_context(node: ast.AST, parents: dict) -> bool:
    child, parent = node, parents.get(node)
    while isinstance(parent, ast.List | ast.Tuple):
        child, parent = parent, parents.get(parent)
    if isinstance(parent, ast.keyword):
        return parent.arg == "fields" or (parent.arg or "").endswith("_field")
    if isinstance(parent, ast.Call) and child in parent.args:
        func = parent.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in FIELD_CALLS
    return False


def role_names_in_python(source: str) -> list[str]:
    """Where a piece of Python source names a role: `Role.X`, `R.X`, or a role's value."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ROLE_NAMES
            and isinstance(node.value, ast.Name)
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif (
            isinstance(node, ast.Constant)
            and node.value in ROLE_VALUES
            and not _in_field_context(node, parents)
        ):
            found.append(f"line {node.lineno}: {node.value!r}")
    return found


_QUOTED_ROLE = re.compile("[\"']({})[\"']".format("|".join(sorted(ROLE_VALUES))))


def role_names_in_template(text: str) -> list[str]:
    return [f"{m.group(0)}" for m in _QUOTED_ROLE.finditer(text)]


def test_no_role_is_named_in_app_code_outside_the_access_modules():
    offenders = {}
    for path in sorted(SAMSYN.rglob("*.py")):
        if not _excepted(path) and (found := role_names_in_python(path.read_text("utf-8"))):
            offenders[str(path.relative_to(SAMSYN))] = found
    for path in sorted(SAMSYN.rglob("*.html")):
        if not _excepted(path) and (found := role_names_in_template(path.read_text("utf-8"))):
            offenders[str(path.relative_to(SAMSYN))] = found
    assert not offenders, (
        "Decide through the permission table (can, grant_for, roles_with), not by role: "
        f"{offenders}"
    )


def test_the_scan_finds_a_role_named_in_code():
    """The scan itself: each way a role used to be named in app code is found."""
    assert role_names_in_python("x = actor.provider_ids(Role.REPORTER, Role.HANDLER)")
    assert role_names_in_python("R = Role\nmine = actor.party_ids(R.MANAGER_STEP1)")
    assert role_names_in_python('qs.filter(memberships__role="handler")')
    assert role_names_in_python('ROLES = ["handler", "reporter"]')
    assert role_names_in_template('{% if m.role == "county_analyst" %}')
    # A model field that happens to share a role's name is not a role.
    assert not role_names_in_python('qs.select_related("reporter").order_by("reporter")')
    assert not role_names_in_python('models.Index(fields=["reporter", "status"])')
    assert not role_names_in_python('case_save_once(case=d, creator_field="reporter")')
