"""A `kill -9` in the middle of an import leaves the register exactly as it was; running
the import again then ends in the state of one clean import.

Real processes against a scratch database (a SQLite file, or a scratch PostgreSQL
database when the suite runs on PostgreSQL): no mock can prove what a killed process
leaves behind. Each import is stopped at a known stage (tests/people/import_stages.py),
and the test kills it only once the process has said where it is: rows staged, or the
merge written and not yet committed. So a kill cannot land before the import started
or after it finished and still pass.
"""

from __future__ import annotations

import csv
import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tangguh.people.generator import NipAllocator, write_institution_file

from .scratch import environment, run, scratch_database

ROWS = 40_000  # more than one staging chunk: "staging" stops with rows in the stage
NEW_ROWS = 2_000


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("crash")
    db = scratch_database(folder)
    env = environment(db, folder)
    try:
        run(env, "migrate", "--noinput", "-v0")
        run(env, "institutions", "load")
        yield env, db
    finally:
        if db.drop:
            db.drop()


def _empty_register(env):  # type: ignore[no-untyped-def]
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    for t in ('people_transferrequest', 'people_employmenthistory', 'people_employee',"
        " 'people_position', 'people_workunit', 'people_importissue', 'people_importjob'):\n"
        "        c.execute('DELETE FROM ' + t)\n"
    )
    run(env, "shell", "-c", code)  # the audit trail is append-only: it stays


def _digest(rows: list[tuple[Any, ...]]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _register(db):  # type: ignore[no-untyped-def]
    """Everything an import writes, to the last timestamp: equal means untouched."""
    people = db.query(
        "SELECT nip, full_name, title_back, rank, status, institution_id, work_unit_id,"
        " position_id, fingerprint, updated_at FROM people_employee ORDER BY nip"
    )
    counts = {
        table: db.scalar(f"SELECT COUNT(*) FROM {table}")
        for table in (
            "people_workunit",
            "people_position",
            "people_employmenthistory",
            "people_transferrequest",
            "core_auditentry",
            "core_auditsubject",
        )
    }
    return {
        "people": len(people),
        "digest": _digest([tuple(map(str, r)) for r in people]),
        **counts,
    }


def _names(db):  # type: ignore[no-untyped-def]
    return dict(db.query("SELECT nip, full_name FROM people_employee"))


def _import(file: Path) -> list[str]:
    return ["employees", "import", str(file), "--institution", "35.78", "--json"]


def _kill_at(env, stage: str, file: Path, folder: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Run the import of ``file``, wait until it reports ``stage``, kill -9 it; its report."""
    marker = folder / f"{stage}-{file.stem}.json"
    marker.unlink(missing_ok=True)
    args = [sys.executable, "-m", "tests.people.import_stages", stage, str(marker), *_import(file)]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while not marker.exists() or not marker.read_text():
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"the import ended ({proc.returncode}) before {stage}: {out!r} {err!r}")
            if time.monotonic() > deadline:
                pytest.fail(f"the import never reached {stage}")
            time.sleep(0.05)
        report = json.loads(marker.read_text())
        assert proc.poll() is None, "the import had ended before the kill"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.returncode
    assert report["stage"] == stage and report["pid"] == proc.pid, report
    return report


def _files(folder: Path) -> tuple[Path, Path]:
    """The first file (ROWS new people), and a second: every name changed, one unit in ten
    moved to a new unit, NEW_ROWS more people (updates, new units, inserts)."""
    allocator = NipAllocator()
    first = write_institution_file(
        folder / "sby.csv", institution_code="35.78", kind="kota", count=ROWS, seed=7,
        allocator=allocator,
    )  # fmt: skip
    more = write_institution_file(
        folder / "more.csv", institution_code="35.78", kind="kota", count=NEW_ROWS, seed=8,
        allocator=allocator,
    )  # fmt: skip
    second = folder / "sby-changed.csv"
    with (
        first.open(encoding="utf-8-sig", newline="") as a,
        more.open(encoding="utf-8-sig", newline="") as m,
        second.open("w", encoding="utf-8", newline="") as out,
    ):
        rows = csv.DictReader(a)
        writer = csv.DictWriter(out, fieldnames=rows.fieldnames)  # type: ignore[arg-type]
        writer.writeheader()
        for i, row in enumerate(rows):
            row["Nama"] = f"{row['Nama']} Baru"
            if i % 10 == 0:
                row["Unit Kerja"] = f"Unit Baru {i % 37}"
            writer.writerow(row)
        writer.writerows(csv.DictReader(m))
    return first, second


def test_kill_9_mid_import_leaves_the_register_as_it_was(scratch, tmp_path):  # type: ignore[no-untyped-def]
    env, db = scratch
    first, second = _files(tmp_path)

    # 1. Into an empty register (every row an insert), then 2. over the first import
    #    (every row an update, new units, some inserts). Killed while staging and with
    #    the merge written but not committed, the register stays as it was, to the byte.
    _empty_register(env)
    for file, inserts, updates in ((first, ROWS, 0), (second, NEW_ROWS, ROWS)):
        before = _register(db)

        staging = _kill_at(env, "staging", file, tmp_path)
        assert 0 < staging["done"] < staging["total"], staging
        assert staging["staged"] > 0, staging  # rows were in the stage when it died
        assert _register(db) == before

        merged = _kill_at(env, "merged", file, tmp_path)
        assert merged["counts"] == {"created": inserts, "updated": updates}, merged
        # Inside its transaction the merge had written them all, audit entry included.
        assert merged["seen"]["people_employee"] == before["people"] + inserts, merged
        assert merged["seen"]["core_auditentry"] == before["core_auditentry"] + 1, merged
        assert _register(db) == before

        # Run again: the state of one clean import.
        result = json.loads(run(env, *_import(file)).stdout.strip().splitlines()[-1])
        assert (result["created"], result["updated"], result["rejected"]) == (inserts, updates, 0)
        after = _register(db)
        assert after["people"] == before["people"] + inserts
        assert after["core_auditentry"] == before["core_auditentry"] + 1

    names = _names(db)
    assert len(names) == ROWS + NEW_ROWS
    changed = sum(name.endswith(" Baru") for name in names.values())
    assert changed == ROWS, changed
    assert db.scalar("SELECT COUNT(*) FROM people_workunit WHERE name LIKE 'Unit Baru %'") == 37
