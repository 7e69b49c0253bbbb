"""An upgrade keeps every row (issue 22 item 6): a database filled by the previous release's
code (its migrations, reference data and demo data) is migrated forward by this release's
code; no table loses a row, the sampled cases keep every field they had, and the audit
chain is unbroken.

The previous release is taken from git (`git archive`) and run in a process of its own, with
this checkout's virtual environment; on SQLite always, on PostgreSQL when DATABASE_URL points at
it (CI's second run). Move PREVIOUS_RELEASE on when a release lands.
"""

import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection

from samsyn.core.tests.own_databases import ROOT, tables
from samsyn.core.tests.test_backup import SAMPLED

# main at the last release that landed (the end of the stop of 2026-11-30).
PREVIOUS_RELEASE = "89698b60915339410c155e086fb9342c4ca98eac"


def _manage(code: Path, url: str, *arguments: str) -> str:
    result = subprocess.run(  # noqa: S603 - manage.py with the test's own arguments
        [sys.executable, "manage.py", *arguments],
        cwd=code,
        env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{code.name} {arguments}: {result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture
def previous_release(tmp_path) -> Path:
    """The previous release's code, as git keeps it."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the previous release's code is not at hand")
    archive = subprocess.run(  # noqa: S603 - git with fixed arguments
        ["git", "archive", "--format=tar", PREVIOUS_RELEASE],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert archive.returncode == 0, f"git archive {PREVIOUS_RELEASE}: {archive.stderr.decode()}"
    folder = tmp_path / "previous"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _rows(cursor, table: str) -> list[dict]:
    cursor.execute(
        f'SELECT * FROM "{table}" WHERE id IN (SELECT id FROM "{table}" ORDER BY id LIMIT 10) '  # noqa: S608
        f'OR id IN (SELECT id FROM "{table}" ORDER BY id DESC LIMIT 10) ORDER BY id'
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _state(cursor, vendor: str) -> tuple[dict[str, int], dict[str, list[dict]]]:
    counts = {}
    for table in tables(cursor, vendor):
        if table != "django_migrations":
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts, {table: _rows(cursor, table) for table in SAMPLED}


def test_a_database_filled_by_the_previous_release_keeps_every_row_when_migrated_forward(
    databases, previous_release
):
    vendor = connection.vendor
    with databases.database("upgrade") as url:
        for step in (
            ["migrate", "--noinput"],
            ["load_reference_data"],
            ["load_agreement_registry"],
            ["load_demo_data"],
        ):
            _manage(previous_release, url, *step)
        with databases.cursor(url) as cursor:
            counts, samples = _state(cursor, vendor)
        _manage(ROOT, url, "migrate", "--noinput")
        assert "OK:" in _manage(ROOT, url, "audit_verify")
        with databases.cursor(url) as cursor:
            counts_after, samples_after = _state(cursor, vendor)
    # No table loses a row; Django's own bookkeeping grows with new models (content types,
    # permissions), as a data migration may add rows.
    lost = {t: (n, counts_after.get(t, 0)) for t, n in counts.items() if counts_after.get(t, 0) < n}
    assert not lost
    assert counts_after["deviations_deviation"] == counts["deviations_deviation"]
    assert counts_after["audit_auditevent"] == counts["audit_auditevent"]
    for table, rows in samples.items():
        kept = [
            {k: row[k] for k in before}
            for row, before in zip(samples_after[table], rows, strict=True)
        ]
        assert kept == rows, table
    assert counts["deviations_deviation"] > 0 and all(samples.values())
