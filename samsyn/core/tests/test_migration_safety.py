"""Every migration since those reviewed is safe for a database in use (issue 22 item 6)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_every_migration_since_those_reviewed_is_safe_for_a_database_in_use(tmp_path):
    # The linter asks sqlmigrate for each migration's SQL, which SQLite's schema editor will not
    # give inside a test's transaction: it runs as the command does, in a process of its own,
    # on the suite's PostgreSQL when there is one (the SQL production runs), else on SQLite.
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = f"sqlite:///{tmp_path / 'lint.sqlite3'}"
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "lint_migrations"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "Varje migrering är säker för en databas i bruk." in result.stdout
