"""The demo, loaded once per run and put back before each end-to-end test.

Every end-to-end test needs the demo fresh: the live server reads committed rows, and
the flush after each (transactional) test empties every table. Loading it through
``tangguh demo`` takes seconds, some ninety times a run; copying its rows back takes a
fraction of that. The first test of a run loads it; its rows are then kept in memory:

- SQLite: the whole test database, copied page by page with the backup API (the live
  server shares the test's in-memory database, so it sees the copy);
- PostgreSQL: each table's rows in COPY's binary format, put back after a TRUNCATE
  with triggers and foreign-key checks off (``session_replication_role = replica``:
  the rows are the demo's own, already consistent; no trigger may stamp them twice),
  then every sequence set past its rows.

The kept copy is of one day (the demo dates sessions ahead from the day it runs): a run
that crosses midnight loads the demo again.
"""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

_kept: tuple[date, Any] | None = None


def load() -> None:
    """The demo in the test database: copied back when kept, loaded (and kept) otherwise."""
    global _kept
    today = date.today()
    if _kept is not None and _kept[0] == today:
        _restore(_kept[1])
        return
    call_command("demo", stdout=io.StringIO())
    _kept = (today, _take())


def _take() -> Any:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    if connection.vendor == "postgresql":
        kept: dict[str, bytes] = {}
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            for table in _pg_tables(cursor):
                cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
                if not cursor.fetchone()[0]:
                    continue
                data = bytearray()
                with cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                    for chunk in copy:
                        data += chunk
                kept[table] = bytes(data)
        return kept
    return None  # another database: the demo is loaded for every test


def _restore(kept: Any) -> None:
    connection.ensure_connection()
    if kept is None:
        call_command("demo", stdout=io.StringIO())
    elif connection.vendor == "sqlite":
        kept.backup(connection.connection)
    else:
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            tables = _pg_tables(cursor)
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables))
                for table, data in kept.items():
                    with cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                        copy.write(data)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename <> 'django_migrations' ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]
