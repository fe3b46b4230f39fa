"""Run a ``tangguh`` command whose import stops at a named stage, so a ``kill -9`` lands there.

    python -m tests.people.import_stages STAGE MARKER employees import FILE ...

Stages:

- ``staging``: the first progress report at or past half of the file: rows read,
  validated and staged (the marker counts the rows in the process's temporary
  tables), nothing merged yet;
- ``merged``: inside the merge's transaction, after every write and the audit entry,
  before the commit (the marker counts what this transaction sees of the register).

On reaching its stage the process writes MARKER (JSON) and waits to be killed. The
stage is found through the import's own callbacks (``progress`` and ``on_merged`` of
``run_import``, as the register's service calls it): if the import is reshaped so that
neither is called, no marker is written and the test that waits for it fails, rather
than killing a process that is somewhere else.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

STAGES = ("staging", "merged")
WAIT_SECONDS = 600  # killed long before; a test that died leaves no process for ever


def _temporary_rows() -> int:
    """Rows in this connection's temporary tables (the import's staging), whatever their names."""
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table'")
        else:
            c.execute(
                "SELECT relname FROM pg_class WHERE relpersistence = 't' AND relkind = 'r'"
                " AND pg_table_is_visible(oid)"
            )
        tables = [r[0] for r in c.fetchall()]
        total = 0
        for table in tables:
            c.execute(f'SELECT COUNT(*) FROM "{table}"')
            total += c.fetchone()[0]
    return total


def _register_as_seen() -> dict[str, int]:
    """The register as this process sees it (inside the merge: its own uncommitted writes)."""
    from django.db import connection

    with connection.cursor() as c:
        counts = {}
        for table in ("people_employee", "people_workunit", "core_auditentry"):
            c.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = c.fetchone()[0]
    return counts


def _reached(marker: Path, stage: str, **facts: Any) -> None:
    marker.write_text(json.dumps({"stage": stage, "pid": os.getpid(), **facts}))
    time.sleep(WAIT_SECONDS)
    raise SystemExit(f"{stage}: not killed within {WAIT_SECONDS} s")


def install(stage: str, marker: Path) -> None:
    from tangguh.people import services

    real = services.run_import

    def run_import(**kwargs: Any) -> Any:
        progress = kwargs.get("progress")
        on_merged = kwargs.get("on_merged")

        def watched_progress(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if stage == "staging" and 0 < done < total and 2 * done >= total:
                _reached(marker, stage, done=done, total=total, staged=_temporary_rows())

        def watched_merge(result: Any, touched: Any) -> None:
            if on_merged is not None:
                on_merged(result, touched)
            if stage == "merged":
                counts = {"created": result.created, "updated": result.updated}
                _reached(marker, stage, counts=counts, seen=_register_as_seen())

        return real(**{**kwargs, "progress": watched_progress, "on_merged": watched_merge})

    services.run_import = run_import


def main() -> None:
    stage, marker, *args = sys.argv[1:]
    if stage not in STAGES:
        raise SystemExit(f"stage: one of {STAGES}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.config.settings.dev")
    import django

    django.setup()
    install(stage, Path(marker))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tangguh", *args])


if __name__ == "__main__":
    main()
