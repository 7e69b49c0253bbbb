"""The benchmark's PostgreSQL databases: a template generated once per seed, cloned per run.

`samsyn_bench` holds the county (reference data, the registry, the demo people, and the
generated cases); it is generated only when it does not already hold data of the same seed,
size and period. Each run measures on `samsyn_bench_run`, a fresh copy (CREATE DATABASE …
TEMPLATE), because measuring writes: every case page adds to the read log, and today an export
adds a read-log row per case.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

from samsyn.demo.bulk_load import BULK_LOAD_SETTINGS
from samsyn.demo.generator_version import GENERATOR_VERSION

REPO = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
TEMPLATE = os.environ.get("BENCH_DATABASE", "samsyn_bench")
RUN = f"{TEMPLATE}_run"
FLOOR = f"{TEMPLATE}_floor"
GENERATED = "demo.county_data.generated"


def url(name: str) -> str:
    return f"{SERVER}/{name}"


def _admin(statement: str, name: str) -> None:
    with psycopg.connect(url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


def _exists(name: str) -> bool:
    with psycopg.connect(url("postgres"), autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def _marker(name: str) -> dict | None:
    """The generation recorded in the database's audit trail, if any."""
    try:
        with psycopg.connect(url(name)) as conn:
            row = conn.execute(
                "SELECT data FROM audit_auditevent WHERE action = %s ORDER BY id DESC LIMIT 1",
                [GENERATED],
            ).fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    return row[0] if row else None


