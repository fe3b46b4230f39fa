"""National JP ledger load: the generator's bulk load against a raw load of the same file.

    python -m bench.bench_ledger_load [--people 4300000] [--db pg|sqlite|both] [--seed 2026]

On a fresh database (PostgreSQL ``tangguh_bench_ledger``, or a SQLite file in
bench/out/) with the institutions and a bare register of ``--people`` active civil
servants (COPYed straight into the employee table: the register's own import is
measured by ``bench_import``; here it is only what the ledger's foreign keys point
at), in one process and the same run:

(0) the generator writes the national ledger file (``generator.write_ledger_file``:
    about 4.9 entries a person over 2020-2025);
(a) **raw**: the same file into a bare table of the same columns (no key, no index,
    no constraint): ``COPY`` on PostgreSQL, one ``executemany`` in one transaction on
    SQLite — the floor;
(b) **load**: ``generator.load_ledger_file`` — into the real ledger (its indexes and
    foreign keys recreated and checked), then ``ledger.rebuild_year_totals``.

Figures: (b) load / (a), and (b) with the totals / (a) (target: at most 2). Results go
to bench/out/ledger-load-results.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import time
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

from bench.bench_import import OUT, fresh_database

DB_NAME = "tangguh_bench_ledger"
TARGET = 2.0
RAW_TABLE = "bench_raw_ledger"


def _bare_register(people: int, seed: int) -> float:
    """``people`` active civil servants spread over every institution, COPYed (PG) or
    inserted in one transaction (SQLite); a tenth joined their institution after 2020."""
    from django.db import connection, transaction
    from django.utils import timezone

    from tangguh.institutions.models import Institution
    from tangguh.people.models import Employee

    started = time.perf_counter()
    rng = Random(f"{seed}:bench-register")
    institutions = list(Institution.objects.values_list("pk", flat=True))
    now = timezone.now()
    values: dict[str, Any] = {}
    for f in Employee._meta.concrete_fields:
        if f.primary_key or f.column is None:
            continue
        values[f.column] = None if f.null else (f.get_default() if f.has_default() else "")
    values.update(
        {"created_at": now, "updated_at": now, "status": "active", "employee_kind": "PNS"}
    )
    columns = list(values)
    index = {c: i for i, c in enumerate(columns)}
    template = [values[c] for c in columns]

    def rows() -> Any:
        for n in range(people):
            row = list(template)
            row[index["nip"]] = f"1980{n:014d}"
            row[index["full_name"]] = f"Pegawai {n}"
            row[index["institution_id"]] = institutions[n % len(institutions)]
            if rng.random() < 0.1:
                row[index["period_start"]] = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2000))
            yield row

    table = Employee._meta.db_table
    names = ", ".join(columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows()))
    return time.perf_counter() - started


def _raw(path: Path) -> float:
    """The file into a bare table of the ledger's columns (the floor)."""
    from django.db import connection, transaction

    from tangguh.development.generator import COLUMNS

    types = {
        "employee_id": "bigint",
        "nip": "varchar(18)",
        "institution_id": "bigint",
        "date": "date",
        "year": "smallint",
        "jp": "numeric(7, 2)",
        "form_id": "bigint",
        "source": "varchar(10)",
        "description": "varchar(300)",
        "note": "text",
        "created_at": "timestamp with time zone"
        if connection.vendor == "postgresql"
        else "datetime",
    }
    columns = ", ".join(f"{c} {types[c]}" for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        cursor.execute(f"CREATE TABLE {RAW_TABLE} ({columns})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        names = ", ".join(COLUMNS)
        if connection.vendor == "postgresql":
            with (
                path.open("rb") as handle,
                cursor.cursor.copy(
                    f"COPY {RAW_TABLE} ({names}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (note))"
                ) as copy,
            ):
                while block := handle.read(1 << 20):
                    copy.write(block)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            sql = f"INSERT INTO {RAW_TABLE} ({names}) VALUES ({marks})"
            with path.open(newline="", encoding="utf-8") as handle:
                rows = csv.reader(handle)
                while batch := [row for _, row in zip(range(50_000), rows, strict=False)]:
                    cursor.executemany(sql, batch)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {RAW_TABLE}")
    return seconds


def run_one(engine: str, people: int, seed: int) -> dict[str, Any]:
    url = fresh_database(engine, DB_NAME)
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.config.settings.dev")
    import django

    django.setup()
    from tangguh.development.generator import load_ledger_file, write_ledger_file

    register = _bare_register(people, seed)
    print(f"[{engine}] bare register of {people:,} people: {register:.1f} s", flush=True)
    path = OUT / f"ledger-{people}-{seed}.csv"
    started = time.perf_counter()
    entries = write_ledger_file(path, seed=seed)
    generated = time.perf_counter() - started
    size = path.stat().st_size / 1e6
    print(f"[{engine}] file: {entries:,} entries, {size:.0f} MB, {generated:.1f} s", flush=True)
    raw = _raw(path)
    print(f"[{engine}] (a) raw load: {raw:.1f} s", flush=True)
    result = load_ledger_file(path)
    load, totals = result.seconds_load, result.seconds_totals
    print(
        f"[{engine}] (b) Tangguh load: {load:.1f} s ({load / raw:.2f}x raw); with the "
        f"{result.totals:,} yearly totals: {load + totals:.1f} s ({(load + totals) / raw:.2f}x)",
        flush=True,
    )
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in result.phases.items())
    print(f"[{engine}]     phases: {phases}", flush=True)
    path.unlink()
    return {
        "phases": {k: round(v, 1) for k, v in result.phases.items()},
        "engine": engine,
        "people": people,
        "entries": entries,
        "file_mb": round(size),
        "generate_s": round(generated, 1),
        "raw_s": round(raw, 1),
        "load_s": round(load, 1),
        "totals_s": round(totals, 1),
        "year_totals": result.totals,
        "ratio_load": round(load / raw, 2),
        "ratio_with_totals": round((load + totals) / raw, 2),
        "target": TARGET,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=4_300_000)
    parser.add_argument("--db", choices=["pg", "sqlite", "both"], default="both")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    engines = ["pg", "sqlite"] if args.db == "both" else [args.db]
    results = []
    for engine in engines:
        if len(engines) > 1:
            # One engine per process: Django's settings are read once.
            import subprocess
            import sys

            subprocess.run(
                [sys.executable, "-m", "bench.bench_ledger_load", "--db", engine,
                 "--people", str(args.people), "--seed", str(args.seed)],
                check=True,
            )  # fmt: skip
            continue
        results.append(run_one(engine, args.people, args.seed))
    if results:
        OUT.mkdir(parents=True, exist_ok=True)
        target = OUT / f"ledger-load-{results[0]['engine']}-results.json"
        target.write_text(
            json.dumps(
                {"machine": platform.node(), "cpus": os.cpu_count(), "runs": results}, indent=2
            )
        )


if __name__ == "__main__":
    main()
