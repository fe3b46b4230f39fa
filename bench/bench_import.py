"""Import benchmark: the national register into PostgreSQL and SQLite, and a side-by-side.

    python -m bench.bench_import [--rows 4300000] [--sample 100000] [--db pg sqlite]
                                 [--skip national cli compare] [--ie-rows N]

Measures, per database:

(a) the national register imported into an empty register, one file per
    institution in sequence, in one process; rows/s end to end, every row
    validated;
(b) the same again: everything unchanged;
(c) the single national file (4.3 M rows, one import through the CLI without
    ``--institution``: each row goes to the institution its ``Kode Instansi``
    names) on a fresh database: time and peak RSS of the CLI process
    (``/usr/bin/time -f %M``), then its re-import;
(d) on one ``--sample``-row file and a fresh database: Tangguh's import vs a
    plain ``bulk_create`` (csv module, no validation, no units/positions/history)
    vs django-import-export (ModelResource, import_id_fields=["nip"], bulk,
    cached instance loader, one transaction) on ``--ie-rows`` rows.

Every measurement runs in its own process (``--worker``), so the figures include
nothing of the others, and DEBUG is off (no query log). Results are printed as a
table and saved to bench/out/import-results.json. The PostgreSQL database
``tangguh_bench`` is left loaded for bench_list.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = generate.OUT
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("BENCH_PG_DB", "tangguh_bench")
TANGGUH = str(Path(sys.executable).with_name("tangguh"))


# --- databases -----------------------------------------------------------------------


def database_url(engine: str, name: str = PG_DB) -> str:
    if engine == "pg":
        return f"{PG_SERVER}/{name}"
    return f"sqlite:///{OUT / (name + '.sqlite3')}"


def env_for(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "tangguh.config.settings.dev",
        "PYTHONPATH": str(ROOT),
    }


def fresh_database(engine: str, name: str = PG_DB) -> str:
    """Drop and recreate the bench database, migrate it and load the institutions."""
    url = database_url(engine, name)
    if engine == "pg":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(OUT / (name + ".sqlite3")) + suffix).unlink(missing_ok=True)
    env = env_for(url)
    subprocess.run([TANGGUH, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [TANGGUH, "institutions", "load"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return url


def measured(cmd: list[str], url: str) -> dict[str, Any]:
    """Run ``cmd`` with the database ``url``; wall time, peak RSS (MB) and its JSON output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        started = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", tf.name, *cmd],
            env=env_for(url), capture_output=True, text=True, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - started
        rss_kb = int(tf.read().strip().splitlines()[-1])
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    return {"wall_s": wall, "max_rss_mb": rss_kb / 1024, **(json.loads(lines[-1]) if lines else {})}


def worker(name: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "bench.bench_import", "--worker", name, *args]


# --- workers (run inside a child process with Django set up) -----------------------------


def _django() -> None:
    import django

    django.setup()


def _counts(result: Any) -> dict[str, int]:
    return {k: v for k, v in result.counts().items() if type(v) is int}


def work_sequence(manifest: str) -> dict[str, Any]:
    """Import each per-institution file into its institution, one after the other."""
    _django()
    from tangguh.institutions.models import Institution
    from tangguh.people.services import employee_import

    files = json.loads(Path(manifest).read_text())
    institutions = {i.code: i for i in Institution.objects.all()}
    totals: dict[str, int] = {}
    started = time.perf_counter()
    for code, path in files:
        result = employee_import(
            source=Path(path), filename=Path(path).name, institution=institutions[code], actor=None
        )
        for key, value in _counts(result).items():
            totals[key] = totals.get(key, 0) + value
    return {"seconds": time.perf_counter() - started, "files": len(files), **totals}


def work_tangguh(path: str, code: str, profile: str = "") -> dict[str, Any]:
    _django()
    from tangguh.institutions.models import Institution
    from tangguh.people.services import employee_import

    institution = Institution.objects.get(code=code)

    def run() -> Any:
        return employee_import(
            source=Path(path), filename=Path(path).name, institution=institution, actor=None
        )

    started = time.perf_counter()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(run)
        profiler.dump_stats(profile)
    else:
        result = run()
    return {"seconds": time.perf_counter() - started, **_counts(result)}


_SEX = {"L": "M", "P": "F"}
_POSITION_KIND = {
    "Pelaksana": "pelaksana", "Fungsional": "fungsional", "Pengawas": "pengawas",
    "Administrator": "administrator", "JPT Pratama": "jpt_pratama", "JPT Madya": "jpt_madya",
    "JPT Utama": "jpt_utama",
}  # fmt: skip


