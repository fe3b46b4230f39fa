"""Running an import job's attempt, and the lease of a running job (see services_import).

A worker claims a queued job (:func:`import_job_claim`: ``attempts`` counts the claims
and fences every later write of that attempt) and runs it in a child process
(``job_runner.py``), which calls :func:`import_job_run_attempt`; the worker renews the
lease meanwhile (:func:`import_job_beat`) and fails the attempt if the child dies
(:func:`import_job_fail`). A RUNNING job whose heartbeat is older than the lease lost its
worker: :func:`import_jobs_expire` fails it, whoever notices first.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message, dumps

from .importing import ImportFileError
from .models import ImportIssue, ImportJob, ImportStatus

logger = logging.getLogger(__name__)


def lease() -> timedelta:
    """How long a running job may go without a sign of life from its worker."""
    return timedelta(seconds=int(getattr(settings, "TANGGUH_IMPORT_LEASE_SECONDS", 300)))


def _delete_file(name: str) -> None:
    try:
        ImportJob._meta.get_field("report").storage.delete(name)  # type: ignore[attr-defined]
    except Exception:  # a file left behind is no harm
        logger.warning("Could not delete the old error report %s", name)


# --- the lease ---------------------------------------------------------------------


def import_jobs_expire(*, pk: int | None = None) -> int:
    """Fail the running jobs (or the one ``pk``) whose worker stopped giving signs of life.

    Safe to call from anywhere at any time: each job changes only if it is still the
    same attempt, running, with the same old heartbeat. Returns how many were failed.
    """
    cutoff = timezone.now() - lease()
    lost = ImportJob.objects.filter(status=ImportStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    if pk is not None:
        lost = lost.filter(pk=pk)
    failed = 0
    # Stored as msgid and params: shown in the language of whoever reads it.
    message = dumps(
        Message(
            _(
                "The worker running this import stopped before the import finished (it "
                "was restarted, or the server ran out of memory); nothing of this import "
                "was saved. Retry it."
            )
        )
    )
    for job in lost.only("pk", "attempts", "heartbeat_at"):
        failed += ImportJob.objects.filter(
            pk=job.pk,
            status=ImportStatus.RUNNING,
            attempts=job.attempts,
            heartbeat_at=job.heartbeat_at,
        ).update(status=ImportStatus.FAILED, message=message, finished_at=timezone.now())
        logger.warning("Import job %s: its worker stopped; marked failed", job.pk)
    return failed


def import_job_refresh(job: ImportJob) -> ImportJob:
    """``job`` as it is now, failed first if its worker is gone (for its page and API)."""
    if job.status == ImportStatus.RUNNING and import_jobs_expire(pk=job.pk):
        job.refresh_from_db()
    return job


def import_jobs_requeue() -> int:
    """Queue again the jobs that wait with no task to run them (their task was lost with
    a worker, or never written); a worker then picks them up. Returns how many."""
    from .tasks import import_job_run

    cutoff = timezone.now() - lease()
    waiting = list(
        ImportJob.objects.filter(status=ImportStatus.QUEUED)
        .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
        .values_list("pk", flat=True)[:1000]
    )
    if not waiting:
        return 0
    pending = _pending_task_job_ids()
    if pending is None:
        return 0  # a task backend we cannot look into: leave the queue as it is
    requeued = 0
    for pk in waiting:
        if pk in pending:
            continue
        # A new "queued at", so that the next pass does not queue it again meanwhile.
        if ImportJob.objects.filter(pk=pk, status=ImportStatus.QUEUED).update(
            heartbeat_at=timezone.now()
        ):
            import_job_run.enqueue(pk)
            requeued += 1
            logger.warning("Import job %s was waiting without a task: queued again", pk)
    return requeued


def _pending_task_job_ids() -> set[int] | None:
    """The jobs that a task waiting in the database queue (or just claimed) will run."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return None
    from .tasks import import_job_run

    if not str(settings.TASKS.get("default", {}).get("BACKEND", "")).startswith("django_tasks_db"):
        return None
    alive = timezone.now() - lease()
    ids: set[int] = set()
    tasks = DBTaskResult.objects.filter(task_path=import_job_run.module_path).filter(
        Q(status="READY") | Q(status="RUNNING", started_at__gte=alive)
    )
    for args_kwargs in tasks.values_list("args_kwargs", flat=True):
        args = (args_kwargs or {}).get("args") or []
        if args and isinstance(args[0], int):
            ids.add(args[0])
    return ids


