"""How much memory the history import needs for a large file (issue 21 item 5: "a 200,000-row
file imports without loading it whole into memory"); bench/README.md, docs/history-import.md.

    .venv/bin/python -m bench.history_import_memory --rows 20000 --rows 200000

For each size: a fresh SQLite database under /tmp (migrate, load_reference_data,
load_agreement_registry, load_demo_data as `make run` does: the demo gives the county
administrator `lansadmin` and the profile "MedControl PRO"), a CSV in the layout of
docs/samples/medcontrol-pro-exempel.csv with that many varied, valid rows, then
`import_history` as a dry run and with --commit, each in its own process. It prints each
run's wall time and peak resident set (the child's ru_maxrss from wait4) as JSON. The peak
should not grow with the row count: the file streams and the report keeps at most 1,000 rows.
"""

import argparse
import csv
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADERS = [
    "ÄrendeID",
    "Avsändare",
    "Mottagare",
    "Datum händelse",
    "Reg.datum",
    "Avslutsdatum",
    "Rubrik",
    "Händelsebeskrivning",
    "Rutin",
    "Händelsekategori",
    "Vårdskada",
    "Konsekvens verksamhet",
]
# The sample's words (mapped by the profile) and Samsyn's own names (taken as they are).
PROVIDERS = ["Borås Stad", "SÄS"]
DOCUMENTS = ["Läkaransvar", "OK-LAKARANSVAR"]
CATEGORIES = ["Läkemedel", "Utskrivning", "Läkemedel i vårdens övergångar", "In- och utskrivning"]
HARM = ["Ingen skada", "Ingen", ""]  # empty: "not recorded"
ORGANISATION = ["Merarbete", ""]
TITLES = [
    "Fel dos i läkemedelslistan",
    "Ingen kontakt inför utskrivning",
    "Saknad läkemedelsberättelse",
    "Sen överrapportering",
    "Hjälpmedel följde inte med",
    "Oklart vem som ansvarar för uppföljningen",
]
DESCRIPTIONS = [
    "Dosen i listan stämde inte med ordinationen.",
    "Kommunen fick inget meddelande före utskrivningen.",
    "Patienten kom hem utan aktuell läkemedelslista; sjuksköterskan fick ringa avdelningen.",
    "Överrapporteringen kom två dagar efter hemgång, så insatserna startade sent.",
    "Rullatorn och duschstolen saknades när patienten kom hem till särskilt boende.",
]


def write_file(path: Path, rows: int, seed: int = 1) -> None:
    """A CSV like MedControl PRO's export: `rows` closed cases between two providers."""
    pick = random.Random(seed).choice  # noqa: S311 (test data, not secrets)
    first = datetime.date(2019, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADERS)
        for n in range(rows):
            event = first + datetime.timedelta(days=n % 1800)
            reporter = pick(PROVIDERS)
            counterpart = PROVIDERS[1 - PROVIDERS.index(reporter)]
            writer.writerow(
                [
                    100000 + n,
                    reporter,
                    counterpart,
                    event.isoformat(),
                    (event + datetime.timedelta(days=n % 3)).isoformat(),
                    (event + datetime.timedelta(days=10 + n % 60)).isoformat(),
                    f"{pick(TITLES)} ({n % 97 + 1})",
                    f"{pick(DESCRIPTIONS)} Händelse nr {n}.",
                    pick(DOCUMENTS),
                    pick(CATEGORIES),
                    pick(HARM),
                    pick(ORGANISATION),
                ]
            )


