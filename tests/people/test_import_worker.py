"""Real workers (``tangguh db_worker``) against hostile files and their own death.

Whatever a file does to the process that reads it, the worker lives on, the job ends
FAILED with a sentence and the next job runs; a worker killed with ``kill -9`` takes
its import's process with it, and the next worker fails that job and runs the queue.
Real processes against a scratch database (SQLite, or PostgreSQL when the suite runs
on it): the tests' own settings run imports in-process, so none of this shows there.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from tangguh.core.messages import render
from tangguh.people.generator import write_institution_file

from . import hostile_files as hostile
from .scratch import TANGGUH, Scratch, environment, run, scratch_database

LEASE = 3  # seconds: a worker that stopped is noticed quickly here


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: Any) -> Iterator[tuple[Scratch, Path]]:
    folder = tmp_path_factory.mktemp("worker")
    db = scratch_database(folder)
    env = environment(db, folder)
    try:
        run(env, "migrate", "--noinput", "-v0")
        run(env, "institutions", "load")
        yield db, folder
    finally:
        if db.drop:
            db.drop()


def _env(scratch: tuple[Scratch, Path], **extra: str) -> dict[str, str]:
    db, folder = scratch
    return environment(db, folder, TANGGUH_IMPORT_LEASE_SECONDS=str(LEASE), **extra)


_SUBMIT = """
import json, sys
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from tangguh.institutions.models import Institution
from tangguh.people.services import import_job_create
ids = []
with translation.override("en"):
    for path in {paths!r}:
        with open(path, "rb") as fh:
            job = import_job_create(
                uploaded_file=SimpleUploadedFile(path.rsplit("/", 1)[-1], fh.read()),
                institution=Institution.objects.get(code="35.78"),
                actor=None, dry_run={dry_run!r}, strict=False,
            )
        ids.append(job.pk)
print(json.dumps(ids))
"""


def _submit(env: dict[str, str], *paths: Path, dry_run: bool = True) -> list[int]:
    code = _SUBMIT.format(paths=[str(p) for p in paths], dry_run=dry_run)
    out = run(env, "shell", "-c", code).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def _progress(db: Scratch, job: int) -> tuple[str, int, int]:
    sql = "SELECT status, progress_done, progress_total FROM people_importjob WHERE id = "
    return db.query(f"{sql}{int(job)}")[0]


def _register(db: Scratch) -> tuple[int, str]:
    """The register's people, to the last timestamp (a count and a digest)."""
    people = db.query("SELECT nip, full_name, rank, updated_at FROM people_employee ORDER BY nip")
    return len(people), hashlib.sha256(repr(people).encode()).hexdigest()


