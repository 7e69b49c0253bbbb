"""backup_database and restore_database (issue 22 item 4): a backup of a filled database,
restored into an empty one, holds every row, an unbroken audit chain and the same cases.

The filled database is a copy of the test database's committed state (the reference data)
with the demo data loaded on top, in its own database: a backup is read by another session
(pg_dump), which never sees a test's uncommitted transaction. On SQLite it runs always; on
PostgreSQL when DATABASE_URL points at it (CI's second run).
"""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(settings.BASE_DIR)
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


class _SQLite:
    def __init__(self, folder: Path):
        self.folder = folder

    @contextmanager
    def database(self, name: str):
        yield f"sqlite:///{self.folder / f'{name}.sqlite3'}"

    @contextmanager
    def cursor(self, url: str):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as raw:
            yield raw.cursor()


class _PostgreSQL:
    def __init__(self):
        import psycopg

        self.psycopg = psycopg
        self.settings = connection.settings_dict
        self.prefix = f"test_samsyn_backup_{os.getpid()}"

    def _conninfo(self, name: str) -> str:
        s = self.settings
        return self.psycopg.conninfo.make_conninfo(
            dbname=name, host=s["HOST"], port=s["PORT"], user=s["USER"], password=s["PASSWORD"]
        )

    @contextmanager
    def database(self, name: str):
        name = f"{self.prefix}_{name}"
        with self.psycopg.connect(self._conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
            try:
                s = self.settings
                yield f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"
            finally:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextmanager
    def cursor(self, url: str):
        with self.psycopg.connect(self._conninfo(url.rsplit("/", 1)[1])) as raw:
            yield raw.cursor()


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [name for (name,) in cursor.fetchall() if not name.startswith("sqlite_")]


def _snapshot(cursor, vendor: str) -> tuple[dict[str, int], dict[str, list[tuple]]]:
    """Rows per table, and the first and last cases of the sampled tables field by field."""
    counts = {}
    for table in _tables(cursor, vendor):
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


@pytest.fixture
def databases(db, tmp_path):
    if connection.vendor == "postgresql":
        return _PostgreSQL()
    return _SQLite(tmp_path)


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
