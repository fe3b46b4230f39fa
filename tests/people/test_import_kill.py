"""A `kill -9` in the middle of an import leaves the register as it was, or as if the
import had completed; running the import again then ends in the state of one clean import.

Real processes against a scratch database (a SQLite file, or a scratch PostgreSQL
database when the suite runs on PostgreSQL): no mock can prove what a killed
process leaves behind.
"""

import os
import signal
import subprocess
import time

import pytest

from tangguh.people.generator import write_institution_file

from .scratch import TANGGUH, environment, run, scratch_database

ROWS = 40_000


def _run(env, *args, check=True):  # type: ignore[no-untyped-def]
    return run(env, *args, check=check)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("crash")
    db = scratch_database(folder)
    env = environment(db, folder)
    try:
        _run(env, "migrate", "--noinput", "-v0")
        _run(env, "institutions", "load")
        yield env, db.scalar
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
    _run(env, "shell", "-c", code)


def _state(scalar):  # type: ignore[no-untyped-def]
    return (
        scalar("SELECT COUNT(*) FROM people_employee"),
        # The work units come in the same transaction as the people (one per school, office…).
        scalar("SELECT COUNT(*) > 0 FROM people_workunit"),
        scalar("SELECT COUNT(DISTINCT nip) FROM people_employee"),
    )


def _import(env, file):  # type: ignore[no-untyped-def]
    return [TANGGUH, "employees", "import", str(file), "--institution", "35.78", "--json"]


def test_kill_9_mid_import_leaves_nothing_half_written(scratch, tmp_path):
    env, scalar = scratch
    file = write_institution_file(
        tmp_path / "sby.csv", institution_code="35.78", kind="kota", count=ROWS, seed=7
    )
    _empty_register(env)
    started = time.monotonic()
    _run(env, *_import(env, file)[1:])
    full = time.monotonic() - started
    assert _state(scalar) == (ROWS, True, ROWS)

    # Kill at several points of a run (reading, staging, merging); each must be all or nothing.
    for fraction in (0.4, 0.7, 0.85, 0.95):
        _empty_register(env)
        proc = subprocess.Popen(
            _import(env, file), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(full * fraction)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)

        employees, units, distinct = _state(scalar)
        assert (employees, bool(units)) in {(0, False), (ROWS, True)}, (fraction, employees, units)
        assert distinct == employees

        _run(env, *_import(env, file)[1:])
        assert _state(scalar) == (ROWS, True, ROWS)
