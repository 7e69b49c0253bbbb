"""Fill the one history from what existed before it (docs/decisions/0008-case-engine.md).

- Deviations: every deviations.StatusChange row becomes a Transition (the move that led to
  its status); the moves that kept the status (a measure added or done, a comment, lifting,
  the decision that no measure is needed) are read from the audit trail, as the old case
  timeline read them, with the status the case had at that moment.
- Disagreements had no status-change rows: their moves are read from the audit trail, and
  the state (open at step N, in court, resolved, closed) is followed move by move.

The trail is only read here: it is append-only.
"""

from django.db import migrations

DEVIATION_MOVE_TO = {
    "registered": "report",
    "sent": "send",
    "acknowledged": "acknowledge",
    "analysed": "analyse",
    "measures_decided": "decide_measures",
    "followed_up": "follow_up",
    "closed": "close",
}
# Audit action -> move code, for the deviation moves that keep the status.
DEVIATION_STAYING = {
    "deviations.measure.added": "add_measure",
    "deviations.measure.done": "complete_measure",
    "deviations.comment.added": "comment",
    "deviations.deviation.lifted": "lift",
    "deviations.deviation.no_measure_recorded": "no_measure",
}
DISAGREEMENT_STAYING = {
    "disagreements.disagreement.updated": "edit",
    "disagreements.disagreement.temporary_solution_set": "temporary_solution",
    "disagreements.disagreement.skip_proposed": "skip_propose",
    "disagreements.disagreement.skip_declined": "skip_decline",
    "disagreements.step.updated": "step",
    "disagreements.step.meeting_added": "meeting",
    "disagreements.comment.added": "comment",
}
RESOLVED_BY = {
    "agreement": "resolve",
    "economic_settlement": "settlement",
    "court_judgment": "judgment",
}


def _deviation_rows(apps, content_type):
    StatusChange = apps.get_model("deviations", "StatusChange")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Transition = apps.get_model("cases", "Transition")
    changes = {}
    for change in StatusChange.objects.order_by("at", "id").iterator():
        changes.setdefault(change.deviation_id, []).append(change)
    rows = []
    for deviation_id, moves in changes.items():
        for change in moves:
            rows.append(
                Transition(
                    content_type=content_type,
                    object_id=deviation_id,
                    move=DEVIATION_MOVE_TO.get(change.to_status, change.to_status),
                    from_state=change.from_status,
                    to_state=change.to_status,
                    by_id=change.by_id,
                    at=change.at,
                    note=change.note,
                )
            )
    events = AuditEvent.objects.filter(
        object_type="deviations.deviation", action__in=list(DEVIATION_STAYING)
    ).order_by("id")
    for event in events.iterator():
        deviation_id = int(event.object_id)
        before = [c for c in changes.get(deviation_id, []) if c.at <= event.at]
        state = before[-1].to_status if before else "sent"
        data = event.data or {}
        facts = {}
        if "measure" in data:
            facts = {"measure": data["measure"]}
        elif event.action == "deviations.deviation.lifted":
            facts = {"level": data.get("to", "")}
        rows.append(
            Transition(
                content_type=content_type,
                object_id=deviation_id,
                move=DEVIATION_STAYING[event.action],
                from_state=state,
                to_state=state,
                by_id=event.user_id,
                at=event.at,
                data=facts,
            )
        )
    return rows


def _step_reached(data, number_key):
    """The step an event led to: "to" in the engine's events ("step2"), else the step's number
    as events before it kept it (to_step, step)."""
    if str(data.get("to", "")).startswith("step"):
        return data["to"]
    return f"step{data.get(number_key, 1)}"


def _disagreement_move(action, data, state):
    """(move code, state after) for one trail event of a disagreement, or None."""
    if action == "disagreements.disagreement.created":
        return "create", "step1"
    if action == "disagreements.disagreement.escalated":
        move = "skip_accept" if data.get("skipped_step_2") else "escalate"
        return move, _step_reached(data, "to_step")
    if action == "disagreements.disagreement.skip_accepted":
        return "skip_accept", "step3"
    if action == "disagreements.disagreement.resolved":
        return RESOLVED_BY.get(data.get("resolution"), "resolve"), "resolved"
    if action == "disagreements.disagreement.referred_to_court":
        return "court", "in_court"
    if action == "disagreements.disagreement.closed":
        return "close", "closed"
    if action == "disagreements.disagreement.reopened":
        return "reopen", _step_reached(data, "step")
    if action in DISAGREEMENT_STAYING:
        return DISAGREEMENT_STAYING[action], state
    return None


def _disagreement_rows(apps, content_type):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Transition = apps.get_model("cases", "Transition")
    state_of = {}
    rows = []
    events = AuditEvent.objects.filter(object_type="disagreements.disagreement").order_by("id")
    for event in events.iterator():
        disagreement_id = int(event.object_id)
        before = state_of.get(disagreement_id, "")
        found = _disagreement_move(event.action, event.data or {}, before)
        if found is None:
            continue
        move, after = found
        state_of[disagreement_id] = after
        rows.append(
            Transition(
                content_type=content_type,
                object_id=disagreement_id,
                move=move,
                from_state=before,
                to_state=after,
                by_id=event.user_id,
                at=event.at,
            )
        )
    return rows


def history_fill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Transition = apps.get_model("cases", "Transition")
    deviation, _ = ContentType.objects.get_or_create(app_label="deviations", model="deviation")
    disagreement, _ = ContentType.objects.get_or_create(
        app_label="disagreements", model="disagreement"
    )
    rows = _deviation_rows(apps, deviation) + _disagreement_rows(apps, disagreement)
    Transition.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_transition"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("audit", "0005_keyed_chain"),
        ("deviations", "0003_list_and_inbox_indexes"),
        ("disagreements", "0005_submission_token"),
    ]

    operations = [migrations.RunPython(history_fill, migrations.RunPython.noop)]
