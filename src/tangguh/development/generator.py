"""National-scale JP ledger: about 20 million entries for the register loaded at the
time (4.3 million civil servants after ``tangguh employees import``), 2020 to 2025.

``tangguh demo --scale national`` runs this after the register step. Each active civil
servant gets, each year, 0 to 3 entries (half of them none: many people reach no JP at
all; a training of 24-60 JP puts many others at 20-40), about 4.7 entries a person
over the six years. An entry is credited to the person's current institution, dated
within their current period (``period_start``), so the ledger's rule "the institution
on that day" holds without a history lookup.

The entries are written to a CSV file (``--out-dir``, ``ledger-<seed>.csv``) and then
loaded in bulk, as a bulk load should be:

- PostgreSQL: one transaction that drops the ledger's secondary indexes and its
  foreign-key and unique constraints, ``COPY``s the file, then recreates them (an
  index build sorts once; adding a foreign key checks every row in one query instead
  of a trigger per row);
- SQLite: the foreign keys off (``constraint_checks_disabled``), the secondary indexes
  dropped, one ``executemany``, the indexes recreated, then ``PRAGMA
  foreign_key_check`` over the table (``check_constraints``);

then ``ledger.rebuild_year_totals`` sums the per-person yearly totals from the ledger
and marks the compliance summaries stale. One audit entry
(``development.national_load``) records the counts. A second run finds the entries
(their description carries ``NATIONAL_MARK``) and writes nothing.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

from django.db import connection, transaction

YEARS = tuple(range(2020, 2026))
NATIONAL_MARK = "(rekaman nasional)"
CREATED_AT = "2026-01-02 00:00:00+00:00"
# Entries a person has in a year: 0 (half), 1, 2 or 3.
ENTRIES_A_YEAR = (0.5, 0.27, 0.15, 0.08)
# (form code, weight, JP choices, description)
FORMS: tuple[tuple[str, int, tuple[str, ...], str], ...] = (
    ("pelatihan-teknis", 22, ("24", "30", "32", "40"), "Pelatihan teknis"),
    ("bimtek", 14, ("16", "24"), "Bimbingan teknis"),
    ("pelatihan-kepemimpinan", 3, ("60",), "Pelatihan kepemimpinan"),
    ("pelatihan-fungsional", 6, ("32", "40"), "Pelatihan fungsional"),
    ("seminar", 20, ("4", "8"), "Seminar"),
    ("e-learning", 16, ("3", "6", "9"), "E-learning"),
    ("workshop", 8, ("5", "10"), "Workshop"),
    ("coaching", 8, ("2", "4"), "Coaching"),
    ("belajar-mandiri", 3, ("2", "4"), "Belajar mandiri"),
)
COLUMNS = (
    "employee_id",
    "nip",
    "institution_id",
    "date",
    "year",
    "jp",
    "form_id",
    "source",
    "description",
    "note",
    "created_at",
)


# Memory for the load's sorts: index builds and foreign-key checks (maintenance), the
# totals' GROUP BY and the checks' hash joins (work); for this transaction only.
LOAD_MEMORY = ("SET LOCAL maintenance_work_mem = '512MB'", "SET LOCAL work_mem = '256MB'")


@dataclass
class LoadResult:
    entries: int
    totals: int
    seconds_load: float
    seconds_totals: float
    phases: dict[str, float] = field(default_factory=dict)


def generate_national(
    *,
    seed: int,
    out: Callable[[str], None],
    out_dir: str | None = None,
    **_: Any,
) -> dict[str, int]:
    from .models import LedgerEntry

    if LedgerEntry.objects.filter(description__endswith=NATIONAL_MARK).exists():
        out("Development (national): the ledger is already loaded; nothing to do.")
        return {}
    from .demo import ensure_reference_data

    ensure_reference_data()
    path = Path(out_dir or "var/national") / f"ledger-{seed}.csv"
    started = time.perf_counter()
    written = write_ledger_file(path, seed=seed)
    wrote = time.perf_counter() - started
    if not written:
        out("Development (national): the register is empty; load it first.")
        return {}
    result = load_ledger_file(path)
    out(
        f"Development (national): {result.entries:,} ledger entries and {result.totals:,} "
        f"yearly totals (file {wrote:.0f} s, load {result.seconds_load:.0f} s, totals "
        f"{result.seconds_totals:.0f} s)."
    )
    return {"ledger_entries": result.entries, "year_totals": result.totals}


# --- the file -----------------------------------------------------------------------


def _register() -> Iterator[tuple[int, str, int, date | None]]:
    from tangguh.people.models import Employee, EmploymentStatus

    rows = (
        Employee.objects.filter(status=EmploymentStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", "nip", "institution_id", "period_start")
    )
    yield from rows.iterator(chunk_size=20_000)


def entries_for(
    rng: Random, since: date | None, forms: list[tuple[int, tuple[str, ...], str]]
) -> Iterator[tuple[date, str, int, str]]:
    """(date, jp, form id, description) of one person's entries over ``YEARS``."""
    counts = range(len(ENTRIES_A_YEAR))
    weights = [f[1] for f in FORMS]  # ``forms`` is FORMS in the same order
    for year in YEARS:
        first = date(year, 1, 1) if since is None else max(since, date(year, 1, 1))
        if first.year != year:
            continue  # not here yet that year
        span = (date(year, 12, 31) - first).days
        n = rng.choices(counts, ENTRIES_A_YEAR)[0]
        for form_id, jps, label in rng.choices(forms, weights, k=n):
            day = first + timedelta(days=rng.randint(0, span))
            yield day, rng.choice(jps), form_id, label