def work_bulk_create(path: str, code: str) -> dict[str, Any]:
    """The naive baseline: csv + Employee(...) + bulk_create, no validation, no units, no history."""
    _django()
    from django.db import transaction

    from tangguh.institutions.models import Institution
    from tangguh.people.models import Employee

    institution_id = Institution.objects.get(code=code).pk
    started = time.perf_counter()
    rows = 0
    with open(path, encoding="utf-8", newline="") as fh, transaction.atomic():
        reader = csv.reader(fh)
        next(reader)
        batch: list[Employee] = []
        for r in reader:
            day, month, year = r[5].split("-")
            batch.append(
                Employee(
                    nip=r[0], title_front=r[1], full_name=r[2], title_back=r[3], sex=_SEX.get(r[4], ""),
                    birth_date=date(int(year), int(month), int(day)), employee_kind=r[6],
                    position_kind=_POSITION_KIND.get(r[8], ""), rank=r[9], institution_id=institution_id,
                )
            )  # fmt: skip
            rows += 1
            if len(batch) == 5000:
                Employee.objects.bulk_create(batch)
                batch.clear()
        Employee.objects.bulk_create(batch)
    return {"seconds": time.perf_counter() - started, "created": rows, "total_rows": rows}


def work_import_export(path: str, code: str, rows: str) -> dict[str, Any]:
    """django-import-export, configured as fast as it goes: bulk, cached loader, one transaction."""
    _django()
    import tablib
    from import_export import fields, instance_loaders, resources, widgets

    from tangguh.institutions.models import Institution
    from tangguh.people.models import Employee

    institution_id = Institution.objects.get(code=code).pk

    class MapWidget(widgets.CharWidget):
        def __init__(self, mapping: dict[str, str]) -> None:
            super().__init__()
            self.mapping = mapping

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            return self.mapping.get(value, "")

    class EmployeeResource(resources.ModelResource):
        nip = fields.Field(attribute="nip", column_name="NIP")
        title_front = fields.Field(attribute="title_front", column_name="Gelar Depan")
        full_name = fields.Field(attribute="full_name", column_name="Nama")
        title_back = fields.Field(attribute="title_back", column_name="Gelar Belakang")
        sex = fields.Field(attribute="sex", column_name="Jenis Kelamin", widget=MapWidget(_SEX))
        birth_date = fields.Field(
            attribute="birth_date",
            column_name="Tanggal Lahir",
            widget=widgets.DateWidget("%d-%m-%Y"),
        )
        employee_kind = fields.Field(attribute="employee_kind", column_name="Status Kepegawaian")
        position_kind = fields.Field(
            attribute="position_kind", column_name="Jenis Jabatan", widget=MapWidget(_POSITION_KIND)
        )
        rank = fields.Field(attribute="rank", column_name="Golongan")

        class Meta:
            model = Employee
            fields = ("nip", "title_front", "full_name", "title_back", "sex", "birth_date",
                      "employee_kind", "position_kind", "rank")  # fmt: skip
            import_id_fields = ("nip",)
            use_bulk = True
            batch_size = 5000
            use_transactions = True
            instance_loader_class = instance_loaders.CachedInstanceLoader

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.institution_id = institution_id

    with open(path, encoding="utf-8", newline="") as fh:
        lines = [next(fh) for _ in range(int(rows) + 1)]
    started = time.perf_counter()
    dataset = tablib.Dataset().load("".join(lines), format="csv")
    result = EmployeeResource().import_data(dataset, raise_errors=True, use_transactions=True)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "created": result.totals.get("new", 0), "total_rows": int(rows)}


def work_clear() -> dict[str, Any]:
    """Empty the register (between the side-by-side runs)."""
    _django()
    from django.db import connection, transaction

    from tangguh.people.models import (
        Employee,
        EmploymentHistory,
        Position,
        TransferRequest,
        WorkUnit,
    )

    with transaction.atomic():
        if connection.vendor == "postgresql":
            tables = ", ".join(
                m._meta.db_table
                for m in (EmploymentHistory, TransferRequest, Employee, WorkUnit, Position)
            )
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {tables} CASCADE")
        else:
            for model in (EmploymentHistory, TransferRequest, Employee, WorkUnit, Position):
                model.objects.all().delete()
    return {}


WORKERS = {
    "sequence": work_sequence,
    "tangguh": work_tangguh,
    "bulk_create": work_bulk_create,
    "import_export": work_import_export,
    "clear": work_clear,
}


# --- the benchmark -------------------------------------------------------------------


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}" if seconds else "-"


