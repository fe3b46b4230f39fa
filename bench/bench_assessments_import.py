"""An assessment centre's batch of 100,000 rows against its floor, measured in the same run.

    python -m bench.bench_assessments_import [--rows 100000] [--people 20000] [--db sqlite pg]

For each database, in separate processes:

(a) the register: ``--people`` civil servants of one institution
    (``bench.generate.sample``) imported with ``tangguh employees import`` into a fresh
    database (not timed);
(b) the batch: ``--rows`` assessments of those people (five competencies each, from the
    national dictionary, one date, an assessment centre, an assessor's NIP), as a CSV
    with the import's headers;
(c) the floor: the raw batch loaded with no checks (PostgreSQL: server-side ``COPY`` into
    a table of text columns; SQLite: ``executemany`` in one transaction) plus the two
    indexes the assessment table has (person and code; institution and date): the least
    an import of the batch can cost on this machine (as ``bench_one`` measures the
    register's);
(d) the import through the CLI (``tangguh assessments import FILE --institution CODE
    --strict --json``): wall time including start-up, rows/s, peak RSS; every row is
    judged, written, the people's current profiles refreshed and one audit entry written;

and prints the ratio (d)/(c), to read against the register's (``bench_one``: 4.7–5.6×);
(e) the command's start-up alone (``tangguh assessments import --help``);
(f) the writes' floor: the rows the import wrote, inserted again into the real tables
    (indexes, checks, foreign keys, triggers) with one ``INSERT … SELECT`` per table and
    committed: what the writes cost with nothing read or judged; and prints
    ((d) − (e)) / (f).
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from bench import generate
from bench.bench_one import (
    OUT,
    PG_DB,
    PG_SERVER,
    TANGGUH,
    _unlink_sqlite,
    drop_database,
    fresh_database,
    measured,
)

CODE = generate.SAMPLE_INSTITUTION[0]
HEADER = ["NIP", "Kode Kompetensi", "Level", "Tanggal Asesmen", "Metode", "NIP Asesor"]
CODES = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "S.01")
ASSESSOR = "196608011988031001"


def batch(people_file: Path, rows: int) -> Path:
    """``rows`` assessments of the people in ``people_file`` (cached in bench/out)."""
    target = OUT / f"assessments-{rows}.csv"
    with people_file.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        nip = header.index("NIP")
        nips = [row[nip] for row in reader]
    per_person = -(-rows // len(nips))
    if per_person > len(CODES):
        raise SystemExit(f"--people too small: at most {len(CODES)} rows per person")
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        written = 0
        for i, person in enumerate(nips):
            for code in CODES[:per_person]:
                if written == rows:
                    break
                level = 1 + (i + len(code) + written) % 5
                day = f"{1 + i % 28:02d}-{1 + written % 12:02d}-2025"
                writer.writerow([person, code, level, day, "assessment-centre", ASSESSOR])
                written += 1
    return target


def _step(label: str, steps: dict[str, float], fn: Any) -> None:
    started = time.perf_counter()
    fn()
    steps[label] = time.perf_counter() - started


def floor_sqlite(path: Path) -> dict[str, float]:
    target = OUT / f"{PG_DB}-assessments-floor.sqlite3"
    _unlink_sqlite(target)
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    steps: dict[str, float] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            width = len(next(reader))
            db.execute(f"CREATE TABLE raw ({', '.join(f'c{i} TEXT' for i in range(width))})")
            marks = ", ".join("?" for _ in range(width))

            def load() -> None:
                db.execute("BEGIN")
                db.executemany(f"INSERT INTO raw VALUES ({marks})", reader)
                db.execute("COMMIT")

            _step("load", steps, load)
        _step("person_code_index", steps, lambda: db.execute("CREATE INDEX a ON raw (c0, c1)"))
        _step("date_index", steps, lambda: db.execute("CREATE INDEX b ON raw (c3)"))
    finally:
        db.close()
        _unlink_sqlite(target)
    return steps


FLOOR_DB = "tangguh_bench_assessments_floor"  # its own: the import's database stays


def _floor_db(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{FLOOR_DB}" WITH (FORCE)')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{FLOOR_DB}"')


def floor_pg(path: Path) -> dict[str, float]:
    import psycopg

    steps: dict[str, float] = {}
    _floor_db("create")
    try:
        with psycopg.connect(f"{PG_SERVER}/{FLOOR_DB}", autocommit=True) as conn:
            conn.execute(f"CREATE TABLE raw ({', '.join(f'c{i} text' for i in range(6))})")
            _step("load", steps,
                  lambda: conn.execute(f"COPY raw FROM '{path}' (FORMAT csv, HEADER true)"))  # fmt: skip
            _step("person_code_index", steps, lambda: conn.execute("CREATE INDEX ON raw (c0, c1)"))
            _step("date_index", steps, lambda: conn.execute("CREATE INDEX ON raw (c3)"))
    finally:
        _floor_db("drop")
    return steps


_TABLES = ("competencies_assessment", "competencies_currentlevel")


def writes_floor(engine: str, url: str) -> dict[str, float]:
    """What the import's writes cost with no reading or judging: the rows the import
    wrote (both tables, copied aside untimed) deleted and inserted again with one
    ``INSERT … SELECT`` each, in one committed transaction, through the real tables'
    indexes, checks, foreign keys and triggers."""
    steps: dict[str, float] = {}
    if engine == "pg":
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            for table in _TABLES:
                conn.execute(f"CREATE TABLE bench_{table} AS SELECT * FROM {table}")
            conn.execute(f"DELETE FROM {_TABLES[1]}; DELETE FROM {_TABLES[0]}")
            conn.execute("VACUUM ANALYZE")
            started = time.perf_counter()
            with conn.transaction():
                for table in _TABLES:
                    conn.execute(f"INSERT INTO {table} SELECT * FROM bench_{table}")
            steps["insert_and_commit"] = time.perf_counter() - started
        return steps
    db = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        for table in _TABLES:
            db.execute(f"CREATE TABLE bench_{table} AS SELECT * FROM {table}")
        db.execute(f"DELETE FROM {_TABLES[1]}")
        db.execute(f"DELETE FROM {_TABLES[0]}")
        started = time.perf_counter()
        db.execute("BEGIN")
        for table in _TABLES:
            db.execute(f"INSERT INTO {table} SELECT * FROM bench_{table}")
        db.execute("COMMIT")
        steps["insert_and_commit"] = time.perf_counter() - started
    finally:
        db.close()
    return steps


def run(engine: str, rows: int, people: int) -> dict[str, Any]:
    people_file = generate.sample(people)
    url = fresh_database(engine)
    try:
        measured([TANGGUH, "employees", "import", str(people_file), "--institution", CODE,
                  "--json"], url)  # fmt: skip
        path = batch(people_file, rows)
        floor = (floor_pg if engine == "pg" else floor_sqlite)(path.resolve())
        floor_s = sum(floor.values())
        startup = measured([TANGGUH, "assessments", "import", "--help"], url)["wall_s"]
        result = measured([TANGGUH, "assessments", "import", str(path), "--institution", CODE,
                           "--strict", "--json"], url)  # fmt: skip
        writes = writes_floor(engine, url)
    finally:
        drop_database(engine)
    if result.get("created") != rows:
        raise RuntimeError(f"the import created {result.get('created')} of {rows} rows")
    return {
        "engine": engine,
        "rows": rows,
        "people": people,
        "floor_s": round(floor_s, 2),
        "floor_steps": {k: round(v, 2) for k, v in floor.items()},
        "import_s": round(result["wall_s"], 2),
        "rows_per_s": round(rows / result["wall_s"]),
        "max_rss_mb": round(result["max_rss_mb"]),
        "ratio": round(result["wall_s"] / floor_s, 1),
        "startup_s": round(startup, 2),
        "writes_floor_s": round(sum(writes.values()), 2),
        # The import without the command's start-up, against the least its writes cost.
        "ratio_to_writes": round((result["wall_s"] - startup) / sum(writes.values()), 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--db", nargs="+", default=["sqlite", "pg"], choices=["sqlite", "pg"])
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for engine in args.db:
        r = run(engine, args.rows, args.people)
        results.append(r)
        print(
            f"{engine:<7} floor {r['floor_s']:6.2f} s {r['floor_steps']}  "
            f"import {r['import_s']:6.2f} s ({r['rows_per_s']:,} rows/s, {r['max_rss_mb']} MB)  "
            f"ratio {r['ratio']}×  |  start-up {r['startup_s']:.2f} s, writes floor "
            f"{r['writes_floor_s']:.2f} s, (import − start-up)/writes floor "
            f"{r['ratio_to_writes']}×",
            flush=True,
        )
    (OUT / "assessments-import-results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
