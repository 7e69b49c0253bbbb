"""Writing generated rows in bulk: PostgreSQL COPY (psycopg 3's cursor.copy), SQLite in batches.

The generator gives each row its primary key itself (from the table's current maximum), so
rows can point at each other before anything is written; sequences are moved past them at
the end. Values arrive as the database stores them (times and dates as text, see clock.py),
so neither the driver nor Django converts them per value; on SQLite they go in with
`executemany` (bulk_create would overwrite `auto_now_add` times with the moment of writing).

For a large load into PostgreSQL, `bulk_load=True` follows the PostgreSQL manual's advice
("Populating a Database"): foreign keys, unique constraints and secondary indexes of the
written tables are dropped first and created again at the end, in the same transaction, so
every constraint is still checked, once, over all rows.
"""

import json

from django.db import connection
from django.db.models import JSONField

BATCH = 2000  # rows per executemany on SQLite


class Table:
    """Rows for one model: `add((col1, col2, …))` in the order of `columns` (attnames)."""

    def __init__(self, model, columns: list[str], first_id: int):
        self.model = model
        self.columns = columns
        self.rows: list[tuple] = []
        self.next_id = first_id
        self.written = 0
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [fields[c] for c in columns]
        self.json_positions = [i for i, f in enumerate(self.fields) if isinstance(f, JSONField)]

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def __len__(self):
        return self.written + len(self.rows)


def _json_dumped(table: Table):
    """The table's rows with JSON columns as text; every other value is already written as
    the database reads it (numbers, text, booleans, None; times and dates as text)."""
    if not table.json_positions:
        return table.rows
    dumps, positions = json.dumps, table.json_positions

    def rows():
        for row in table.rows:
            row = list(row)
            for i in positions:
                row[i] = dumps(row[i], ensure_ascii=False)
            yield row

    return rows()


class BulkWriter:
    def __init__(self, *, bulk_load: bool = False):
        self.postgres = connection.vendor == "postgresql"
        self.bulk_load = bulk_load and self.postgres
        self.tables: dict[str, Table] = {}
        self._dropped: list[tuple[str, str]] = []  # (kind, SQL to create again)

    # ---------------------------------------------------------------- tables and ids

    def table(self, model, columns: list[str]) -> Table:
        """The table for a model; ids continue after the highest id already stored."""
        key = model._meta.db_table
        if key not in self.tables:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT MAX(id) FROM "{key}"')  # noqa: S608 - our own table name
                first = (cursor.fetchone()[0] or 0) + 1
            self.tables[key] = Table(model, columns, first)
        return self.tables[key]

    # ---------------------------------------------------------------- writing

    def flush(self) -> None:
        """Write every pending row (in the order the tables were first asked for)."""
        for table in self.tables.values():
            if table.rows:
                if self.postgres:
                    self._copy(table)
                else:
                    self._insert(table)
                table.written += len(table.rows)
                table.rows = []

    def _copy(self, table: Table) -> None:
        names = ", ".join(f'"{c}"' for c in table.columns)
        with connection.cursor() as cursor:
            sql = f'COPY "{table.model._meta.db_table}" ({names}) FROM STDIN'
            with cursor.copy(sql) as copy:
                write = copy.write_row
                for row in _json_dumped(table):
                    write(row)

    def _insert(self, table: Table) -> None:
        names = ", ".join(f'"{c}"' for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        sql = f'INSERT INTO "{table.model._meta.db_table}" ({names}) VALUES ({marks})'  # noqa: S608
        prepared = _json_dumped(table)
        with connection.cursor() as cursor:
            batch = []
            for row in prepared:
                batch.append(row)
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)

    # ---------------------------------------------------------------- bulk-load mode

    def begin(self, models) -> None:
        """Before a large PostgreSQL load: drop the tables' foreign keys, unique constraints
        and secondary indexes (primary keys and CHECK constraints stay); `finish()` puts them
        back. Must run inside the transaction that writes the rows."""
        if not self.bulk_load:
            return
        tables = [m._meta.db_table for m in models]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(
                """
                SELECT c.conrelid::regclass::text, c.conname, c.contype,
                       pg_get_constraintdef(c.oid)
                FROM pg_constraint c
                WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
                ORDER BY c.contype DESC
                """,
                [tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """,
                [tables],
            )
            indexes = cursor.fetchall()
            for table, name, _kind, definition in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                self._dropped.append(
                    ("constraint", f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                )
            for name, definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
                self._dropped.append(("index", definition))

    def finish(self) -> None:
        """Flush, move each sequence past the ids used, and restore what begin() dropped:
        indexes first, then unique constraints, then foreign keys (each checks every row)."""
        self.flush()
        from django.core.management.color import no_style

        models = [t.model for t in self.tables.values()]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            for kind in ("index", "constraint"):
                for dropped_kind, sql in self._dropped:
                    if dropped_kind == kind:
                        cursor.execute(sql)
        # No ANALYZE here: autovacuum analyses the tables within a minute of a large load, and
        # the benchmark runs VACUUM ANALYZE itself.
        self._dropped = []
