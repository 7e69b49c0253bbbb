"""Databases of a test's own, beside the test database: for what another process must see
(pg_dump, a previous release's code), which a test's uncommitted transaction never shows.
The `databases` fixture (samsyn/core/tests/conftest.py) gives the right kind for the suite's
database."""

import os
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


class SQLiteDatabases:
    """Databases of a test's own on SQLite: files in its folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    @contextmanager
    def database(self, name: str):
        yield f"sqlite:///{self.folder / f'{name}.sqlite3'}"

    @contextmanager
    def cursor(self, url: str):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as raw:
            yield raw.cursor()


class PostgreSQLDatabases:
    """Databases of a test's own on the suite's PostgreSQL server, dropped afterwards."""

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


def tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [name for (name,) in cursor.fetchall() if not name.startswith("sqlite_")]
