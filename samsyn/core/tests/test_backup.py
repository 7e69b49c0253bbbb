"""backup_database and restore_database (issue 22 item 4): a backup of a filled database,
restored into an empty one, holds every row, an unbroken audit chain and the same cases.

The filled database is a copy of the test database's committed state (the reference data)
with the demo data loaded on top, in its own database: a backup is read by another session
(pg_dump), which never sees a test's uncommitted transaction. On SQLite it runs always; on
PostgreSQL when DATABASE_URL points at it (CI's second run).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from samsyn.core.tests.own_databases import ROOT, tables

SAMPLED = ("deviations_deviation", "deviations_measure", "disagreements_disagreement")


def _manage(url: str, *arguments: str) -> str:
    result = subprocess.run(  # noqa: S603 - manage.py with the test's own arguments
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{arguments}: {result.stdout}{result.stderr}"
    return result.stdout


def _snapshot(cursor, vendor: str) -> tuple[dict[str, int], dict[str, list[tuple]]]:
    """Rows per table, and the first and last cases of the sampled tables field by field."""
    counts = {}
    for table in tables(cursor, vendor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    samples = {}
    for table in SAMPLED:
        cursor.execute(
            f'SELECT * FROM "{table}" WHERE id IN (SELECT id FROM "{table}" ORDER BY id LIMIT 10) '  # noqa: S608
            f'OR id IN (SELECT id FROM "{table}" ORDER BY id DESC LIMIT 10) ORDER BY id'
        )
        samples[table] = cursor.fetchall()
    return counts, samples


@pytest.fixture(scope="module")
def seed(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """The test database's committed state (migrations and reference data) as a backup, taken
    outside any test's transaction (SQLite's backup waits for an open write transaction)."""
    path = tmp_path_factory.mktemp("seed") / "seed.backup"
    with django_db_blocker.unblock():
        call_command("backup_database", str(path))
    return path


def test_a_backup_of_a_filled_database_restores_every_row_the_chain_and_the_cases(
    databases, seed, tmp_path
):
    backup = tmp_path / "samsyn.backup"
    with databases.database("source") as source, databases.database("copy") as copy:
        _manage(source, "restore_database", str(seed))
        _manage(source, "load_demo_data")
        _manage(source, "backup_database", str(backup))
        assert "tabeller" in _manage(copy, "restore_database", str(backup))
        assert "OK:" in _manage(copy, "audit_verify")
        vendor = connection.vendor
        with databases.cursor(source) as before, databases.cursor(copy) as after:
            counts, samples = _snapshot(before, vendor)
            assert (counts, samples) == _snapshot(after, vendor)
    assert counts["deviations_deviation"] > 0
    assert counts["disagreements_disagreement"] > 0
    assert counts["audit_auditevent"] > counts["deviations_deviation"]
    assert all(samples.values())


def test_a_backup_is_only_restored_into_an_empty_database(db, seed):
    with pytest.raises(CommandError, match="tom databas"):
        call_command("restore_database", str(seed))


def test_no_backup_of_sqlite_is_made_inside_a_transaction(db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads in its own session")
    with pytest.raises(CommandError, match="transaktion"):
        call_command("backup_database", str(tmp_path / "samsyn.backup"))
    assert not list(tmp_path.iterdir())


def test_a_missing_or_foreign_file_is_refused_by_name(tmp_path, db):
    with pytest.raises(CommandError, match="missing.backup"):
        call_command("restore_database", str(tmp_path / "missing.backup"))
