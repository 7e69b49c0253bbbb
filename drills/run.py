"""`make drills` (python -m drills.run): every drill against gunicorn and a private PostgreSQL,
one summary line, and the figures in drills/results.json. `--short` is CI's shortened run."""

import argparse
import json
import sys
import time

from bench.server import REPO
from drills import concurrency, crash, restart
from drills.figures import Figures
from drills.stack import Stack, manage

RESULTS = REPO / "drills" / "results.json"


def _audit_chain(stack: Stack, figures: Figures) -> None:
    try:
        manage(stack.database_url, "audit_verify")
    except RuntimeError as exc:
        figures.check(False, f"the audit chain does not verify: {exc}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="CI's shortened run (< 2 minutes)")
    args = parser.parse_args(argv)
    figures = Figures()
    started = time.monotonic()
    with Stack() as stack:
        print(f"drills: stack ready in {time.monotonic() - started:.0f} s", flush=True)
        for name, drill, kwargs in (
            ("concurrency", concurrency.run, {"cases": 1 if args.short else 4}),
            ("worker killed mid-write", crash.run, {"rounds": 2 if args.short else 6}),
            ("PostgreSQL restarted", restart.run, {"stack": stack}),
        ):
            before = time.monotonic()
            if name == "PostgreSQL restarted":
                drill(figures, **kwargs)
            elif name == "concurrency":
                drill(stack.server.port, figures, **kwargs)
            else:
                drill(stack.server.port, figures, master_pid=stack.server.process.pid, **kwargs)
            print(f"  {name}: {time.monotonic() - before:.0f} s", flush=True)
        _audit_chain(stack, figures)
    for failure in figures.failures:
        print(f"  FAILED: {failure}", file=sys.stderr)
    print(figures.line())
    if not args.short:
        RESULTS.write_text(json.dumps(figures.as_json(), indent=2) + "\n")
    broken = figures.failures or figures.lost or figures.duplicated or figures.server_errors
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
