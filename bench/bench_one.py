"""One institution's big file: its first import against the floor measured in the same run.

    python -m bench.bench_one [--rows 1000000] [--db pg sqlite] [--cases dmy ymd national]
                              [--timings]

The file: ``--rows`` civil servants of one institution (``bench.generate.sample``,
East Java's province), no ``Kode Instansi`` column, birth dates written
DD-MM-YYYY as operators do. For each database and each case, in separate
processes:

(a) the floor: the raw file loaded with no checks (PostgreSQL: server-side
    ``COPY`` into a table of text columns, logged; SQLite: the csv module's rows
    through ``executemany`` in one transaction), then a unique index on the NIP
    (``COLLATE "C"`` on PostgreSQL, as the register's) and an index on the name:
    the least a first import of the file can cost on this machine (as
    ``bench_floor`` does for the national file, with two of its five indexes);
(b) the first import of the file into an empty register through the CLI
    (``tangguh employees import FILE --institution CODE --json``): wall time
    including start-up, rows/s and the process's peak RSS (``/usr/bin/time``);

and prints the ratio (b)/(a). The cases (all the same rows):

* ``dmy``: the file as operators write it (dates DD-MM-YYYY), into ``--institution``;
* ``ymd``: the same with dates YYYY-MM-DD, to separate the date format's effect;
* ``national``: the ``dmy`` rows with a first column ``Kode Instansi`` naming the
  institution, imported as a national file (no ``--institution``).

``--timings`` adds, per case, an import in process on a fresh database that prints
the importer's own phases (``ImportResult.timings``). Databases: PostgreSQL
``tangguh_bench_one`` at ``BENCH_PG_SERVER`` (dropped and created for each
measurement, dropped at the end), SQLite files in ``bench/out/`` (deleted after
use). Inputs are cached in ``bench/out/``; results are written to
``bench/out/one-results.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = generate.OUT
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DB = "tangguh_bench_one"
TANGGUH = str(Path(sys.executable).with_name("tangguh"))
CODE = generate.SAMPLE_INSTITUTION[0]
CASES = ("dmy", "ymd", "national")
DATE_HEADER = "Tanggal Lahir"
CODE_HEADER = "Kode Instansi"


# --- inputs ----------------------------------------------------------------------------


def _derived(source: Path, case: str) -> Path:
    """``source`` (dates DD-MM-YYYY, no institution column) rewritten for ``case``, cached."""
    if case == "dmy":
        return source
    target = source.with_name(f"{source.stem}-{case}.csv")
    stamp_file = target.with_suffix(".stamp")
    stamp = f"{case}:{source.stat().st_size}:{source.stat().st_mtime_ns}"
    if target.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return target
    with (
        source.open(encoding="utf-8", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        reader, writer = csv.reader(src), csv.writer(dst)
        header = next(reader)
        if case == "ymd":
            col = header.index(DATE_HEADER)
            writer.writerow(header)
            for row in reader:
                day, month, year = row[col].split("-")
                row[col] = f"{year}-{month}-{day}"
                writer.writerow(row)
        else:  # national: the institution named on every row
            writer.writerow([CODE_HEADER, *header])
            writer.writerows([CODE, *row] for row in reader)
    stamp_file.write_text(stamp)
    return target


# --- the floor (run in a child process) -------------------------------------------------


def _step(label: str, results: dict[str, float], fn: Any) -> None:
    started = time.perf_counter()
    fn()
    results[label] = time.perf_counter() - started


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def floor_pg(path: Path) -> dict[str, float]:
    import psycopg

    header = _header(path)
    nip, name = header.index("NIP"), header.index("Nama")
    columns = ", ".join(f"c{i} text" for i in range(len(header)))
    steps: dict[str, float] = {}
    _recreate_pg()
    try:
        with psycopg.connect(f"{PG_SERVER}/{PG_DB}", autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute(f"CREATE TABLE raw ({columns})")
            # Server-side: the server reads the file itself (needs a superuser).
            _step("load", steps,
                  lambda: conn.execute(f"COPY raw FROM '{path}' (FORMAT csv, HEADER true)"))  # fmt: skip
            _step("nip_index", steps,
                  lambda: conn.execute(f'CREATE UNIQUE INDEX ON raw ((c{nip} COLLATE "C"))'))  # fmt: skip
            _step("name_index", steps, lambda: conn.execute(f"CREATE INDEX ON raw (c{name})"))
    finally:
        _drop_pg()
    return steps


def floor_sqlite(path: Path) -> dict[str, float]:
    target = OUT / f"{PG_DB}-floor.sqlite3"
    _unlink_sqlite(target)
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    steps: dict[str, float] = {}
    try:
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

            _step("load", steps, load)
        nip, name = header.index("NIP"), header.index("Nama")
        _step("nip_index", steps,
              lambda: db.execute(f"CREATE UNIQUE INDEX raw_nip ON raw (c{nip})"))  # fmt: skip
        _step("name_index", steps, lambda: db.execute(f"CREATE INDEX raw_name ON raw (c{name})"))
    finally:
        db.close()
        _unlink_sqlite(target)
    return steps


def work_floor(engine: str, path: str) -> dict[str, Any]:
    steps = (floor_pg if engine == "pg" else floor_sqlite)(Path(path))
    return {"seconds": sum(steps.values()), **steps}


# --- the import ---------------------------------------------------------------------------


def _recreate_pg() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')


def _drop_pg() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')


def _unlink_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def database_url(engine: str) -> str:
    if engine == "pg":
        return f"{PG_SERVER}/{PG_DB}"
    return f"sqlite:///{OUT / (PG_DB + '.sqlite3')}"


def env_for(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "tangguh.config.settings.dev",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }


def fresh_database(engine: str) -> str:
    """An empty register: the database (re)created, migrated, the institutions loaded."""
    if engine == "pg":
        _recreate_pg()
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        _unlink_sqlite(OUT / (PG_DB + ".sqlite3"))
    url = database_url(engine)
    env = env_for(url)
    subprocess.run([TANGGUH, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [TANGGUH, "institutions", "load"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return url


def drop_database(engine: str) -> None:
    if engine == "pg":
        _drop_pg()
    else:
        _unlink_sqlite(OUT / (PG_DB + ".sqlite3"))


def measured(cmd: list[str], url: str) -> dict[str, Any]:
    """Run ``cmd`` with the database ``url``: wall time, peak RSS (MB) and its last JSON line."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        started = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", tf.name, *cmd],
            env=env_for(url), capture_output=True, text=True, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - started
        lines = tf.read().strip().splitlines()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}{proc.stdout[-2000:]}")
    rss_mb = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else 0.0
    out = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    data = json.loads(out[-1]) if out else {}
    data.pop("errors", None)
    return {"wall_s": wall, "max_rss_mb": rss_mb, **data}


