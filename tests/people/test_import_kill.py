"""A `kill -9` in the middle of an import leaves the register as it was, or as if the
import had completed; running the import again then ends in the state of one clean import.

Real processes against a scratch database (a SQLite file, or a scratch PostgreSQL
database when the suite runs on PostgreSQL): no mock can prove what a killed
process leaves behind.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tangguh.people.generator import write_institution_file

ROWS = 40_000
TANGGUH = str(Path(sys.executable).with_name("tangguh"))


def _scratch_database(tmp_path):  # type: ignore[no-untyped-def]
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        path = tmp_path / "crash.sqlite3"
        return (
            f"sqlite:///{path}",
            lambda sql: sqlite3.connect(path).execute(sql).fetchone()[0],
            None,
        )
    import psycopg

    name = f"tangguh_crash_{uuid.uuid4().hex[:8]}"
    admin = dict(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname="postgres"
    )
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def scalar(sql):  # type: ignore[no-untyped-def]
        with psycopg.connect(**{**admin, "dbname": name}) as conn:
            return conn.execute(sql).fetchone()[0]

    def drop():  # type: ignore[no-untyped-def]
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = f"postgres://{db['USER']}@{admin['host']}:{admin['port']}/{name}"
    return url, scalar, drop


def _run(env, *args, check=True):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [TANGGUH, *args], env=env, capture_output=True, text=True, check=check, timeout=600
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):  # type: ignore[no-untyped-def]
    url, scalar, drop = _scratch_database(tmp_path_factory.mktemp("crash"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tangguh.config.settings.dev",
        "DEBUG": "0",
    }
    try:
        _run(env, "migrate", "--noinput", "-v0")
        _run(env, "institutions", "load")
        yield env, scalar
    finally:
        if drop:
            drop()


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
