"""What one report through the API costs in process: statements and Python CPU per report.

The steady measure behind the intake figure (issue 16, decision 0033): N reports posted with
Django's test client under production settings against a PostgreSQL copy of the county (it
writes cases: use a copy, never the template), then GET /api/v1/me for comparison.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samsyn_x_big \\
        nice -n 19 .venv/bin/python -m bench.intake_profile --reports 30 [--statements] [--profile]

`--statements` lists the last report's statements grouped by kind and table (the throttle's
cache and the outbox are counted apart); `--profile` prints cProfile's top functions by own
time over all the reports.
"""

import argparse
import collections
import cProfile
import json
import os
import pstats
import re
import statistics
import sys
import time

# The throttle's cache row and the outbox's sending are other changes' business: counted apart.
APART = {"samsyn_cache": "throttle cache", "api_ratewindow": "throttle", "outbox_": "outbox"}
_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE|JOIN)\s+"?([a-z0-9_]+)"?', re.IGNORECASE)


def _setup(database_url: str) -> None:
    from bench.server import production_env

    env = production_env(database_url)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.update(env)
    import django

    django.setup()


def statement_kind(sql: str) -> tuple[str, str]:
    """(kind, first table) of one statement, e.g. ("SELECT", "parties_careprovider")."""
    words = sql.split(None, 1)
    kind = words[0].upper() if words else "?"
    match = _TABLE.search(sql)
    return kind, match.group(1) if match else ""


def _apart(table: str) -> str:
    return next((label for prefix, label in APART.items() if table.startswith(prefix)), "")


def _timed(call, rounds: int):
    """[(statements, CPU ms, wall ms)] of `rounds` calls, and the last call's statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows, last = [], []
    for i in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            cpu, wall = time.process_time(), time.perf_counter()
            status = call(i)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if not 200 <= status < 300:  # noqa: PLR2004
            sys.exit(f"status {status}")
        last = [q["sql"] for q in captured.captured_queries]
        rows.append((len(last), cpu * 1000, wall * 1000))
    return rows, last


def _summary(name: str, rows) -> None:
    counts = [r[0] for r in rows]
    cpu = [r[1] for r in rows]
    wall = [r[2] for r in rows]
    print(
        f"{name}: {len(rows)} calls; statements {min(counts)}–{max(counts)} "
        f"(median {statistics.median(counts):g}); Python CPU median "
        f"{statistics.median(cpu):.1f} ms (mean {statistics.mean(cpu):.1f}); wall median "
        f"{statistics.median(wall):.1f} ms"
    )


def _grouped(statements: list[str]) -> None:
    groups = collections.Counter()
    for sql in statements:
        kind, table = statement_kind(sql)
        apart = _apart(table)
        groups[(f"[{apart}] " if apart else "") + f"{kind} {table}".strip()] += 1
    print(f"\nthe last report's {len(statements)} statements by kind and table:")
    for key, count in sorted(groups.items(), key=lambda kv: (kv[0].startswith("["), kv[0])):
        print(f"  {count:3d}  {key}")
    apart = sum(c for k, c in groups.items() if k.startswith("["))
    print(f"  (of which {apart} throttle cache / outbox, counted apart)")
    print("\nin order:")
    for i, sql in enumerate(statements, 1):
        print(f"  {i:3d}. {sql[:220]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--statements", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    _setup(os.environ["DATABASE_URL"])

    from django.test import Client

    from bench.figures import INTAKE_PATH, REPORTER, TRIVIAL_API_PATH, _intake_body, api_token_for

    body = _intake_body()
    if not body:
        sys.exit("no case to report again (is the county generated?)")
    # The newest case is reported again: after a run, one of this script's own.
    body["title"] = body["title"].split(" (profile ")[0]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(REPORTER)}")
    stamp = time.strftime("%H%M%S")

    def report(i: int) -> int:
        numbered = {**body, "title": f"{body['title']} (profile {stamp} {i + 1})"}
        return client.post(
            INTAKE_PATH, json.dumps(numbered), content_type="application/json"
        ).status_code

    def me(_i: int) -> int:
        return client.get(TRIVIAL_API_PATH).status_code

    _timed(report, args.warmup)
    _timed(me, args.warmup)
    profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall
    if profiler:
        profiler.enable()
    rows, last = _timed(report, args.reports)
    if profiler:
        profiler.disable()
    me_rows, _ = _timed(me, args.reports)
    _summary("report", rows)
    _summary("/me", me_rows)
    if args.statements:
        _grouped(last)
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(80)


if __name__ == "__main__":
    main()
