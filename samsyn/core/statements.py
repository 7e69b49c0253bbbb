"""The statements the law asks for (accessibility statement, privacy notice): reading them
without signing in, and changing their text (county administrators), into the trail."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_changes, audit_record
from samsyn.core.access import as_actor, can
from samsyn.core.models import Statement
from samsyn.core.services import model_update

EDIT_PERMISSION = "core.statements.edit"
STATEMENT_FIELDS = ["title", "body"]
NOT_YOURS = _("Only county administrators change the statements.")


@dataclass
class Block:
    """One block of a statement's text: a heading, a paragraph or a list."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)


def statement_blocks(body: str) -> list[Block]:
    """Paragraphs split by an empty line; `## ` a heading, `- ` lines a list. Shown escaped."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            blocks.append(Block("heading", lines[0][3:].strip()))
            lines = lines[1:]
            if not lines:
                continue
        if all(line.startswith("- ") for line in lines):
            blocks.append(Block("list", items=[line[2:].strip() for line in lines]))
        else:
            blocks.append(Block("paragraph", " ".join(lines)))
    return blocks


@transaction.atomic
def statement_update(*, actor, statement: Statement, data: dict, expected_version: int) -> dict:
    actor = as_actor(actor)
    if not (actor is None or actor.user.is_superuser or can(actor, EDIT_PERMISSION)):
        raise PermissionDenied(NOT_YOURS)
    changes = model_update(
        instance=statement, fields=STATEMENT_FIELDS, data=data, expected_version=expected_version
    )
    if changes:
        audit_record(
            actor=actor,
            action="core.statement.changed",
            target=statement,
            data={
                "kind": statement.kind,
                **audit_changes(
                    before={k: v[0] for k, v in changes.items()},
                    after={k: v[1] for k, v in changes.items()},
                    free_text=["body"],
                ),
            },
        )
    return changes