def worker(name: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "bench.bench_one", "--worker", name, *args]


def work_timings(path: str, code: str) -> dict[str, Any]:
    """An import in process: the importer's own phases (ImportResult.timings)."""
    import django

    django.setup()
    from tangguh.institutions.models import Institution
    from tangguh.people.services import employee_import

    institution = Institution.objects.get(code=code) if code else None
    started = time.perf_counter()
    result = employee_import(
        source=Path(path), filename=Path(path).name, institution=institution, actor=None
    )
    seconds = time.perf_counter() - started
    counts = {k: v for k, v in getattr(result, "counts", dict)().items() if type(v) is int}
    return {"seconds": seconds, **counts, "timings": dict(getattr(result, "timings", {}))}


WORKERS = {"floor": work_floor, "timings": work_timings}


# --- the benchmark --------------------------------------------------------------------------


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}" if seconds else "-"


def _runs(r: dict[str, Any]) -> str:
    return f" (best of {', '.join(map(str, r['runs']))})" if "runs" in r else ""


def _best(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """The fastest of ``runs`` (the machine is shared: the others were slowed down)."""
    best = min(runs, key=lambda r: r[key])
    return {**best, "runs": [round(r[key], 2) for r in runs]} if len(runs) > 1 else best


def run_case(
    engine: str, case: str, path: Path, rows: int, timings: bool, repeat: int
) -> dict[str, Any]:
    code = "" if case == "national" else CODE
    print(f"  {engine} {case}: floor ...", flush=True)
    floor = _best(
        [measured(worker("floor", engine, str(path)), database_url(engine)) for _ in range(repeat)],
        "seconds",
    )
    print(f"    {floor['seconds']:.2f} s{_runs(floor)} (load {floor['load']:.2f} s, NIP index "
          f"{floor['nip_index']:.2f} s, name index {floor['name_index']:.2f} s), "
          f"peak RSS {floor['max_rss_mb']:.0f} MB", flush=True)  # fmt: skip
    cmd = [TANGGUH, "employees", "import", str(path), "--json"]
    if code:
        cmd += ["--institution", code]
    print(f"  {engine} {case}: CLI first import ...", flush=True)
    result = _best([measured(cmd, fresh_database(engine)) for _ in range(repeat)], "wall_s")
    wall = result["wall_s"]
    ratio = wall / floor["seconds"] if floor["seconds"] else 0.0
    print(f"    {wall:.1f} s{_runs(result)} wall (incl. start-up), {_rate(rows, wall)} rows/s, peak RSS "
          f"{result['max_rss_mb']:.0f} MB, created {result.get('created', 0):,}, rejected "
          f"{result.get('rejected', 0):,}; ratio to floor {ratio:.1f}x", flush=True)  # fmt: skip
    out: dict[str, Any] = {"floor": floor, "import": result, "ratio": ratio}
    if timings:
        url = fresh_database(engine)
        r = measured(worker("timings", str(path), code), url)
        print(f"    in process: {r['seconds']:.1f} s; "
              + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                          for k, v in r.get("timings", {}).items()), flush=True)  # fmt: skip
        out["in_process"] = r
    drop_database(engine)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the file")
    parser.add_argument("--db", nargs="+", choices=("pg", "sqlite"), default=["pg", "sqlite"])
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--timings", action="store_true", help="add an import in process")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measurement; the fastest is kept"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](*rest)), flush=True)
        return
    source = generate.sample(args.rows)
    paths = {case: _derived(source, case) for case in args.cases}
    print(f"one institution ({CODE}), {args.rows:,} rows: "
          + ", ".join(f"{c} {p.name}" for c, p in paths.items()), flush=True)  # fmt: skip
    results: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "rows": args.rows,
    }
    for engine in args.db:
        for case in args.cases:
            results[f"{engine}.{case}"] = run_case(
                engine, case, paths[case], args.rows, args.timings, max(args.repeat, 1)
            )
    print()
    print(
        f"{'engine case':16} {'floor s':>8} {'import s':>9} {'rows/s':>10} {'RSS MB':>7} {'ratio':>6}"
    )
    for key, r in results.items():
        if isinstance(r, dict) and "ratio" in r:
            wall = r["import"]["wall_s"]
            print(f"{key:16} {r['floor']['seconds']:>8.2f} {wall:>9.1f} "
                  f"{_rate(args.rows, wall):>10} {r['import']['max_rss_mb']:>7.0f} "
                  f"{r['ratio']:>5.1f}x")  # fmt: skip
    out = OUT / "one-results.json"
    out.write_text(json.dumps(results, indent=1, default=str))
    print(f"\nsaved to {out}")


if __name__ == "__main__":
    main()
