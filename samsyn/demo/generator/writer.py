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

On PostgreSQL a flush is written by a second thread while the generator draws the next
months: the database parses the rows, fills the search vector and stores them on the other
core. The thread uses the same connection, so it writes inside the generator's transaction;
every query the generator itself sends waits for the flush first (a Django execute wrapper,
`writing()`), so the connection is never used by both at once.
"""

import json
import threading
import time
from contextlib import contextmanager

from django.db import connection
from django.db.models import JSONField

from samsyn.demo.bulk_load import BULK_LOAD_SETTINGS

BATCH = 2000  # rows per executemany on SQLite

# The deviations' search vector (deviations migration 0005): a trigger computes it per row, the
# Swedish to_tsvector of each text, weighted. A county of 500,000 generated cases holds a few
# tens of thousands of distinct texts, so a bulk load computes each text's vector once and
# writes the rows with the trigger off for the load (the same expression; a test compares
# every generated row with the trigger's own result). The texts are numbered in Python as
# they first appear: each staged row carries its four texts' numbers, only new texts are sent
# to be vectorised, and the rows meet their vectors by integer joins (joining and
# de-duplicating the long texts themselves in SQL took the database about twice as long).
SEARCH_VECTOR_TABLE = "deviations_deviation"
SEARCH_VECTOR_TRIGGER = "deviations_search_vector"
SEARCH_VECTOR_TEXTS = (
    ("title", "A"),
    ("description", "B"),
    ("proposed_measure", "C"),
    ("analysis", "C"),
)
STAGING = "generator_staging"
TEXT_VECTORS = "generator_text_vectors"
TEXT_NUMBER_COLUMNS = tuple(f"text_{i}" for i in range(len(SEARCH_VECTOR_TEXTS)))


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


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json_text(value) -> str:
    # Most history rows carry an empty dict: no encoder call for those.
    return "{}" if value == {} else _ENCODE(value)


def _json_dumped(rows: list, positions: list[int]):
    """The rows with JSON columns as text; every other value is already written as the
    database reads it (numbers, text, booleans, None; times and dates as text)."""
    if not positions:
        return rows
    if len(positions) == 1:
        (i,) = positions
        return ((*row[:i], _json_text(row[i]), *row[i + 1 :]) for row in rows)

    def dumped():
        for row in rows:
            row = list(row)
            for i in positions:
                row[i] = _json_text(row[i])
            yield row

    return dumped()


class BulkWriter:
    def __init__(self, *, bulk_load: bool = False):
        self.postgres = connection.vendor == "postgresql"
        self.bulk_load = bulk_load and self.postgres
        self.tables: dict[str, Table] = {}
        self._dropped: list[tuple[str, str]] = []  # (kind, SQL to create again)
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._vectors_by_text = False  # search vectors computed per distinct text (bulk load)
        self._text_numbers: dict[str, int] = {}  # each text's number in TEXT_VECTORS
        self.restore_seconds = 0.0  # finish(): sequences, indexes and constraints put back

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
        """Write every pending row (in the order the tables were first asked for). On
        PostgreSQL the rows go to the database from a second thread (see the module's
        docstring); the next flush, `finish()` or any query of the generator waits for it."""
        self.wait()
        batches = []
        for table in self.tables.values():
            if table.rows:
                batches.append((table, table.rows))
                table.written += len(table.rows)
                table.rows = []
        if not batches:
            return
        if not self.postgres:
            for table, rows in batches:
                self._insert(table, rows)
            return
        raw = connection.connection  # the transaction's own connection (psycopg)
        self._thread = threading.Thread(
            target=self._copy_all, args=(raw, batches), name="generator-copy", daemon=True
        )
        self._thread.start()

    def wait(self) -> None:
        """Until the flush under way is written; its error, if any, is raised here."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    @contextmanager
    def writing(self):
        """While generating: every query the generator sends waits for the flush under way."""

        def after_flush(execute, sql, params, many, context):
            if self._thread is not None and self._thread is not threading.current_thread():
                self.wait()
            return execute(sql, params, many, context)

        with connection.execute_wrapper(after_flush):
            try:
                yield self
            finally:
                self.wait()

    def _copy_all(self, raw, batches) -> None:
        try:
            with raw.cursor() as cursor:
                for table, rows in batches:
                    name = table.model._meta.db_table
                    if self._vectors_by_text and name == SEARCH_VECTOR_TABLE:
                        self._copy_with_search_vectors(cursor, table, rows)
                        continue
                    names = ", ".join(f'"{c}"' for c in table.columns)
                    with cursor.copy(f'COPY "{name}" ({names}) FROM STDIN') as copy:
                        write = copy.write_row
                        for row in _json_dumped(rows, table.json_positions):
                            write(row)
        except BaseException as exc:  # raised in the generator's thread by wait()
            self._failure = exc

    def _copy_with_search_vectors(self, cursor, table: Table, rows: list) -> None:
        """The deviations through the staging table, each row with its four texts' numbers;
        the texts not seen before are vectorised first (see SEARCH_VECTOR_TEXTS)."""
        positions = [table.columns.index(column) for column, _weight in SEARCH_VECTOR_TEXTS]
        numbers = self._text_numbers
        new_texts: list[str] = []
        names = ", ".join(f'"{c}"' for c in table.columns)
        staged = ", ".join((names, *TEXT_NUMBER_COLUMNS))
        with cursor.copy(f"COPY {STAGING} ({staged}) FROM STDIN") as copy:
            write = copy.write_row
            for row in _json_dumped(rows, table.json_positions):
                texts = []
                for i in positions:
                    text = row[i] or ""  # coalesce(column, ''), as the trigger
                    number = numbers.get(text)
                    if number is None:
                        number = numbers[text] = len(numbers)
                        new_texts.append(text)
                    texts.append(number)
                write((*row, *texts))
        if new_texts:
            cursor.execute(
                f"INSERT INTO {TEXT_VECTORS} (n, v) SELECT n, to_tsvector('swedish', t) "  # noqa: S608
                "FROM unnest(%s::integer[], %s::text[]) AS new (n, t)",
                [list(range(len(numbers) - len(new_texts), len(numbers))), new_texts],
            )
            cursor.execute(f"ANALYZE {TEXT_VECTORS}")
        _insert_with_search_vectors(cursor, names)

    def _insert(self, table: Table, rows: list) -> None:
        names = ", ".join(f'"{c}"' for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        sql = f'INSERT INTO "{table.model._meta.db_table}" ({names}) VALUES ({marks})'  # noqa: S608
        prepared = _json_dumped(rows, table.json_positions)
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
        self.wait()
        if not self.bulk_load:
            return
        tables = [m._meta.db_table for m in models]
        with connection.cursor() as cursor:
            for name, value in BULK_LOAD_SETTINGS.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])  # SET LOCAL
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
            if SEARCH_VECTOR_TABLE in tables:
                self._vectors_by_text = _begin_vectors_by_text(cursor)
                self._text_numbers = {}
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
        self.wait()
        started = time.perf_counter()
        from django.core.management.color import no_style

        models = [t.model for t in self.tables.values()]
        with connection.cursor() as cursor:
            if self._vectors_by_text:
                cursor.execute(
                    f"ALTER TABLE {SEARCH_VECTOR_TABLE} ENABLE TRIGGER {SEARCH_VECTOR_TRIGGER}"
                )
                self._vectors_by_text = False
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            for kind in ("index", "constraint"):
                for dropped_kind, sql in self._dropped:
                    if dropped_kind == kind:
                        cursor.execute(sql)
        # No ANALYZE here: autovacuum analyses the tables within a minute of a large load, and
        # the benchmark runs VACUUM ANALYZE itself.
        self._dropped = []
        self.restore_seconds = time.perf_counter() - started


