"""Reading a case's history: the one status-change history of every case type."""

from django.contrib.contenttypes.models import ContentType

from samsyn.cases.models import Transition


def transitions_of(*, workflow, case):
    """The case's history rows, oldest first."""
    return (
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(workflow.model), object_id=case.pk
        )
        .select_related("by")
        .order_by("at", "id")
    )


def case_history(*, workflow, case, texts=None) -> list[dict]:
    """The case's history for its page, oldest first: each move with when ("at"), what it did
    ("label": the move's `done`, else the state it reached), who made it ("who"), and its
    note or, with `texts(row)`, a text the app reads from the case's own rows ("text"; never
    from the trail, which holds no free text)."""
    rows_by_code: dict[str, list] = {}
    for m in workflow.moves:
        rows_by_code.setdefault(m.code, []).append(m)
    entries = []
    for row in transitions_of(workflow=workflow, case=case):
        # A code with several rows (resolve at steps 1–2 and at step 3): the row it started from.
        rows = rows_by_code.get(row.move, [])
        move = next((m for m in rows if row.from_state in m.sources), rows[0] if rows else None)
        done = move.done if move else ""
        if callable(done):
            label = done(row)
        elif done:
            label = done
        else:
            label = workflow.state_label(row.to_state)
        who = (row.by.get_full_name() or row.by.username) if row.by else "system"
        text = texts(row) if texts else row.note
        entries.append(
            {
                "at": row.at,
                "label": str(label),
                "who": who,
                "text": text,
                "moved": row.from_state != row.to_state,
                "move": row.move,
            }
        )
    return entries


def last_transition(*, workflow, case_id: int) -> Transition | None:
    """The case's newest history row (None before its first move); by id, since the case may
    already be out of the reader's sight."""
    return (
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(workflow.model), object_id=case_id
        )
        .order_by("-at", "-id")
        .first()
    )