def measured(command: list[str], env: dict) -> dict:
    """Run a child process; its wall time, its CPU time and peak resident set (wait4's
    ru_utime + ru_stime and ru_maxrss, in KiB on Linux), its resident set every few seconds
    beside the rows it had read by then (the command's progress line), and the last lines it
    wrote."""
    started = time.monotonic()
    with tempfile.NamedTemporaryFile() as out, tempfile.NamedTemporaryFile() as err:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err, cwd=ROOT)  # noqa: S603
        samples = []
        while (done := os.wait4(child.pid, os.WNOHANG))[0] == 0:
            samples.append([_rows_read(err.name), _rss_mb(child.pid)])
            time.sleep(SAMPLE_SECONDS)
        _pid, status, usage = done
        seconds = time.monotonic() - started
        stdout, stderr = Path(out.name).read_text(), Path(err.name).read_text()
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        # The child's own CPU time: on a machine shared with other work, the wall time says
        # as much about the others as about the import.
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "exit": os.waitstatus_to_exitcode(status),
        "rows_read_and_rss_mb": samples[:: max(1, len(samples) // 12)],
        "stdout": stdout.strip().splitlines()[-1:],
        "stderr": [line for line in stderr.replace("\r", "\n").splitlines() if line][-2:],
    }


SAMPLE_SECONDS = 2


def _rows_read(path: str) -> int:
    """The rows the command says it has read ("12300 rader lästa"), from its last line."""
    lines = Path(path).read_text(errors="replace").replace("\r", "\n").split()
    numbers = [word for word in lines if word.isdigit()]
    return int(numbers[-1]) if numbers else 0


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    kib = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")), "0")
    return round(int(kib) / 1024, 1)


def manage(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def _loaded(env: dict) -> dict:
    """Load the database `env` points at as `make run` does; the environment."""
    env.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")
    for step in (
        ["migrate", "--noinput"],
        ["load_reference_data"],
        ["load_agreement_registry"],
        ["load_demo_data"],
    ):
        subprocess.run(manage(*step), env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    return env


def database(directory: Path) -> dict:
    """A fresh SQLite database with what `make run` loads; the environment that points at it."""
    return _loaded({**os.environ, "DATABASE_URL": f"sqlite:///{directory / 'samsyn.sqlite3'}"})


def postgres_database(name: str) -> dict:
    """A fresh PostgreSQL database `name` on BENCH_POSTGRES's server (bench/database.py),
    loaded as `database()` loads SQLite; the environment that points at it."""
    from bench.database import _admin, url

    _admin("DROP DATABASE IF EXISTS {}", name)
    _admin("CREATE DATABASE {}", name)
    return _loaded({**os.environ, "DATABASE_URL": url(name)})


def imported_counts(env: dict) -> dict:
    """What the import left: the imported cases, their events in the trail, the chain whole."""
    script = (
        "from samsyn.deviations.models import Deviation;"
        "from samsyn.audit.models import AuditEvent;"
        "from samsyn.audit.selectors import audit_chain_verify;"
        "import json;"
        "print(json.dumps({'imported_cases': Deviation.objects.exclude(import_source='').count(),"
        "'import_events': AuditEvent.objects.filter(action='deviations.deviation.imported')"
        ".count(), 'chain_ok': audit_chain_verify().ok}))"
    )
    out = subprocess.run(  # noqa: S603
        manage("shell", "-c", script), env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_size(rows: int, postgres: str = "", again: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="samsyn-history-bench-", dir="/tmp") as name:
        directory = Path(name)
        env = postgres_database(postgres) if postgres else database(directory)
        file = directory / "historik.csv"
        write_file(file, rows)
        command = manage(
            "import_history", str(file), "--profile", "MedControl PRO", "--user", "lansadmin"
        )
        result = {
            "rows": rows,
            "database": "postgresql" if postgres else "sqlite",
            "file_mb": round(file.stat().st_size / 2**20, 1),
            "dry_run": measured(command, env),
            "import": measured([*command, "--commit"], env),
        }
        for run in ("dry_run", "import"):
            result[run]["rows_per_second"] = round(rows / result[run]["seconds"], 1)
            cpu = result[run]["cpu_seconds"]
            result[run]["rows_per_cpu_second"] = round(rows / cpu, 1) if cpu else None
        result["after_import"] = imported_counts(env)
        if again:  # the same file imported again: every row there already, nothing added
            result["import_again"] = measured([*command, "--commit"], env)
            result["after_import_again"] = imported_counts(env)
        result["load_average"] = [round(x, 2) for x in os.getloadavg()]
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable)")
    parser.add_argument(
        "--postgres",
        default="",
        help="a database name on BENCH_POSTGRES's server, made afresh (default: SQLite)",
    )
    parser.add_argument("--again", action="store_true", help="then import the same file again")
    parser.add_argument("--out", help="also append each size's JSON line to this file")
    arguments = parser.parse_args()
    for rows in arguments.rows or [20000, 200000]:
        line = json.dumps(one_size(rows, arguments.postgres, arguments.again), ensure_ascii=False)
        print(line, flush=True)  # noqa: T201
        if arguments.out:
            with Path(arguments.out).open("a", encoding="utf-8") as out:
                out.write(line + "\n")


if __name__ == "__main__":
    main()
