"""The staging table, one per import, and the few SQL spellings that differ per engine.

PostgreSQL: a TEMP table filled with COPY (psycopg 3 ``cursor.copy``).
SQLite: a TEMP table in the same connection filled with ``executemany``.
Both live only as long as the import (and the database session): a crash or
kill -9 while staging leaves nothing behind in the register.
"""

# ruff: noqa: S608 - table names in the SQL are generated identifiers, values are parameters

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from tangguh.core.importing.spec import ImportSpec


class Dialect:
    """What the merge needs to know about the engine; one small subclass per engine."""

    vendor = ""
    greatest = "GREATEST"

    def __init__(self, connection: BaseDatabaseWrapper, spec: ImportSpec) -> None:
        self.connection = connection
        self.spec = spec
        # The staging table's columns (the spec's), and those typed as dates.
        self.columns = spec.stage_columns
        self.dates = frozenset(spec.date_fields())
        suffix = uuid.uuid4().hex[:12]
        self.stage = f"tangguh_stage_{suffix}"
        self.plan = f"tangguh_plan_{suffix}"
        self.units = f"tangguh_units_{suffix}"
        self.positions = f"tangguh_positions_{suffix}"

    # --- values --------------------------------------------------------------
    def date(self, value: date) -> Any:
        return self.connection.ops.adapt_datefield_value(value)

    def timestamp(self, value: datetime) -> Any:
        return self.connection.ops.adapt_datetimefield_value(value)

    def json_object(self, pairs: Sequence[tuple[str, str]]) -> str:
        raise NotImplementedError

    # --- staging ---------------------------------------------------------------
    def create_stage(self) -> None:
        raise NotImplementedError

    def load(self, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def load_frame(self, frame: Any) -> None:
        """Stage a polars frame with the staging columns (the column-wise path)."""
        self.load(list(frame.select(self.columns).iter_rows()))

    def finish_load(self) -> None:
        """Called once every row is staged (statistics, indexes)."""

    def table_size(self, table: str) -> int | None:
        """About how many rows ``table`` holds, cheaply; None when unknown."""
        return None

    def delete_staged(self, row_nos: Sequence[int]) -> int:
        """Remove the rejected rows (``NOT ok``) and the rows ``row_nos`` from the stage."""
        raise NotImplementedError

    def create_plan(self) -> None:
        raise NotImplementedError

    def load_labels(self, units: Any, positions: Any) -> None:
        """The distinct ``(inst, unit)`` and ``(inst, name, kind)`` of the staged rows, as
        the temp tables :attr:`units` and :attr:`positions` (polars frames in)."""
        self.execute(f"CREATE TEMP TABLE {self.units} (inst bigint, unit text)")
        self.execute(f"CREATE TEMP TABLE {self.positions} (inst bigint, name text, kind text)")
        with self.connection.cursor() as cursor:
            for table, frame in ((self.units, units), (self.positions, positions)):
                if frame.height:
                    marks = ", ".join("%s" for _ in frame.columns)
                    cursor.executemany(
                        f"INSERT INTO {table} VALUES ({marks})", list(frame.iter_rows())
                    )

    def lock(self) -> None:
        """Serialise merges: two imports must not insert the same NIP at once."""

    def tune(self) -> None:
        """Engine settings for one bulk import (undone by :meth:`drop`)."""

    def drop(self) -> None:
        self.untune()
        with self.connection.cursor() as cursor:
            for table in (self.plan, self.stage, self.units, self.positions):
                # If this fails the session's end takes the temp table with it.
                with contextlib.suppress(Exception):
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def untune(self) -> None:
        pass

    def analyze(self, *tables: str) -> None:
        """Fresh planner statistics for tables that just grew a lot."""

    def bulk_insert(
        self, tables: Sequence[str], rows: int
    ) -> contextlib.AbstractContextManager[Any]:
        """Where the engine has a faster way to insert ``rows`` rows into ``tables``, that way."""
        return contextlib.nullcontext()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class SQLiteDialect(Dialect):
    vendor = "sqlite"
    greatest = "MAX"
    # The default page cache (2 MB) makes every index insert of a big merge a read.
    CACHE_KIB = 128 * 1024
    _saved_cache: int | None = None

    def tune(self) -> None:
        self._saved_cache = self.fetch("PRAGMA cache_size")[0][0]
        self.execute(f"PRAGMA cache_size = -{self.CACHE_KIB}")

    def untune(self) -> None:
        if self._saved_cache is not None:
            self.execute(f"PRAGMA cache_size = {int(self._saved_cache)}")
            self._saved_cache = None

    # Same rule as PostgreSQL's bulk path, but only into an empty register: SQLite has
    # no cheap estimate of how many staged rows are new.
    BULK_MIN_ROWS = 20_000
    BUILD_CACHE_KIB = 32 * 1024

    def bulk_insert(
        self, tables: Sequence[str], rows: int
    ) -> contextlib.AbstractContextManager[Any]:
        """Into an empty register, build the secondary indexes once, after the insert.

        Row by row, every new row descends each index of ``tables`` at a place its
        values pick (the names: anywhere), a page-cache miss once an index outgrows
        the cache; ``CREATE INDEX`` sorts instead. The unique keys stay: the insert
        looks NIPs up in them. DDL is transactional in SQLite: the merge's
        transaction either ends with every index back or rolls the drop back.
        """
        if rows < self.BULK_MIN_ROWS or any(
            self.fetch(f"SELECT 1 FROM {table} LIMIT 1") for table in tables
        ):
            return contextlib.nullcontext()
        return self._rebuilt_after(tables)

    @contextlib.contextmanager
    def _rebuilt_after(self, tables: Sequence[str]) -> Iterator[None]:
        marks = ", ".join("%s" for _ in tables)
        indexes = self.fetch(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%%' ORDER BY name",
            list(tables),
        )
        for name, _sql in indexes:
            self.execute(f'DROP INDEX "{name}"')
        yield
        # The sorts spill to temporary files beyond the page cache; a smaller cache here
        # is both faster and leaner (4.3 M employees: 16.8 s and 274 MB resident with
        # 128 MB of cache, 14.6 s and 78 MB with 32 MB).
        saved = self.fetch("PRAGMA cache_size")[0][0]
        self.execute(f"PRAGMA cache_size = -{self.BUILD_CACHE_KIB}")
        try:
            for _name, sql in indexes:
                self.execute(sql)
        finally:
            self.execute(f"PRAGMA cache_size = {int(saved)}")

    def json_object(self, pairs: Sequence[tuple[str, str]]) -> str:
        return "json_object(" + ", ".join(f"'{k}', {v}" for k, v in pairs) + ")"

    def create_stage(self) -> None:
        columns = ", ".join(
            "row_no INTEGER PRIMARY KEY"
            if c == "row_no"
            else f"{c} {'INTEGER' if c in ('ok', 'inst') else 'TEXT'}"
            for c in self.columns
        )
        self.execute(f"CREATE TEMP TABLE {self.stage} ({columns})")
        marks = ", ".join("%s" for _ in self.columns)
        self._insert = f"INSERT INTO {self.stage} VALUES ({marks})"

    def load(self, rows: list[tuple[Any, ...]]) -> None:
        # Outside a transaction, a raw SAVEPOINT opens a deferred one: it writes only
        # the temp database, so other writers of the register are not blocked.
        own = not self.connection.in_atomic_block
        with self.connection.cursor() as cursor:
            if own:
                cursor.execute("SAVEPOINT tangguh_stage")
            try:
                cursor.executemany(self._insert, rows)
            except BaseException:
                if own:
                    cursor.execute("ROLLBACK TO tangguh_stage")
                    cursor.execute("RELEASE tangguh_stage")
                raise
            if own:
                cursor.execute("RELEASE tangguh_stage")

    def table_size(self, table: str) -> int | None:
        # The largest id: the rows ever inserted, an upper bound read from the end of the key.
        return int(self.fetch(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0])

    def delete_staged(self, row_nos: Sequence[int]) -> int:
        return self.execute(
            f"DELETE FROM {self.stage} WHERE NOT ok OR row_no IN (SELECT value FROM json_each(%s))",
            [json.dumps(list(row_nos))],
        )

    def create_plan(self) -> None:
        self.execute(
            f"CREATE TEMP TABLE {self.plan} "
            "(row_no INTEGER PRIMARY KEY, emp_id INTEGER NOT NULL, action TEXT NOT NULL, valid_from TEXT, "
            "opens INTEGER)"
        )


_PG_TYPES = {"row_no": "integer", "ok": "boolean", "inst": "bigint"}


class PostgreSQLDialect(Dialect):
    vendor = "postgresql"
    # Any constant works; all imports share it so their merges never interleave.
    LOCK_KEY = 0x7A6E_6775_6868

    def json_object(self, pairs: Sequence[tuple[str, str]]) -> str:
        return "jsonb_build_object(" + ", ".join(f"'{k}', {v}" for k, v in pairs) + ")"

    def date(self, value: date) -> Any:
        return value

    def create_stage(self) -> None:
        key = self.spec.key.key
        # The key in the collation the record's column has (the register's NIP: "C",
        # migration 0004, compared byte by byte).
        collation = self.spec.key_collation
        types = {
            **dict.fromkeys(self.dates, "date"),
            **_PG_TYPES,
            key: f'text COLLATE "{collation}"' if collation else "text",
        }
        columns = ", ".join(f"{c} {types.get(c, 'text')}" for c in self.columns)
        self.execute(f"CREATE TEMP TABLE {self.stage} ({columns})")

    def load(self, rows: list[tuple[Any, ...]]) -> None:
        self._wait()
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {self.stage} ({', '.join(self.columns)}) FROM STDIN") as copy:
                write = copy.write_row
                for row in rows:
                    write(row)

    # The column-wise path stages a block while the next one is validated: the COPY
    # runs in one worker thread (the server's work happens in its own process), and
    # every other use of the connection waits for it first (:meth:`_wait`).
    _copier: ThreadPoolExecutor | None = None
    _copying: Future[None] | None = None

    def load_frame(self, frame: Any) -> None:
        self._wait()
        if self._copier is None:
            self._copier = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tangguh-copy")
        # The psycopg connection itself (thread-safe), not Django's per-thread wrapper.
        self.connection.ensure_connection()
        self._copying = self._copier.submit(self._copy_frame, self.connection.connection, frame)

    def _copy_frame(self, raw_connection: Any, frame: Any) -> None:
        # polars writes the CSV in Rust: no Python object per cell. No staged text is
        # empty (empty cells are NULL), so the unquoted empty field is NULL.
        data = frame.select(self.columns).write_csv(include_header=False, null_value="")
        sql = f"COPY {self.stage} ({', '.join(self.columns)}) FROM STDIN (FORMAT csv)"
        with raw_connection.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(data)

    def _wait(self) -> None:
        """Let the block being copied finish; its error, if any, is raised here."""
        copying, self._copying = self._copying, None
        if copying is not None:
            copying.result()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._wait()
        return super().execute(sql, params)

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self._wait()
        return super().fetch(sql, params)

    def drop(self) -> None:
        with contextlib.suppress(Exception):
            self._wait()  # an error of the copy was raised already, or is moot now
        if self._copier is not None:
            self._copier.shutdown(wait=True)
            self._copier = None
        super().drop()

    def finish_load(self) -> None:
        # Temp tables get no autovacuum statistics: without them the planner guesses badly.
        self.execute(f"ANALYZE {self.stage}")

    def table_size(self, table: str) -> int | None:
        # The planner's estimate; -1 before the first VACUUM or ANALYZE: then count.
        estimate = self.fetch("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        if estimate and estimate[0][0] >= 0:
            return int(estimate[0][0])
        return int(self.fetch(f"SELECT COUNT(*) FROM {table}")[0][0])

    def delete_staged(self, row_nos: Sequence[int]) -> int:
        return self.execute(
            f"DELETE FROM {self.stage} WHERE NOT ok OR row_no = ANY(%s::integer[])",
            [list(row_nos)],
        )

    def load_labels(self, units: Any, positions: Any) -> None:
        self.execute(f"CREATE TEMP TABLE {self.units} (inst bigint, unit text)")
        self.execute(f"CREATE TEMP TABLE {self.positions} (inst bigint, name text, kind text)")
        with self.connection.cursor() as cursor:
            for table, frame in ((self.units, units), (self.positions, positions)):
                # Quoted CSV: an empty kind is '' and a missing one NULL (unquoted empty).
                data = frame.write_csv(
                    include_header=False, null_value="", quote_style="non_numeric"
                )
                with cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT csv)") as copy:
                    copy.write(data)

    def create_plan(self) -> None:
        self.execute(
            f"CREATE TEMP TABLE {self.plan} "
            "(row_no integer PRIMARY KEY, emp_id bigint NOT NULL, action char(1) NOT NULL, "
            "valid_from date, opens boolean) ON COMMIT DROP"
        )

    def lock(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(%s)", [self.LOCK_KEY])
        # A crash of the server in the last milliseconds may lose this import's commit
        # (never corrupt it); the import is then simply run again.
        self.execute("SET LOCAL synchronous_commit = off")

    # Session settings for the import, put back by untune(). The joins of a national
    # file (millions of staged rows against the register) hash in memory instead of
    # sorting NIPs with the database collation; JIT compiling costs more than it saves.
    SETTINGS = {
        "work_mem": "512MB",
        "maintenance_work_mem": "512MB",
        "jit": "off",
        "enable_mergejoin": "off",
    }
    _saved: dict[str, str] | None = None

    def tune(self) -> None:
        self._saved = {name: self.fetch(f"SHOW {name}")[0][0] for name in self.SETTINGS}
        for name, value in self.SETTINGS.items():
            self.execute(f"SET {name} = %s", [value])

    def untune(self) -> None:
        if self._saved is not None:
            for name, value in self._saved.items():
                self.execute(f"SET {name} = %s", [value])
            self._saved = None

    # Below this many new rows, or when they are few next to the register's size, the
    # per-row foreign-key checks cost less than checking the whole tables again.
    BULK_MIN_ROWS = 20_000
    BULK_MIN_SHARE = 0.25

    def bulk_insert(
        self, tables: Sequence[str], rows: int
    ) -> contextlib.AbstractContextManager[Any]:
        """Insert with foreign keys checked and secondary indexes built once, afterwards.

        Row by row, each new row queues one deferred trigger per foreign key (each a
        lookup at commit) and descends every index. Measured on 200,000 new employees
        (2 cores): 5.5 s queueing, 8.8 s checking at commit, and ~1.2 s per name index
        (text compared with the database collation); against ~0.2 s to build a name
        index by sorting and well under a second for one anti-join per foreign key.
        So: drop the foreign keys and the non-unique indexes, insert, build the
        indexes, add the keys ``NOT VALID`` and validate them, all in this
        transaction; nobody ever sees the tables without them. The price is an
        exclusive lock on ``tables`` until the commit, and checking/indexing the
        whole tables, which is why small imports into a large register keep the
        row-by-row way.
        """
        existing = self.fetch(
            "SELECT COALESCE(SUM(GREATEST(reltuples, 0)), 0) FROM pg_class "
            "WHERE oid = ANY(%s::regclass[])",
            [list(tables)],
        )[0][0]
        if rows < self.BULK_MIN_ROWS or rows < self.BULK_MIN_SHARE * float(existing):
            return contextlib.nullcontext()
        return self._rebuilt_after(tables)

    @contextlib.contextmanager
    def _rebuilt_after(self, tables: Sequence[str]) -> Iterator[None]:
        names = [list(tables)]
        keys = self.fetch(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            names,
        )
        # Unique keys too (the NIP): 4.3 M inserts into it in file order cost more than
        # building it by sorting; the staged NIPs are distinct (the duplicates step) and
        # the insert skips registered ones, so re-adding it cannot fail on our rows.
        uniques = self.fetch(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'u' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            names,
        )
        # Secondary indexes only: the unique and primary keys stay (the insert needs them).
        indexes = self.fetch(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique "
            "AND NOT i.indisprimary ORDER BY 1",
            names,
        )
        # ALTER TABLE refuses to run while checks of earlier statements are queued.
        self.execute("SET CONSTRAINTS ALL IMMEDIATE")
        by_table: dict[str, list[tuple[str, str]]] = {}
        for table, name, definition in keys:
            by_table.setdefault(table, []).append((name, definition))
        for table, found in by_table.items():
            drops = ", ".join(f'DROP CONSTRAINT "{name}"' for name, _d in found)
            self.execute(f"ALTER TABLE {table} {drops}")
        for table, name, _d in uniques:
            self.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        if indexes:
            self.execute("DROP INDEX " + ", ".join(f'"{name}"' for name, _d in indexes))
        yield
        for table, name, definition in uniques:
            self.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            self.execute(definition)
        for table, found in by_table.items():
            adds = ", ".join(f'ADD CONSTRAINT "{name}" {d} NOT VALID' for name, d in found)
            self.execute(f"ALTER TABLE {table} {adds}")
            for name, _d in found:
                self.execute(f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"')
        self.execute("SET CONSTRAINTS ALL DEFERRED")

    def analyze(self, *tables: str) -> None:
        # Rows inserted in this transaction are invisible to autovacuum: without this the
        # planner takes a table of thousands of units for an empty one and loops over it.
        for table in tables:
            self.execute(f"ANALYZE {table}")


def dialect_for(connection: BaseDatabaseWrapper, spec: ImportSpec) -> Dialect:
    if connection.vendor == "postgresql":
        return PostgreSQLDialect(connection, spec)
    if connection.vendor == "sqlite":
        return SQLiteDialect(connection, spec)
    raise NotImplementedError(f"Imports support PostgreSQL and SQLite, not {connection.vendor}.")