def _begin_vectors_by_text(cursor) -> bool:
    """Switch the search-vector trigger off for this load (inside its transaction) and make
    the load's temporary tables; False when the database has no such trigger."""
    cursor.execute(
        "SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = %s",
        [SEARCH_VECTOR_TABLE, SEARCH_VECTOR_TRIGGER],
    )
    if cursor.fetchone() is None:
        return False
    cursor.execute(f"ALTER TABLE {SEARCH_VECTOR_TABLE} DISABLE TRIGGER {SEARCH_VECTOR_TRIGGER}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGING} (LIKE {SEARCH_VECTOR_TABLE} INCLUDING DEFAULTS) "
        "ON COMMIT DROP"
    )
    numbers = ", ".join(f"ADD COLUMN {column} integer NOT NULL" for column in TEXT_NUMBER_COLUMNS)
    cursor.execute(f"ALTER TABLE {STAGING} {numbers}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {TEXT_VECTORS} (n integer PRIMARY KEY, v tsvector NOT NULL) "
        "ON COMMIT DROP"
    )
    return True


def _insert_with_search_vectors(cursor, names: str) -> None:
    """The staged rows into the deviations table with their search vectors, each row's vector
    joined from its texts' by their numbers (in id order, as COPY would have stored them)."""
    joins = " ".join(
        f"JOIN {TEXT_VECTORS} v{i} ON v{i}.n = s.{number}"
        for i, number in enumerate(TEXT_NUMBER_COLUMNS)
    )
    vector = " || ".join(
        f"setweight(v{i}.v, '{weight}')" for i, (_column, weight) in enumerate(SEARCH_VECTOR_TEXTS)
    )
    selected = ", ".join(f"s.{name}" for name in names.split(", "))
    cursor.execute(
        f"""
        INSERT INTO {SEARCH_VECTOR_TABLE} ({names}, search_vector)
        SELECT {selected}, {vector} FROM {STAGING} s {joins} ORDER BY s.id
        """  # noqa: S608 - our own table and column names
    )
    cursor.execute(f"TRUNCATE {STAGING}")
