"""A consistent backup of the whole database and its restore into an empty one (issue 22 item 4).

PostgreSQL: `pg_dump --format=custom` (one snapshot, so consistent while the app writes) and
`pg_restore --single-transaction` (all or nothing). SQLite: its online backup API
(`sqlite3.Connection.backup`), which copies a consistent image while others read and write.

The backup is written to a temporary name beside the target and renamed when complete, so a
backup that was cut off never carries the name of a finished one. A restore refuses a database
that already holds tables: it never mixes a backup with what is there.
"""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - the PostgreSQL client tools, with argument lists, never a shell
from contextlib import closing
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator."""


def _vendor(using: str) -> str:
    return connections[using].vendor


def _pg_arguments(using: str) -> tuple[list[str], dict[str, str]]:
    """The client tools' connection options and environment for the alias' database."""
    settings = connections[using].settings_dict
    arguments = ["--dbname", settings["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments += [option, str(settings[key])]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(
            gettext("{tool} is not installed (PostgreSQL's client tools).").format(tool=name)
        )
    return tool


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            gettext("{tool} failed: {error}").format(
                tool=Path(command[0]).name, error=result.stderr.strip()[-2000:]
            )
        )


def database_tables(using: str = "default") -> list[str]:
    """The tables the alias' database holds (empty for an empty database)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def database_backup(path: Path, *, using: str = "default") -> Path:
    """Writes a consistent backup of the alias' whole database to `path`."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if _vendor(using) == "postgresql":
            arguments, env = _pg_arguments(using)
            _run([_pg_tool("pg_dump"), "--format=custom", "--file", str(partial), *arguments], env)
        else:
            connection = connections[using]
            if connection.in_atomic_block:  # SQLite's backup would wait for it forever
                raise BackupError(gettext("A backup cannot be made inside a transaction."))
            connection.ensure_connection()
            with closing(sqlite3.connect(partial)) as target:
                connection.connection.backup(target)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _sqlite_backup_check(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
            source.execute("SELECT count(*) FROM django_migrations").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(
            gettext("{path} is not a Samsyn backup of an SQLite database ({error}).").format(
                path=path, error=error
            )
        ) from error


def database_restore(path: Path, *, using: str = "default") -> None:
    """Restores the backup at `path` into the alias' database, which must be empty."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(gettext("No backup file at {path}.").format(path=path))
    tables = database_tables(using)
    if tables:
        raise BackupError(
            gettext(
                "The database is not empty ({count} tables, e.g. {table}): a backup is only "
                "restored into an empty database."
            ).format(count=len(tables), table=tables[0])
        )
    connection = connections[using]
    if _vendor(using) == "postgresql":
        arguments, env = _pg_arguments(using)
        connection.close()  # pg_restore works in its own session; ours reconnects afterwards
        _run(
            [
                _pg_tool("pg_restore"),
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                *arguments,
                str(path),
            ],
            env,
        )
        return
    _sqlite_backup_check(path)
    connection.ensure_connection()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
        source.backup(connection.connection)