def _subreaper(on: bool) -> None:
    """While on, this process inherits its descendants' orphans, and may reap them to learn
    how they ended (prctl PR_SET_CHILD_SUBREAPER)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, int(on), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def _jobs(db: Scratch, ids: list[int]) -> dict[int, tuple[str, int, str]]:
    rows = db.query(
        "SELECT id, status, attempts, message FROM people_importjob "
        f"WHERE id IN ({','.join(str(i) for i in ids)})"
    )
    # A message is stored as msgid and params: read in English, the language asserted here.
    with translation.override("en"):
        return {r[0]: (r[1], r[2], render(r[3])) for r in rows}


def _wait(check: Callable[[], bool], timeout: float = 180, interval: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(interval)


def _finished(db: Scratch, ids: list[int]) -> bool:
    return all(s in ("done", "failed") for s, _a, _m in _jobs(db, ids).values())


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [TANGGUH, "db_worker", "--interval", "0.2", "--no-reload", "--no-startup-delay"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # the parent's pid
            found.append(int(stat.parent.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def _files(folder: Path, builders: dict[str, Callable[[], bytes]]) -> list[Path]:
    paths = []
    for name, build in builders.items():
        path = folder / name
        path.write_bytes(build())
        paths.append(path)
    return paths


def _good_csv(folder: Path, count: int = 3, seed: int = 1) -> Path:
    return write_institution_file(
        folder / f"good-{count}-{seed}.csv",
        institution_code="35.78",
        kind="kota",
        count=count,
        seed=seed,
    )


def test_hostile_files_fail_their_jobs_and_the_worker_runs_on(scratch, tmp_path):  # type: ignore[no-untyped-def]
    db, _folder = scratch
    env = _env(scratch)
    hostile_paths = _files(
        tmp_path,
        {
            "xfd.xlsx": hostile.cell_at_xfd1048576,
            "bomb.xlsx": hostile.zip_bomb,
            "deep.xlsx": hostile.deep_xml,
            "strings.xlsx": lambda: hostile.shared_strings_declaring(4_000_000_000),
            "line.csv": hostile.enormous_line_csv,
        },
    )
    worker = _worker(env, tmp_path / "worker.log")
    try:
        ids = _submit(env, *hostile_paths, _good_csv(tmp_path))
        _wait(lambda: _finished(db, ids))
        jobs = _jobs(db, ids)
        expected = ["XFD1048576", "times its packed size", "levels deep", "different texts",
                    "longer than"]  # fmt: skip
        for job_id, fragment in zip(ids, expected, strict=False):
            status, attempts, message = jobs[job_id]
            assert (status, attempts) == ("failed", 1), jobs[job_id]
            assert fragment in message and "Traceback" not in message, message
        assert jobs[ids[-1]][0] == "done", jobs[ids[-1]]
        assert worker.poll() is None  # alive
    finally:
        _stop(worker)


def test_a_reader_that_dies_or_eats_memory_fails_the_job_not_the_worker(scratch, tmp_path):  # type: ignore[no-untyped-def]
    """With the checks switched off, the reader itself meets the files: it asks for 549 GB
    (and aborts), or fills memory past the budget (and is killed). The worker lives on."""
    db, _folder = scratch
    env = _env(
        scratch,
        DJANGO_SETTINGS_MODULE="tests.people.worker_settings",
        TANGGUH_IMPORT_MEMORY_MB="200",
    )
    # A cell at Z500000: the reader fills a table of 13 million cells (416 MB).
    rows = hostile.HEADER_ROWS + '<row r="500000"><c r="Z500000"><v>1</v></c></row>'
    paths = _files(
        tmp_path,
        {
            "xfd.xlsx": hostile.cell_at_xfd1048576,
            "wide.xlsx": lambda: hostile.workbook_with({hostile.SHEET: hostile.sheet(rows)}),
        },
    )
    worker = _worker(env, tmp_path / "worker.log")
    try:
        ids = _submit(env, *paths, _good_csv(tmp_path))
        _wait(lambda: _finished(db, ids))
        jobs = _jobs(db, ids)
        for job_id in ids[:2]:
            status, _attempts, message = jobs[job_id]
            assert status == "failed", jobs[job_id]
            assert "needs more memory than an import may use (200 MB)" in message, message
        assert jobs[ids[2]][0] == "done"
        assert worker.poll() is None
    finally:
        _stop(worker)


def test_an_import_past_its_time_is_stopped(scratch, tmp_path):  # type: ignore[no-untyped-def]
    db, _folder = scratch
    env = _env(scratch, TANGGUH_IMPORT_TIME_LIMIT="1")
    worker = _worker(env, tmp_path / "worker.log")
    try:
        ids = _submit(env, _good_csv(tmp_path, 40_000, seed=2))
        _wait(lambda: _finished(db, ids))
        status, _attempts, message = _jobs(db, ids)[ids[0]]
        assert status == "failed", message
        assert "took longer than the 1 seconds an import may take" in message, message
        assert worker.poll() is None
    finally:
        _stop(worker)


def test_a_killed_worker_takes_its_import_along_and_the_next_worker_recovers(scratch, tmp_path):  # type: ignore[no-untyped-def]
    db, _folder = scratch
    env = _env(scratch)
    register = _register(db)
    _subreaper(True)
    first = _worker(env, tmp_path / "first.log")
    try:
        slow = _submit(env, _good_csv(tmp_path, 40_000, seed=3), dry_run=False)[0]
        # Killed mid-import: once the import's own process has reported rows done.
        _wait(lambda: _progress(db, slow)[1] > 0, interval=0.05)
        [child] = [
            pid
            for pid in _children(first.pid)
            if f"tangguh.people.job_runner {slow} " in _cmdline(pid)
        ]
        status, done, total = _progress(db, slow)
        assert status == "running" and 0 < done < total, (status, done, total)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        assert first.returncode == -signal.SIGKILL
        # The import went with its worker, killed by the kernel (this process reaps it).
        _pid, how = os.waitpid(child, 0)
        assert os.WIFSIGNALED(how) and os.WTERMSIG(how) == signal.SIGKILL, how
    finally:
        _subreaper(False)
        _stop(first)
    status, done, total = _progress(db, slow)
    assert status == "running" and done < total  # it never finished; nobody has noticed yet
    assert _register(db) == register  # nothing of it reached the register
    # A job whose task was lost (a worker died between the two): queued, with no task.
    orphan = _submit(env, _good_csv(tmp_path, 3, seed=5))[0]
    db.query("DELETE FROM django_tasks_database_dbtaskresult WHERE status = 'READY'")
    waiting = _submit(env, _good_csv(tmp_path, 3, seed=4))[0]
    time.sleep(LEASE + 1)
    second = _worker(env, tmp_path / "second.log")
    try:
        _wait(lambda: _finished(db, [slow, waiting, orphan]))
        jobs = _jobs(db, [slow, waiting, orphan])
        assert (
            jobs[slow][0] == "failed" and "The worker running this import stopped" in jobs[slow][2]
        )
        assert jobs[waiting][0] == "done" and jobs[orphan][0] == "done", jobs
        assert second.poll() is None
        assert _register(db) == register  # the failed import was not half done by anyone
    finally:
        _stop(second)


def test_a_worker_asked_to_stop_finishes_its_import_and_asked_twice_fails_it(scratch, tmp_path):  # type: ignore[no-untyped-def]
    db, _folder = scratch
    env = _env(scratch)
    for signals, expected in ((1, "done"), (2, "failed")):
        worker = _worker(env, tmp_path / f"worker-{signals}.log")
        try:
            job = _submit(env, _good_csv(tmp_path, 40_000, seed=10 + signals))[0]
            _wait(lambda job=job: _jobs(db, [job])[job][0] == "running")  # type: ignore[misc]
            for _ in range(signals):
                worker.send_signal(signal.SIGTERM)
                time.sleep(0.5)
            worker.wait(timeout=300)
            status, _attempts, message = _jobs(db, [job])[job]
            assert status == expected, message
            if expected == "failed":
                assert "The worker was stopped while this import ran" in message
        finally:
            _stop(worker)