def _manage(name: str, *args: str, log=print) -> str:
    env = {**os.environ, "DATABASE_URL": url(name), "DJANGO_SETTINGS_MODULE": "samsyn.settings"}
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(*, seed: int, deviations: int, years: int, audit_months: int, log=print) -> dict:
    """Make sure the template holds this seed's county; generate it only if not. Returns what
    is known about the generation (its speed, or that it was already there)."""
    # A county made by an older generator (other rows for the same seed) is made again.
    wanted = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "deviations": deviations,
        "years": years,
    }
    marker = _marker(TEMPLATE) if _exists(TEMPLATE) else None
    if marker is not None and all(marker.get(k) == v for k, v in wanted.items()):
        log(f"{TEMPLATE} holds seed {seed} ({deviations} deviations): not generated again.")
        _manage(TEMPLATE, "migrate", "--noinput")  # the schema of this checkout
        saved = _saved_generation(wanted)
        if saved.get("seconds") and "floor_seconds" not in saved:
            # This county was generated before its floor was measured: measured now, once.
            floor = generation_floor(deviations, log=log)
            if floor:
                _save_generation({**json.loads(GENERATION_FILE.read_text()), **floor})
                saved.update(floor)
        return {"cached": True, **wanted, **saved}
    if _exists(TEMPLATE):
        _admin("DROP DATABASE {} WITH (FORCE)", TEMPLATE)
    _admin("CREATE DATABASE {}", TEMPLATE)
    log(f"Preparing {TEMPLATE}: migrations, reference data, registry, demo people …")
    _manage(TEMPLATE, "migrate", "--noinput")
    _manage(TEMPLATE, "load_reference_data")
    _manage(TEMPLATE, "load_agreement_registry")
    _manage(TEMPLATE, "load_demo_data", "--without-cases", "--allow-without-debug")
    log(f"Generating {deviations} deviations over {years} years (seed {seed}) …")
    started = time.perf_counter()
    out = _manage(
        TEMPLATE,
        "generate_county_data",
        f"--deviations={deviations}",
        f"--years={years}",
        f"--seed={seed}",
        f"--audit-months={audit_months}",
        "--allow-without-debug",
    )
    seconds = time.perf_counter() - started
    match = re.search(r"på ([\d.]+) s", out)
    inner = float(match.group(1)) if match else seconds
    restore = re.search(r"återskapade på ([\d.]+) s", out)
    generation = {
        "cached": False,
        **wanted,
        "seconds": round(inner, 1),
        "per_second": round(deviations / inner),
        "audit_months": audit_months,
        # Of `seconds`: the indexes and constraints put back after the bulk load.
        "restore_seconds": float(restore.group(1)) if restore else None,
        "command_seconds": round(seconds, 1),
        "output": out.strip().splitlines()[-1],
    }
    _save_generation(generation)
    log(f"  {generation['output']}")
    _manage(TEMPLATE, "audit_verify")
    with psycopg.connect(url(TEMPLATE), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    generation.update(generation_floor(deviations, log=log))
    _save_generation(generation)
    return generation


def generation_floor(deviations: int, *, log=print) -> dict:
    """The generation's floor: what PostgreSQL alone needs to store the generated database.

    The template is dumped (pg_dump, directory format, uncompressed) and the dump restored
    into an empty database by pg_restore with two jobs, timed, under the settings the
    generator's own load takes (RESTORE_OPTIONS): the same tables, rows, search vectors,
    indexes and constraints, with no Python making them and both cores for the database.
    Nothing when pg_dump or pg_restore is not on this machine or anything fails (said so).
    """
    dump, restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if not dump or not restore:
        log("  No pg_dump/pg_restore here: the generation's floor is not measured.")
        return {}
    log(f"Measuring the generation's floor: {TEMPLATE} dumped and restored by pg_restore …")
    try:
        seconds = _dumped_and_restored(dump, restore)
    except subprocess.CalledProcessError as exc:
        log(f"  The floor was not measured: {exc.stderr.strip()[-500:]}")
        return {}
    except (psycopg.Error, OSError) as exc:
        log(f"  The floor was not measured: {exc}")
        return {}
    floor = {"floor_seconds": round(seconds, 1), "floor_per_second": round(deviations / seconds)}
    log(f"  pg_restore: {floor['floor_seconds']} s ({floor['floor_per_second']} deviations/s)")
    return floor


# The generator's bulk load runs with these: its floor is measured under the same.
RESTORE_OPTIONS = " ".join(f"-c {name}={value}" for name, value in BULK_LOAD_SETTINGS.items())


def _dumped_and_restored(dump: str, restore: str) -> float:
    """Seconds pg_restore took to restore a dump of the template into FLOOR (dropped after)."""
    with tempfile.TemporaryDirectory(prefix="samsyn-bench-floor-") as folder:
        target = str(Path(folder) / "dump")
        _run([dump, "--format=directory", "--compress=0", "--jobs=2", "-f", target, url(TEMPLATE)])
        _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", FLOOR)
        _admin("CREATE DATABASE {}", FLOOR)
        try:
            started = time.perf_counter()
            _run(
                [restore, "--jobs=2", "--no-owner", "--dbname", url(FLOOR), target],
                env={**os.environ, "PGOPTIONS": RESTORE_OPTIONS},
            )
            return time.perf_counter() - started
        finally:
            _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", FLOOR)


def _run(command: list[str], env: dict | None = None) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True, env=env)  # noqa: S603


GENERATION_FILE = REPO / "bench" / "results" / "generation.json"


def _save_generation(generation: dict) -> None:
    GENERATION_FILE.parent.mkdir(parents=True, exist_ok=True)
    GENERATION_FILE.write_text(json.dumps(generation, indent=2, ensure_ascii=False) + "\n")


def _saved_generation(wanted: dict) -> dict:
    """What the saved generation measured, if it was this county's (seed, size, generator)."""
    try:
        saved = json.loads(GENERATION_FILE.read_text())
    except (OSError, ValueError):
        return {}
    if any(saved.get(k) != v for k, v in wanted.items()):
        return {}
    kept = (
        "seconds",
        "per_second",
        "restore_seconds",
        "audit_months",
        "floor_seconds",
        "floor_per_second",
    )
    return {k: saved[k] for k in kept if k in saved}


def clone() -> str:
    """A fresh copy of the template to measure on; returns its URL."""
    _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", RUN)
    with psycopg.connect(url("postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(RUN), sql.Identifier(TEMPLATE)
            )
        )
    return url(RUN)


def drop_run() -> None:
    _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", RUN)
