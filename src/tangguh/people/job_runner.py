"""The worker's side of an import job: each attempt runs in a child process with limits.

``tangguh db_worker`` runs the task (``tasks.import_job_run``), which claims the job and
starts ``python -m tangguh.people.job_runner JOB ATTEMPT WORKER_PID`` for it. The worker
then watches the child: its resident memory (``TANGGUH_IMPORT_MEMORY_MB``) and its wall
time (``TANGGUH_IMPORT_TIME_LIMIT``), killing it beyond either, and renews the job's
lease (``heartbeat_at``) from a thread meanwhile. Whatever a file does to the child (an
allocation of 549 GB that aborts it, a zip bomb, a crash in a native library), the
worker survives, fails the job with a sentence in the uploader's language and takes the
next job. The child dies with the worker (``PR_SET_PDEATHSIG``), and a job whose worker
died is failed once its lease runs out (:func:`start_lease_keeper`, the job's page).

``TANGGUH_IMPORT_ISOLATED = False`` runs the attempt in the worker process itself (the
tests, whose database and file storage a child cannot see).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from typing import IO

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message

logger = logging.getLogger(__name__)

# How often the worker looks at the child's memory and clock (seconds).
POLL_SECONDS = 0.1
_MB = 1024 * 1024


def isolated() -> bool:
    return bool(getattr(settings, "TANGGUH_IMPORT_ISOLATED", True))


def memory_limit_mb() -> int:
    return int(getattr(settings, "TANGGUH_IMPORT_MEMORY_MB", 3072))


def time_limit_seconds() -> int:
    return int(getattr(settings, "TANGGUH_IMPORT_TIME_LIMIT", 3600))


def address_space_mb() -> int:
    """The child's address-space limit (RLIMIT_AS): a single huge allocation fails at
    once instead of racing the memory watch. Twice the memory budget plus 2 GB: threads
    and allocators reserve more address space than they use."""
    configured = getattr(settings, "TANGGUH_IMPORT_ADDRESS_SPACE_MB", None)
    return int(configured) if configured is not None else 2 * memory_limit_mb() + 2048


def run_job(job_id: int) -> None:
    """Claim the job and run its attempt (in a child process unless isolation is off)."""
    from .services_import_run import import_job_claim, import_job_run_attempt

    attempt = import_job_claim(job_id)
    if attempt is None:
        return  # not queued: run already, or by another worker
    if not isolated():
        import_job_run_attempt(job_id, attempt)
        return
    _Supervisor(job_id, attempt).run()


class _Supervisor:
    """Starts the child for one attempt and watches it until it ends."""

    def __init__(self, job_id: int, attempt: int) -> None:
        self.job_id = job_id
        self.attempt = attempt
        self.reason = ""  # "memory" or "time" when the worker stopped the child
        self.peak_rss = 0
        self.peak_size = 0

    def run(self) -> None:
        with tempfile.TemporaryFile() as output:
            proc = self._start(output)
            beats = _Heartbeat(self.job_id, self.attempt)
            beats.start()
            try:
                returncode = self._watch(proc)
            except BaseException:
                # The worker itself is stopping (a second Ctrl-C, SystemExit): the child
                # goes with it, and the job says so rather than waiting for its lease.
                _kill(proc)
                beats.stop()
                self._fail(None, "")
                raise
            beats.stop()
            tail = _tail(output)
        logger.info(
            "Import job %s attempt %s: child exited with %s, peak %s MB resident, %s MB "
            "address space",
            self.job_id, self.attempt, returncode, self.peak_rss // _MB, self.peak_size // _MB,
        )  # fmt: skip
        if returncode != 0:
            logger.warning(
                "Import job %s: the child ended with %s:\n%s", self.job_id, returncode, tail
            )
        self._fail(returncode, tail)

    def _start(self, output: IO[bytes]) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            # One glibc arena per two threads at most: the address-space limit is about
            # memory, not about arenas reserved by idle threads.
            "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2"),
            "TANGGUH_IMPORT_CHILD_AS_MB": str(address_space_mb()),
        }
        return subprocess.Popen(  # noqa: S603 - our own module, numbers as arguments
            [sys.executable, "-m", "tangguh.people.job_runner",
             str(self.job_id), str(self.attempt), str(os.getpid())],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            # Its own session: a Ctrl-C meant for the worker (which then finishes the job
            # at hand before stopping) does not reach the import.
            start_new_session=True,
        )  # fmt: skip

    def _watch(self, proc: subprocess.Popen[bytes]) -> int:
        limit = memory_limit_mb() * _MB
        deadline = time.monotonic() + time_limit_seconds()
        while True:
            try:
                return proc.wait(timeout=POLL_SECONDS)
            except subprocess.TimeoutExpired:
                pass
            rss, size = _memory(proc.pid)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_size = max(self.peak_size, size)
            if rss > limit:
                self.reason = "memory"
            elif time.monotonic() > deadline:
                self.reason = "time"
            if self.reason:
                _kill(proc)
                return proc.wait()

    def _message(self, returncode: int | None, tail: str) -> Message:
        """Why the attempt ended, stored as msgid and params (shown in the reader's language)."""
        from .models import ImportJob
        from .services_import_run import memory_message

        job = ImportJob.objects.only("original_name").get(pk=self.job_id)
        if returncode is None:  # the worker itself is stopping
            return Message(
                _(
                    "The worker was stopped while this import ran; nothing of it was saved. "
                    "Retry it."
                )
            )
        if self.reason == "memory" or (
            not self.reason
            and returncode != 0
            and (
                returncode == -signal.SIGKILL  # the system's out-of-memory killer
                or "memory allocation of" in tail
                or "MemoryError" in tail
            )
        ):
            return memory_message(job.original_name)
        if self.reason == "time":
            limit = time_limit_seconds()
            if limit % 60:
                text = _(
                    "Reading “%(name)s” took longer than the %(limit)s seconds an import "
                    "may take, so it was stopped; nothing was saved. Split the file into "
                    "smaller files, then upload them again."
                )
            else:
                limit //= 60
                text = _(
                    "Reading “%(name)s” took longer than the %(limit)s minutes an import "
                    "may take, so it was stopped; nothing was saved. Split the file into "
                    "smaller files, then upload them again."
                )
            return Message(text, {"name": job.original_name, "limit": limit})
        return Message(
            _(
                "The import of “%(name)s” stopped unexpectedly (the process reading it "
                "ended); nothing was saved. Retry it; if it stops again, save the file as "
                "CSV and upload that."
            ),
            {"name": job.original_name},
        )

    def _fail(self, returncode: int | None, tail: str) -> None:
        """Fail the attempt if the child did not record its end (it was killed, or died);
        ``returncode`` None: the worker itself is stopping."""
        from .services_import_run import import_job_fail

        try:
            message = self._message(returncode, tail)
            if import_job_fail(self.job_id, self.attempt, message):
                logger.warning("Import job %s failed: %s", self.job_id, message)
        except Exception:
            logger.exception("Import job %s: recording the failure failed", self.job_id)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # the child leads its own session
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        logger.error("Import child %s did not end after SIGKILL", proc.pid)


def _memory(pid: int) -> tuple[int, int]:
    """``(resident, address space)`` of a process in bytes (Linux; zeros elsewhere)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            size, resident = fh.read().split()[:2]
    except (OSError, ValueError):
        return 0, 0
    page = os.sysconf("SC_PAGE_SIZE")
    return int(resident) * page, int(size) * page


def _tail(output: IO[bytes], size: int = 4096) -> str:
    output.seek(0, os.SEEK_END)
    output.seek(max(output.tell() - size, 0))
    return output.read().decode("utf-8", "replace")


class _Heartbeat(threading.Thread):
    """Renews the job's lease while the child works; its own database connection, so a
    slow write never holds up the watch over memory and time."""

    def __init__(self, job_id: int, attempt: int) -> None:
        super().__init__(name=f"import-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.attempt = attempt
        self.stopped = threading.Event()

    def run(self) -> None:
        from .services_import_run import import_job_beat, lease

        interval = min(max(lease().total_seconds() / 10, 1.0), 30.0)
        try:
            while not self.stopped.wait(interval):
                try:
                    if not import_job_beat(self.job_id, self.attempt):
                        return
                except Exception:  # a busy database: the next beat will do
                    logger.warning("Import job %s: heartbeat not written", self.job_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=60)


# --- the worker's lease keeper ----------------------------------------------------------------


def start_lease_keeper() -> threading.Thread | None:
    """In a ``db_worker`` process: fail the jobs whose worker is gone and queue again the
    jobs left without a task, now and then every half lease (at most every minute)."""
    if sys.argv[1:2] != ["db_worker"]:
        return None
    keeper = threading.Thread(target=_keep_leases, name="import-lease-keeper", daemon=True)
    keeper.start()
    return keeper


def _keep_leases() -> None:
    from .services_import_run import import_jobs_expire, import_jobs_requeue, lease

    time.sleep(1.0)  # let the worker finish starting
    while True:
        try:
            import_jobs_expire()
            import_jobs_requeue()
        except Exception:
            logger.exception("Import jobs: the lease check failed")
        finally:
            connection.close()
        time.sleep(min(max(lease().total_seconds() / 2, 1.0), 60.0))


# --- the child ----------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the worker dies (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)
    except Exception:  # noqa: S110 - not Linux: the lease still fails the job
        pass
    if os.getppid() != parent:
        os._exit(1)  # the worker died before the line above


def _limit_address_space() -> None:
    megabytes = int(os.environ.get("TANGGUH_IMPORT_CHILD_AS_MB", "0") or 0)
    if megabytes <= 0:
        return
    try:
        import resource

        limit = megabytes * _MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        logger.warning("Import child: the address-space limit could not be set")


def main(argv: list[str]) -> int:
    job_id, attempt, parent = (int(a) for a in argv[:3])
    _die_with_parent(parent)
    _limit_address_space()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.config.settings.dev")
    import django

    django.setup()
    from .services_import_run import import_job_run_attempt

    try:
        import_job_run_attempt(job_id, attempt)
    finally:
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
