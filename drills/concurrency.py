"""Concurrency drill: many clients race the same moves on the same cases over HTTP.

Per case, CLIENTS threads (handlers of the receiving provider, each with its own token) read
the case and fire the same move at the same moment with the version they read in If-Match:
acknowledge, analyse, decide the measures, follow up, close. Exactly one may win each race;
the losers get 412 (stale version) or 409 (the state no longer allows it), never a 5xx. Then
every client adds its own measure at once (a loser reloads and retries): none may be lost.
Afterwards the database must agree: one transition per move, one audit event per change,
every measure once, and the audit chain verifies.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from drills.figures import Figures
from drills.http import Api
from drills.stack import report_body, token

CLIENTS = 16
RACED = ["acknowledge", "analyse", "decide_measures", "follow_up", "close"]
LOSING = {409, 412}


def _bodies(case_id: int) -> dict:
    from samsyn.deviations.models import Cause

    cause = Cause.objects.filter(is_active=True).order_by("pk").first()
    return {
        "acknowledge": {"position": "agrees"},
        "analyse": {"causes": [cause.pk], "analysis": "Rutinen för utskrivning följdes inte."},
        "decide_measures": {},
        "follow_up": {"follow_up": "Åtgärderna är genomförda och följda upp."},
        "close": {},
    }


def _race(clients: list[Api], case_id: int, move: str, body: dict) -> list:
    """All clients read, wait for each other, then send the move with what they read."""
    barrier = threading.Barrier(len(clients))

    def one(api: Api):
        seen = api.get(f"/api/v1/deviations/{case_id}")
        barrier.wait()
        answer = api.post(
            f"/api/v1/deviations/{case_id}/moves/{move}", body, **{"If-Match": seen.etag}
        )
        return [seen, answer]

    with ThreadPoolExecutor(len(clients)) as pool:
        return [a for pair in pool.map(one, clients) for a in pair]


def _add_measures(clients: list[Api], case_id: int, owner: int, due: str) -> tuple[list, int]:
    """Each client adds its own measure at the same moment; a stale one reloads and retries."""
    barrier = threading.Barrier(len(clients))

    def one(index: int, api: Api):
        answers = []
        barrier.wait()
        for _attempt in range(30):
            seen = api.get(f"/api/v1/deviations/{case_id}")
            answer = api.post(
                f"/api/v1/deviations/{case_id}/moves/add_measure",
                {"owner_provider": owner, "description": f"Åtgärd {index}", "due_date": due},
                **{"If-Match": seen.etag},
            )
            answers += [seen, answer]
            if answer.status != 412:  # noqa: PLR2004
                break
        return answers

    with ThreadPoolExecutor(len(clients)) as pool:
        runs = list(pool.map(one, range(len(clients)), clients))
    ok = sum(1 for run in runs if run[-1].status == 200)  # noqa: PLR2004
    return [a for run in runs for a in run], ok


def run(figures: Figures, *, port: int, cases: int) -> None:
    from django.utils import timezone

    from samsyn.parties.models import CareProvider

    reporter = Api(port, token("rapportor"))
    # Sixteen systems of the receiving provider, each with its own token (the unit handlers
    # of the demo see only their unit's cases).
    clients = [Api(port, token("handlaggare.sas", f"Övning {i}")) for i in range(CLIENTS)]
    owner = CareProvider.objects.get(name="Södra Älvsborgs Sjukhus").pk
    due = (timezone.localdate() + timezone.timedelta(days=30)).isoformat()
    for number in range(cases):
        created = reporter.post("/api/v1/deviations", report_body(f"Övningsfall {number}"))
        figures.answered([created])
        figures.check(created.status == 201, f"reporting a case answered {created.status}")  # noqa: PLR2004
        if created.status != 201:  # noqa: PLR2004
            continue
        case_id = created.body["id"]
        bodies = _bodies(case_id)
        for move in RACED:
            if move == "decide_measures":
                answers, added = _add_measures(clients, case_id, owner, due)
                figures.answered(answers)
                figures.check(added == CLIENTS, f"case {case_id}: {added}/{CLIENTS} measures added")
            answers = _race(clients, case_id, move, bodies[move])
            figures.answered(answers)
            sent = answers[1::2]
            winners = [a for a in sent if a.status == 200]  # noqa: PLR2004
            figures.check(len(winners) == 1, f"case {case_id}: {len(winners)} won {move}")
            others = {a.status for a in sent if a.status != 200}  # noqa: PLR2004
            figures.check(others <= LOSING, f"case {case_id}: {move} losers answered {others}")
            stale = [a for a in sent if a.status == 412]  # noqa: PLR2004
            figures.check(
                all("ändrats" in (a.body or {}).get("title", "") for a in stale),
                f"case {case_id}: a stale {move} has no Swedish message",
            )
        _invariants(figures, case_id)
    figures.scenarios += 1


def _invariants(figures: Figures, case_id: int) -> None:
    """The database after the races: each move once, every measure once, audit agrees."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from samsyn.audit.models import AuditEvent
    from samsyn.cases.models import Transition
    from samsyn.deviations.models import Deviation, Status
    from samsyn.deviations.workflow import DEVIATION_WORKFLOW

    deviation = Deviation.objects.get(pk=case_id)
    figures.check(deviation.status == Status.CLOSED, f"case {case_id} ended {deviation.status}")
    moves = Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(Deviation), object_id=case_id
    )
    counts = dict(moves.values_list("move").annotate(n=Count("id")).values_list("move", "n"))
    for move in RACED:
        figures.duplicated += max(0, counts.get(move, 0) - 1)
        figures.lost += 0 if counts.get(move) else 1
    descriptions = list(deviation.measures.values_list("description", flat=True))
    figures.duplicated += len(descriptions) - len(set(descriptions))
    figures.lost += len({f"Åtgärd {i}" for i in range(CLIENTS)} - set(descriptions))
    audited = AuditEvent.objects.filter(object_type="deviations.deviation", object_id=str(case_id))
    for move in RACED:
        found = DEVIATION_WORKFLOW.move(move, deviation)
        action = found.action or f"{DEVIATION_WORKFLOW.prefix}.{move}"
        in_audit = audited.filter(action=action).count()
        figures.check(in_audit == counts.get(move, 0), f"case {case_id}: {move} audit ≠ timeline")
    added = audited.filter(action="deviations.measure.added").count()
    figures.check(added == len(descriptions), f"case {case_id}: measures audit ≠ measures")
    figures.check(
        counts.get("add_measure", 0) == len(descriptions),
        f"case {case_id}: measures timeline ≠ measures",
    )
