"""`make bench`: generate the county once, serve it as production does, measure, write results.

    python -m bench.run [--deviations 500000 --years 10 --seed 1] [--only name,…]
                        [--output bench/results/latest.json]

Needs PostgreSQL on 127.0.0.1:5432 (BENCH_POSTGRES=postgres://user@host:port to change).
See bench/README.md for how to read the results.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
README = REPO / "bench" / "README.md"
GENERATION_TARGET = 20_000  # deviations per second into PostgreSQL (issue 16)


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _busy_processes() -> list[str]:
    """What else used the CPU when the run started (the machine may be shared)."""
    try:
        out = subprocess.run(
            ["ps", "-eo", "pcpu,args", "--sort=-pcpu", "--no-headers"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except OSError:
        return []
    busy = []
    for line in out.splitlines()[:12]:
        cpu, _, command = line.strip().partition(" ")
        command = " ".join(command.split()[:4])[:70]  # what it is, not its arguments
        if float(cpu or 0) >= 10 and "bench.run" not in command and not command.startswith("ps"):
            busy.append(f"{command} ({cpu}% since it started)")
    return busy


def machine(load_start: tuple, busy: list[str]) -> dict:
    from django.db import connection

    postgres = size = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": _cpu(),
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgres": postgres,
        "database_size": size,
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "busy_processes_at_start": busy,
    }


def generation_figure(generation: dict) -> dict:
    rate, floor = generation.get("per_second"), generation.get("floor_seconds")
    return {
        "name": "generation into PostgreSQL",
        "deviations": generation.get("deviations"),
        "seconds": generation.get("seconds"),
        "per_second": rate,
        "restore_seconds": generation.get("restore_seconds"),
        "audit_months": generation.get("audit_months"),
        "cached": generation.get("cached"),
        # What PostgreSQL alone needs to store the same database (bench/database.py).
        "floor_seconds": floor,
        "floor_per_second": generation.get("floor_per_second"),
        "ratio": round(generation["seconds"] / floor, 2)
        if floor and generation.get("seconds")
        else None,
        "target": f"≥ {GENERATION_TARGET} deviations/s",
        "met": bool(rate) and rate >= GENERATION_TARGET,
    }


def table(document: dict) -> str:
    """The figures as a Markdown table (README and terminal)."""
    lines = [
        "| figure | p50 ms | p95 ms | floor ms | ratio | other | target | met |",
        "|---|---:|---:|---:|---:|---|---|:-:|",
    ]
    for f in document["figures"]:
        other = []
        for key, unit in (
            ("seconds", " s"),
            ("per_second", "/s"),
            ("peak_rss_mb", " MB peak"),
            ("rss_mb", " MB"),
            ("read_log_rows_added", " read-log rows"),
            ("errors", " errors"),
            ("failed", " failed"),
            ("first_page_p95_ms", " ms first page"),
            ("floor_seconds", " s floor"),
            ("floor_per_second", "/s floor"),
        ):
            value = f.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                other.append(f"{value:,}{unit}".replace(",", " "))
        for key, label in (("cpu_ms_per_request", "CPU"), ("floor_cpu_ms_per_request", "floor")):
            if f.get(key):
                spent = sum(v for v in f[key].values() if v is not None)
                other.append(f"{label} {spent:.1f} ms/request")
        if f.get("error") or (f.get("status") not in (None, 200)):
            other.append(f"status {f.get('status')}")
        cells = [
            f["name"],
            f.get("p50_ms", ""),
            f.get("p95_ms", ""),
            f.get("floor_ms", ""),
            f.get("ratio", ""),
            ", ".join(other),
            f["target"],
            "yes" if f["met"] else "no",
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def update_readme(document: dict, title: str) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = "<!-- bench:latest -->", "<!-- /bench:latest -->"
    if start not in text or end not in text:
        return
    m = document["machine"]
    rows = f"{document['rows']:,}".replace(",", " ")
    busy = "; ".join(m["busy_processes_at_start"]) or "nothing else busy"
    block = (
        f"{start}\n{title}: {document['when']}, {rows} deviations; {m['cpu']}, "
        f"{m['cores']} cores, {m['memory_gb']} GB, PostgreSQL {m['postgres']}; load "
        f"average {m['load_average_start']} at the start ({busy}).\n\n"
        f"{table(document)}\n{end}"
    )
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    README.write_text(before + block + after, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deviations", type=int, default=500_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--audit-months",
        type=int,
        default=3,
        help="months of per-move audit events (older history: one per year)",
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per page figure at most (at least 5 requests)",
    )
    parser.add_argument("--only", default="", help="comma-separated figure function names")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)

    from bench import database
    from bench.server import CpuMeter, Server, Workers

    load_start, busy = os.getloadavg(), _busy_processes()
    generation = database.prepare(
        seed=args.seed, deviations=args.deviations, years=args.years, audit_months=args.audit_months
    )
    run_url = database.clone()
    os.environ["DATABASE_URL"] = run_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from bench.client import HttpClient
    from bench.figures import bench_ids, run_figures
    from bench.measure import Bench
    from samsyn.deviations.models import Deviation

    server = Server(database_url=run_url, log_path=RESULTS / "server.log", outbox_loop=True)
    print(
        f"Serving {database.RUN} with gunicorn ({server.workers} workers × 4 threads, production "
        f"settings) on 127.0.0.1:{server.port} …"
    )
    server.start()
    try:
        bench = Bench(
            client=HttpClient("127.0.0.1", server.port),
            workers=Workers(server.process.pid),
            cpu=CpuMeter(
                server_pid=server.process.pid,
                loop_pid=server.loop.pid if server.loop else None,
                database=database.RUN,
            ),
            repeat=args.repeat,
            budget_s=args.budget,
            ids=bench_ids(),
        )
        only = {name.strip() for name in args.only.split(",") if name.strip()} or None
        figures = [generation_figure(generation), *run_figures(bench, only=only)]
        document = {
            "rows": Deviation.objects.count(),
            "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": machine(load_start, busy),
            "generation": generation,
            "figures": figures,
        }
    finally:
        server.stop()
        from django.db import connections

        connections.close_all()
        database.drop_run()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(table(document))
    met = sum(1 for f in figures if f["met"])
    print(f"\n{met} of {len(figures)} figures met their target. Written to {args.output}.")
    if args.output.name == "latest.json" and not only:
        update_readme(document, "Latest run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