def write_ledger_file(path: Path, *, seed: int) -> int:
    """Write the national entries to ``path`` (CSV, ``COLUMNS``); return how many."""
    from .models import DevelopmentForm

    ids = dict(DevelopmentForm.objects.values_list("code", "pk"))
    forms = [(ids[code], jps, f"{label} {NATIONAL_MARK}") for code, _, jps, label in FORMS]
    rng = Random(f"{seed}:development:national-ledger")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for pk, nip, institution_id, since in _register():
            for day, jp, form_id, label in entries_for(rng, since, forms):
                writer.writerow(
                    (
                        pk,
                        nip,
                        institution_id,
                        day,
                        day.year,
                        jp,
                        form_id,
                        "session",
                        label,
                        "",
                        CREATED_AT,
                    )
                )
                written += 1
    return written


# --- the load -----------------------------------------------------------------------


def load_ledger_file(path: Path) -> LoadResult:
    """Load a file of ``COLUMNS`` into the ledger in bulk, then rebuild the totals; one
    transaction (a bad row leaves the ledger and the totals as they were)."""
    from tangguh.core.audit import audit_record

    from .ledger import rebuild_year_totals
    from .models import JpYearTotal

    phases: dict[str, float] = {}
    with transaction.atomic():
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            entries, years = _load_postgresql(path, phases)
        else:
            entries, years = _load_sqlite(path, phases)
        loaded = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor, _keys_rebuilt(cursor, JpYearTotal._meta.db_table):
                totals = rebuild_year_totals(years)
        else:
            totals = rebuild_year_totals(years)
        audit_record(
            actor=None,
            action="development.national_load",
            data={"entries": entries, "year_totals": totals, "years": sorted(years)},
        )
    return LoadResult(entries, totals, loaded - started, time.perf_counter() - loaded, phases)


@contextmanager
def _keys_rebuilt(cursor: Any, table: str) -> Iterator[None]:
    """PostgreSQL: ``table`` without its secondary indexes, foreign keys and unique
    constraints inside the block; recreated after it (each index built by one sort,
    each key checked by one query: a bulk load's way, not a check per row)."""
    # Checks deferred by earlier writes of the transaction run now: a table with
    # pending trigger events cannot be altered.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    for statement in LOAD_MEMORY:
        cursor.execute(statement)
    # The primary key too, unless another table's key points at it; dropped foreign
    # keys first, added back last.
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint c "
        "WHERE conrelid = %s::regclass AND (contype IN ('f', 'u') OR contype = 'p' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.confrelid = c.conrelid "
        "AND r.conrelid <> c.conrelid)) ORDER BY contype = 'f' DESC, contype = 'u' DESC",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
        "AND i.indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = %s::regclass) ORDER BY i.indexname",
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in reversed(constraints):
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys' default
    cursor.execute(f"ANALYZE {table}")  # the planner learns the new rows at once


def _load_postgresql(path: Path, phases: dict[str, float]) -> tuple[int, set[int]]:
    from .models import LedgerEntry

    table = LedgerEntry._meta.db_table
    names = ", ".join(COLUMNS)
    sql = f"COPY {table} ({names}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (note))"
    with connection.cursor() as cursor:
        with _keys_rebuilt(cursor, table):
            clock = time.perf_counter()
            with path.open("rb") as handle, cursor.cursor.copy(sql) as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
            entries = cursor.rowcount
            clock = _phase(phases, "copy", clock)
        _phase(phases, "indexes and keys", clock)
    return int(entries), set(YEARS)


def _load_sqlite(path: Path, phases: dict[str, float]) -> tuple[int, set[int]]:
    from .models import LedgerEntry

    table = LedgerEntry._meta.db_table
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})"  # noqa: S608
    entries = 0
    # The foreign keys off outside the transaction (SQLite ignores the pragma inside
    # one), checked for the table in one pass before the transaction commits.
    with connection.constraint_checks_disabled(), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL ORDER BY name",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            clock = time.perf_counter()
            with path.open(newline="", encoding="utf-8") as handle:
                rows = csv.reader(handle)
                while batch := [row for _, row in zip(range(50_000), rows, strict=False)]:
                    cursor.executemany(sql, batch)
                    entries += len(batch)
            clock = _phase(phases, "insert", clock)
            for _name, definition in indexes:
                cursor.execute(definition)
            clock = _phase(phases, "indexes", clock)
        connection.check_constraints(table_names=[table])
        _phase(phases, "constraints", clock)
    return entries, set(YEARS)


def _phase(phases: dict[str, float], name: str, since: float) -> float:
    now = time.perf_counter()
    phases[name] = now - since
    return now