def run_national(engine: str, rows: int, results: dict[str, Any]) -> None:
    files = generate.national(rows, split=True)
    manifest = OUT / f"sequence-{rows}.json"
    manifest.write_text(json.dumps([(f.code, str(f.path)) for f in files]))
    url = fresh_database(engine)
    for label in ("import", "reimport"):
        print(
            f"  {engine}: {label} of {rows:,} rows in {len(files)} per-institution files ...",
            flush=True,
        )
        r = measured(worker("sequence", str(manifest)), url)
        results[f"{engine}.national_{label}"] = r
        print(f"    {r['seconds']:.1f} s, {_rate(rows, r['seconds'])} rows/s, peak RSS {r['max_rss_mb']:.0f} MB, "
              f"created {r.get('created', 0):,}, unchanged {r.get('unchanged', 0):,}, rejected {r.get('rejected', 0):,}",
              flush=True)  # fmt: skip


def run_cli(engine: str, rows: int, results: dict[str, Any]) -> None:
    (national,) = {f.path for f in generate.national(rows, split=False)}
    url = fresh_database(engine, PG_DB + "_cli")
    for label in ("import", "reimport"):
        print(
            f"  {engine}: CLI {label} of the single national file ({rows:,} rows) ...", flush=True
        )
        cmd = [
            TANGGUH,
            "employees",
            "import",
            str(national),
            "--json",
        ]
        r = measured(cmd, url)
        r.pop("errors", None)
        results[f"{engine}.cli_{label}"] = r
        print(f"    {r['wall_s']:.1f} s wall (incl. start-up), {_rate(rows, r['wall_s'])} rows/s, "
              f"peak RSS {r['max_rss_mb']:.0f} MB, created {r.get('created', 0):,}, "
              f"unchanged {r.get('unchanged', 0):,}", flush=True)  # fmt: skip
    if engine == "pg":
        _drop_pg(PG_DB + "_cli")


def _drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_compare(engine: str, sample_rows: int, ie_rows: int, results: dict[str, Any]) -> None:
    path = str(generate.sample(sample_rows))
    code = generate.SAMPLE_INSTITUTION[0]
    url = fresh_database(engine, PG_DB + "_cmp")
    runs = [
        ("tangguh", worker("tangguh", path, code), sample_rows),
        ("tangguh_reimport", worker("tangguh", path, code), sample_rows),
        ("bulk_create", worker("bulk_create", path, code), sample_rows),
        ("import_export", worker("import_export", path, code, str(ie_rows)), ie_rows),
    ]
    for label, cmd, rows in runs:
        if label in ("bulk_create", "import_export"):
            measured(worker("clear"), url)
        print(f"  {engine}: {label} on {rows:,} rows ...", flush=True)
        r = measured(cmd, url)
        r["rows"] = rows
        results[f"{engine}.compare_{label}"] = r
        print(f"    {r['seconds']:.2f} s, {_rate(rows, r['seconds'])} rows/s, peak RSS {r['max_rss_mb']:.0f} MB",
              flush=True)  # fmt: skip
    if engine == "pg":
        _drop_pg(PG_DB + "_cmp")


def print_table(results: dict[str, Any]) -> None:
    print()
    print(f"{'measurement':44} {'rows':>10} {'seconds':>9} {'rows/s':>10} {'peak RSS MB':>12}")
    for key, r in results.items():
        if not isinstance(r, dict) or "max_rss_mb" not in r:
            continue
        rows = r.get("rows") or r.get("total_rows", 0)
        seconds = r.get("seconds", r["wall_s"])
        print(
            f"{key:44} {rows:>10,} {seconds:>9.1f} {_rate(rows, seconds):>10} {r['max_rss_mb']:>12.0f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=4_300_000, help="national register size")
    parser.add_argument("--sample", type=int, default=100_000, help="side-by-side file size")
    parser.add_argument(
        "--ie-rows",
        type=int,
        default=None,
        help="rows for django-import-export (default: --sample)",
    )
    parser.add_argument("--db", nargs="+", choices=("pg", "sqlite"), default=["pg", "sqlite"])
    parser.add_argument("--skip", nargs="*", choices=("national", "cli", "compare"), default=[])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](*rest)), flush=True)
        return
    results: dict[str, Any] = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                                          f"Python {platform.python_version()}", "rows": args.rows}  # fmt: skip
    for engine in args.db:
        if "national" not in args.skip:
            run_national(engine, args.rows, results)
        if "cli" not in args.skip:
            run_cli(engine, args.rows, results)
        if "compare" not in args.skip:
            run_compare(engine, args.sample, args.ie_rows or args.sample, results)
        if "national" not in args.skip and engine == "pg":
            # Leave the national register loaded for bench_list.
            pass
    print_table(results)
    out = OUT / "import-results.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    out.write_text(json.dumps({**previous, **results}, indent=1, default=str))
    print(f"\nsaved to {out}")


if __name__ == "__main__":
    main()
