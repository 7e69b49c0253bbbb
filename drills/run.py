"""`make drills` (python -m drills.run): every drill against gunicorn and a private PostgreSQL,
one summary line, and the figures in drills/results.json. `--short` is CI's shortened run."""

import argparse
import json
import sys
import time

from bench.server import REPO
from drills import concurrency, crash, restart, sqlite, sweep, twoservers, webhook
from drills.figures import Figures
from drills.stack import Stack, manage

RESULTS = REPO / "drills" / "results.json"


def _audit_chain(stack: Stack, figures: Figures) -> None:
    try:
        manage(stack.database_url, "audit_verify")
    except RuntimeError as exc:
        figures.check(False, f"the audit chain does not verify: {exc}")


def _drills(args, stack: Stack) -> list:
    """(name, drill, its arguments) in the order they run; the slow ones only in the full run."""
    port, master = stack.server.port, stack.server.process.pid
    short = args.short
    drills = [
        ("concurrency", concurrency.run, {"port": port, "cases": 1 if short else 4}),
        (
            "worker killed mid-write",
            crash.run,
            {"port": port, "master_pid": master, "rounds": 2 if short else 6},
        ),
    ]
    if not short:  # each starts processes or a server of its own: ~40-60 s apiece here
        drills += [
            ("webhook receiver down", webhook.run, {"stack": stack, "cases": 8}),
            ("two app servers", twoservers.run, {"stack": stack, "cases": 6}),
            ("sweeps twice and killed", sweep.run, {"stack": stack, "cases": 16}),
            ("SQLite, 8 people", sqlite.run, {"rounds": 12}),
        ]
    return [*drills, ("PostgreSQL restarted", restart.run, {"stack": stack})]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="CI's shortened run (< 2 minutes)")
    parser.add_argument(
        "--only", action="append", default=[], help="run this drill only (repeatable; by name)"
    )
    args = parser.parse_args(argv)
    figures = Figures()
    started = time.monotonic()
    with Stack() as stack:
        print(f"drills: stack ready in {time.monotonic() - started:.0f} s", flush=True)
        for name, drill, kwargs in _drills(args, stack):
            if args.only and name not in args.only:
                continue
            before = time.monotonic()
            try:
                drill(figures, **kwargs)
            except Exception as crash:  # noqa: BLE001 - a drill that crashes fails the run, by name
                figures.check(False, f"{name} crashed: {crash!r}")
            print(f"  {name}: {time.monotonic() - before:.0f} s", flush=True)
        _audit_chain(stack, figures)
    for failure in figures.failures:
        print(f"  FAILED: {failure}", file=sys.stderr)
    print(figures.line())
    if not args.short and not args.only:
        RESULTS.write_text(json.dumps(figures.as_json(), indent=2) + "\n")
    broken = figures.failures or figures.lost or figures.duplicated or figures.server_errors
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
