"""The machine's floor: what loading the national file costs with no validation at all.

    python -m bench.bench_floor [--rows 4300000] [--db pg sqlite]

Any import of the national file must at least get its rows into the database and
build a unique key on the NIP. This measures exactly that, on the same machine
and database server as the import benchmark, so the import's figures can be read
against what the hardware allows:

* PostgreSQL: ``COPY`` of the raw CSV (every cell as text, no checks) into a
  plain logged table and into an unlogged one, server-side (no client in the
  way), then ``CREATE UNIQUE INDEX`` on the NIP column (``COLLATE "C"``, as the
  register's), then a plain index on the name (the database collation), then the
  register's other three (institution, name and NIP; position; work unit);
* SQLite: the csv module's rows through ``executemany`` into a table of text
  columns in one transaction, then the same five indexes.

Each engine's last line adds up the logged load and the five indexes: the least
a first import into an empty register can cost on this machine.

A Python loop of 20 million additions is timed too: it tells how fast this
machine's cores are compared with another's.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench import generate

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
DB = "tangguh_floor"


def _timed(label: str, results: dict[str, Any], fn: Any) -> None:
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    results[label] = round(seconds, 2)
    print(f"  {label:<52} {seconds:8.2f} s", flush=True)


def _other_indexes(header: list[str]) -> list[tuple[str, str]]:
    """The rest of the register's indexes, over the raw columns they stand for.

    The register also has (institution, name, NIP) for each institution's list and
    one index per work unit and per position (ids there, names here).
    """
    c = {
        h: f"c{header.index(h)}" for h in ("Kode Instansi", "Nama", "NIP", "Jabatan", "Unit Kerja")
    }
    return [
        ("institution, name, NIP", f"{c['Kode Instansi']}, {c['Nama']}, {c['NIP']}"),
        ("position", c["Jabatan"]),
        ("work unit", c["Unit Kerja"]),
    ]


def _total(engine: str, results: dict[str, Any]) -> None:
    """What loading the file and building the register's five indexes costs at least."""
    steps = [v for k, v in results.items() if k.startswith(engine) and "unlogged" not in k]
    label = f"{engine} floor: rows and the register's five indexes"
    results[label] = total = round(sum(steps), 2)
    print(f"  {label:<52} {total:8.2f} s")


def cpu_loop() -> None:
    total = 0
    for i in range(20_000_000):
        total += i


def floor_pg(path: Path, rows: int, results: dict[str, Any]) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    header = path.open(encoding="utf-8").readline().rstrip("\r\n").split(",")
    columns = ", ".join(f"c{i} text" for i in range(len(header)))
    nip = header.index("NIP")
    name = header.index("Nama")
    try:
        with psycopg.connect(f"{PG_SERVER}/{DB}", autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            for kind in ("UNLOGGED ", ""):
                table = "raw_unlogged" if kind else "raw"
                conn.execute(f"CREATE {kind}TABLE {table} ({columns})")
                # Server-side: the server reads the file itself (needs a superuser).
                sql = f"COPY {table} FROM '{path}' (FORMAT csv, HEADER true)"
                _timed(f"pg COPY raw file, {kind.strip().lower() or 'logged'}", results,
                       lambda sql=sql: conn.execute(sql))  # fmt: skip
            _timed("pg unique index on NIP (C collation)", results,
                   lambda: conn.execute(f'CREATE UNIQUE INDEX ON raw ((c{nip} COLLATE "C"))'))  # fmt: skip
            _timed("pg index on name (database collation)", results,
                   lambda: conn.execute(f"CREATE INDEX ON raw (c{name})"))  # fmt: skip
            for label, columns in _other_indexes(header):
                _timed(f"pg index on {label}", results,
                       lambda c=columns: conn.execute(f"CREATE INDEX ON raw ({c})"))  # fmt: skip
            _total("pg", results)
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


def floor_sqlite(path: Path, rows: int, results: dict[str, Any]) -> None:
    target = generate.OUT / "floor.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        width = len(header)
        db.execute(f"CREATE TABLE raw ({', '.join(f'c{i} TEXT' for i in range(width))})")
        marks = ", ".join("?" for _ in range(width))

        def load() -> None:
            db.execute("BEGIN")
            db.executemany(f"INSERT INTO raw VALUES ({marks})", reader)
            db.execute("COMMIT")

        _timed("sqlite executemany raw file, one transaction", results, load)
    nip, name = header.index("NIP"), header.index("Nama")
    _timed("sqlite unique index on NIP", results,
           lambda: db.execute(f"CREATE UNIQUE INDEX raw_nip ON raw (c{nip})"))  # fmt: skip
    _timed("sqlite index on name", results,
           lambda: db.execute(f"CREATE INDEX raw_name ON raw (c{name})"))  # fmt: skip
    for i, (label, columns) in enumerate(_other_indexes(header)):
        _timed(f"sqlite index on {label}", results,
               lambda i=i, c=columns: db.execute(f"CREATE INDEX raw_{i} ON raw ({c})"))  # fmt: skip
    _total("sqlite", results)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4_300_000)
    parser.add_argument("--db", nargs="+", default=["pg", "sqlite"], choices=["pg", "sqlite"])
    args = parser.parse_args(argv)
    files = generate.national(args.rows, split=False)
    path = files[0].path
    print(f"floor: {path} ({path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows)")
    results: dict[str, Any] = {}
    _timed("python loop of 20 M additions (core speed)", results, cpu_loop)
    if "pg" in args.db:
        floor_pg(path, args.rows, results)
    if "sqlite" in args.db:
        floor_sqlite(path, args.rows, results)


if __name__ == "__main__":
    main()