# --- running one attempt -------------------------------------------------------------------


def import_job_claim(job_id: int) -> int | None:
    """Mark a queued job running for a new attempt; the attempt's number, or None when the
    job is not queued (run already, or claimed by another worker: a task retried or
    queued twice never imports twice)."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
    )
    if not claimed:
        return None
    return int(ImportJob.objects.filter(pk=job_id).values_list("attempts", flat=True).get())


def import_job_beat(job_id: int, attempt: int) -> bool:
    """Renew the lease of a running attempt; False when the job is no longer that attempt."""
    return bool(
        ImportJob.objects.filter(pk=job_id, attempts=attempt, status=ImportStatus.RUNNING).update(
            heartbeat_at=timezone.now()
        )
    )


def import_job_fail(job_id: int, attempt: int, message: Message | str) -> bool:
    """Fail a running attempt with ``message`` (the process running it is gone)."""
    return bool(
        ImportJob.objects.filter(pk=job_id, attempts=attempt, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED, message=dumps(message), finished_at=timezone.now()
        )
    )


def import_job_execute(*, job_id: int) -> ImportJob:
    """Body of the background task: claim the job and run it, in a child process with a
    memory and time budget (``TANGGUH_IMPORT_ISOLATED``, the default) or in this one."""
    from .job_runner import run_job

    import_jobs_expire()
    run_job(job_id)
    return ImportJob.objects.get(pk=job_id)


def import_job_run_attempt(job_id: int, attempt: int) -> None:
    """Run one claimed attempt here: read, validate, merge; record result, problems and
    report. Messages are stored as msgids and params (shown in the reader's language);
    what is rendered now (the stored error report's first copy) is in the uploader's."""
    job = ImportJob.objects.select_related("institution", "created_by").get(pk=job_id)
    if job.attempts != attempt or job.status != ImportStatus.RUNNING:
        return  # another attempt took over
    with translation.override(job.language or settings.LANGUAGE_CODE):
        _execute(job, attempt)


def _execute(job: ImportJob, attempt: int) -> None:
    from .services import employee_import, import_summary

    this = ImportJob.objects.filter(pk=job.pk, attempts=attempt)
    last = [-1]

    def progress(done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 0
        if percent != last[0]:  # at most one write per percent
            last[0] = percent
            this.update(progress_done=done, progress_total=total, heartbeat_at=timezone.now())

    try:
        with job.file.open("rb") as fh:
            result = employee_import(
                source=fh,
                filename=job.original_name,
                institution=job.institution,
                actor=job.created_by,
                dry_run=job.dry_run,
                strict=job.strict,
                progress=progress,
                job=job,
            )
    except (ImportFileError, DomainError, PermissionDenied) as exc:
        message = (
            getattr(exc, "message", None)
            or str(exc)
            or Message(
                _("You may not import civil servants into %(institution)s."),
                {"institution": str(job.institution)},
            )
        )
        _finish(job, attempt, ImportStatus.FAILED, message)
        return
    except MemoryError:
        logger.warning("Import job %s ran out of memory", job.pk)
        _finish(job, attempt, ImportStatus.FAILED, memory_message(job.original_name))
        return
    except BaseException as exc:
        # Never leave the job RUNNING: an interrupted worker (KeyboardInterrupt,
        # SystemExit) marks it failed too, then stops as asked.
        logger.exception("Import job %s failed", job.pk)
        _fail_internally(job, attempt)
        if not isinstance(exc, Exception):
            raise
        return
    try:
        with transaction.atomic():
            if not this.update(heartbeat_at=timezone.now()):
                return  # a retry started meanwhile: this attempt's result is not wanted
            ImportIssue.objects.filter(job=job).delete()
            ImportIssue.objects.bulk_create(
                (
                    ImportIssue(
                        job=job,
                        row=e.row,
                        column=e.column[:100],
                        value=e.value[:255],
                        message=e.stored,
                    )
                    for e in result.errors
                ),
                batch_size=5000,
            )
        job.result = result.counts()
        preview = getattr(result, "preview", None)
        if preview is not None:
            # A dry run's row-by-row preview (values, rendered in the reader's language).
            job.result["preview"] = preview
        job.progress_done = job.progress_total = result.total_rows
        job.message = dumps(summary := import_summary(result))
        # The report in every language: each reader downloads it in their own.
        reports = _build_reports(job)
        job.report.name = reports.get(translation.get_language() or "", "")
        if reports:
            job.result["reports"] = reports
        _finish(job, attempt, ImportStatus.DONE, summary)
    except Exception:
        logger.exception("Import job %s: recording the result failed", job.pk)
        _fail_internally(job, attempt)


def _build_report(job: ImportJob) -> str | None:
    """The error report in the active language, built once now (reading the stored file
    again when there are problems) and stored; its storage name, or None if it could not
    be built (it is then built on its first download)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return _build_reports(job, [language]).get(language)


def _build_reports(job: ImportJob, languages: list[str] | None = None) -> dict[str, str]:
    """The error report in each of ``languages`` (default: every language of the
    interface), reading the upload once: language -> storage name; {} if it could not
    be built."""
    from . import exports

    languages = languages or [code for code, _name in settings.LANGUAGES]
    try:
        contents = exports.import_error_reports_xlsx(job=job, languages=languages)
    except ImportFileError:
        return {}
    except Exception:
        logger.exception("Import job %s: building the error report failed", job.pk)
        return {}
    field = ImportJob._meta.get_field("report")
    storage = field.storage  # type: ignore[attr-defined]
    names = {}
    for language, content in contents.items():
        name = field.generate_filename(job, f"import-{job.pk}-problems-{language}.xlsx")  # type: ignore[attr-defined]
        names[language] = str(storage.save(name, ContentFile(content)))
    return names


def memory_message(name: str) -> Message:
    limit = int(getattr(settings, "TANGGUH_IMPORT_MEMORY_MB", 3072))
    return Message(
        _(
            "“%(name)s” needs more memory than an import may use (%(limit)s MB), so reading "
            "it was stopped; nothing was saved. Save the register as CSV, or split it into "
            "smaller files, then upload it again."
        ),
        {"name": name, "limit": limit},
    )


def _fail_internally(job: ImportJob, attempt: int) -> None:
    try:
        _finish(
            job,
            attempt,
            ImportStatus.FAILED,
            Message(
                _(
                    "The import stopped because of an internal error; the register was not changed. Try again later or contact the administrator."
                )
            ),
        )
    except Exception:  # the database itself is gone: nothing more to record
        logger.exception("Import job %s: recording the failure failed", job.pk)


def _finish(job: ImportJob, attempt: int, status: str, message: Any) -> None:
    """Record the end of an attempt, unless a newer attempt took the job over. ``message``:
    a Message (or several), stored as msgids and params; plain text is stored as is."""
    job.status = status
    job.message = message = dumps(message)
    job.finished_at = timezone.now()
    updated = ImportJob.objects.filter(pk=job.pk, attempts=attempt).update(
        status=status,
        message=message,
        finished_at=job.finished_at,
        result=job.result,
        progress_done=job.progress_done,
        progress_total=job.progress_total,
        report=job.report.name or "",
        heartbeat_at=job.finished_at,
    )
    if not updated:
        reports = (job.result or {}).get("reports") or {}
        for name in {job.report.name, *reports.values()} - {""}:
            _delete_file(name)
