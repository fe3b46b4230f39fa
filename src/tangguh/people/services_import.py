"""Writes about import jobs: upload, confirm, run, retry, and the lease of a running job.

A job is one upload of a register file, run in the background (``tasks.py``). Its life:

- ``QUEUED`` by :func:`import_job_create` (a dry run, or a real import), by
  :func:`import_job_confirm` (the real import of a good dry run: one per dry run, a
  second confirmation is a :class:`Conflict`), or by :func:`import_job_retry` (a failed
  job, again, with the same stored file);
- ``RUNNING`` once a worker claims it (:func:`import_job_claim`: ``attempts`` counts
  the claims and fences every later write of that attempt). The import itself runs in a
  child process with a memory and time budget (``job_runner.py``); the worker renews
  ``heartbeat_at`` while it waits for it;
- ``DONE`` or ``FAILED`` with a sentence in the uploader's language, the problems as
  ``ImportIssue`` rows and the error report built once (``report``).

A ``RUNNING`` job whose heartbeat is older than the lease lost its worker:
:func:`import_jobs_expire` fails it with a sentence, whoever notices first (a worker
starting or between jobs, the job's page, the API).
"""

from __future__ import annotations

import io
import logging
import os
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError

from .importing import ALLOWED_EXTENSIONS, ImportFileError
from .importing.guard import upload_limit
from .models import ImportIssue, ImportJob, ImportStatus

logger = logging.getLogger(__name__)

FINISHED = (ImportStatus.DONE, ImportStatus.FAILED)


def lease() -> timedelta:
    """How long a running job may go without a sign of life from its worker."""
    return timedelta(seconds=int(getattr(settings, "TANGGUH_IMPORT_LEASE_SECONDS", 300)))


def _check_may_import(actor: Any, institution: Any) -> None:
    from .services import _may

    if not _may(actor, ImportJob, "add", institution):
        raise PermissionDenied(
            _("You may not import civil servants into %(institution)s.")
            % {"institution": institution}
        )


# --- upload, confirm, retry ------------------------------------------------------------


def import_job_create(
    *, uploaded_file: Any, institution: Any, actor: Any, dry_run: bool, strict: bool
) -> ImportJob:
    """Store an uploaded file as an import job and queue it (dry run or real import)."""
    _check_may_import(actor, institution)
    name = os.path.basename(getattr(uploaded_file, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise DomainError(
            _(
                "“%(name)s” is not a CSV or XLSX file. Upload the register as .xlsx or .csv (use the template)."
            )
            % {"name": name},
            errors=[{"field": "file", "code": "extension"}],
        )
    size = getattr(uploaded_file, "size", None)
    limit = upload_limit(name)
    if size is not None and size > limit:
        raise DomainError(
            upload_too_large_message(name, size, limit),
            errors=[{"field": "file", "code": "size"}],
        )
    if size == 0:
        raise DomainError(_("The file is empty."), errors=[{"field": "file", "code": "empty"}])
    with transaction.atomic():
        job = ImportJob(
            institution=institution,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            original_name=name[:255],
            dry_run=dry_run,
            strict=strict,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            heartbeat_at=timezone.now(),  # queued at: see import_jobs_requeue
        )
        job.file.save(name, uploaded_file, save=False)
        job.save()
        audit_record(
            actor=actor,
            action="people.import_job_create",
            target=job,
            institution=institution,
            data={"file": name, "dry_run": dry_run, "strict": strict, "size": size},
        )
    return _enqueue(job)


def upload_too_large_message(name: str, size: int, limit: int) -> str:
    return _(
        "“%(name)s” is %(size)s; the largest file we accept is %(limit)s. Split it into several files."
    ) % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}


def import_job_confirm(*, job: ImportJob, actor: Any) -> ImportJob:
    """After a successful dry run, queue the real import of the same stored file.

    Once per dry run: a second confirmation (a double click, two tabs, two people at
    once) is a :class:`Conflict` and queues nothing. The database holds the rule (the
    real job's ``dry_run_job`` is unique), so two confirmations at the same instant
    cannot both pass.
    """
    _check_may_import(actor, job.institution)
    if not job.dry_run or job.status != ImportStatus.DONE:
        raise Conflict(_("Only a finished dry run can be confirmed. Upload the file again."))
    if job.result.get("file_rejected"):
        raise Conflict(
            _("The dry run rejected the whole file. Correct the file and upload it again.")
        )
    if _confirmed(job):
        raise _confirmed_already()
    try:
        with transaction.atomic():
            real = ImportJob(
                institution=job.institution,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                original_name=job.original_name,
                dry_run=False,
                strict=job.strict,
                language=translation.get_language() or job.language,
                dry_run_job=job,
                heartbeat_at=timezone.now(),
            )
            real.file.name = job.file.name  # the same stored file, not a copy
            real.save()
            audit_record(
                actor=actor,
                action="people.import_job_confirm",
                target=real,
                institution=job.institution,
                data={"dry_run_job": job.pk},
            )
    except IntegrityError:
        raise _confirmed_already() from None
    return _enqueue(real)


def _confirmed(job: ImportJob) -> bool:
    """Whether the dry run has its import already (the quick answer; the unique link
    decides between two confirmations at the same instant)."""
    return ImportJob.objects.filter(dry_run_job=job).exists()


def _confirmed_already() -> Conflict:
    return Conflict(
        _(
            "This dry run has been confirmed already: its import is queued or done. Open "
            "it from the list of recent imports; to import the file again, upload it again."
        )
    )


def import_job_retry(*, job: ImportJob, actor: Any) -> ImportJob:
    """Run a failed job again with the same stored file (a new attempt of the same job).

    Its previous problems and report go; the audit entry keeps what it failed with.
    """
    _check_may_import(actor, job.institution)
    import_jobs_expire(pk=job.pk)  # a job whose worker is gone can be retried at once
    previous = ImportJob.objects.filter(pk=job.pk).values("status", "message", "report").get()
    with transaction.atomic():
        # The status condition makes two retries at once queue one attempt.
        queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.FAILED).update(
            status=ImportStatus.QUEUED,
            message="",
            result={},
            progress_done=0,
            progress_total=0,
            started_at=None,
            finished_at=None,
            heartbeat_at=timezone.now(),
            report="",
        )
        if not queued:
            raise Conflict(
                _("Only a failed import can be retried; this one is %(status)s.")
                % {"status": ImportStatus(previous["status"]).label}
            )
        ImportIssue.objects.filter(job_id=job.pk).delete()
        audit_record(
            actor=actor,
            action="people.import_job_retry",
            target=job,
            institution=job.institution,
            data={"attempt": job.attempts + 1, "previous_message": previous["message"][:500]},
        )
    if previous["report"]:
        transaction.on_commit(lambda: _delete_file(previous["report"]))
    job.refresh_from_db()
    return _enqueue(job)


def _delete_file(name: str) -> None:
    try:
        ImportJob._meta.get_field("report").storage.delete(name)  # type: ignore[attr-defined]
    except Exception:  # a file left behind is no harm
        logger.warning("Could not delete the old error report %s", name)


def _enqueue(job: ImportJob) -> ImportJob:
    from .tasks import import_job_run

    import_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return job


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
    for job in lost.only("pk", "attempts", "heartbeat_at", "language", "original_name"):
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _(
                "The worker running this import stopped before the import finished (it "
                "was restarted, or the server ran out of memory); nothing of this import "
                "was saved. Retry it."
            )
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


def import_job_fail(job_id: int, attempt: int, message: str) -> bool:
    """Fail a running attempt with ``message`` (the process running it is gone)."""
    return bool(
        ImportJob.objects.filter(pk=job_id, attempts=attempt, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
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
    report. Messages are written in the uploader's language, not the worker's."""
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
        message = str(getattr(exc, "message", exc)) or _(
            "You may not import civil servants into %(institution)s."
        ) % {"institution": job.institution}
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
                        message=e.message,
                    )
                    for e in result.errors
                ),
                batch_size=5000,
            )
        job.result = result.counts()
        job.progress_done = job.progress_total = result.total_rows
        job.message = import_summary(result)
        job.report.name = _build_report(job) or ""
        _finish(job, attempt, ImportStatus.DONE, job.message)
    except Exception:
        logger.exception("Import job %s: recording the result failed", job.pk)
        _fail_internally(job, attempt)


def _build_report(job: ImportJob) -> str | None:
    """The error report, built once now (reading the stored file again when there are
    problems) and stored; its storage name, or None if it could not be built (it is
    then built on its first download)."""
    from . import exports

    try:
        content = exports.import_error_report_xlsx(job=job)
    except ImportFileError:
        return None
    except Exception:
        logger.exception("Import job %s: building the error report failed", job.pk)
        return None
    storage = ImportJob._meta.get_field("report").storage  # type: ignore[attr-defined]
    name = ImportJob._meta.get_field("report").generate_filename(  # type: ignore[attr-defined]
        job, f"import-{job.pk}-problems.xlsx"
    )
    return str(storage.save(name, ContentFile(content)))


def memory_message(name: str) -> str:
    limit = int(getattr(settings, "TANGGUH_IMPORT_MEMORY_MB", 3072))
    return _(
        "“%(name)s” needs more memory than an import may use (%(limit)s MB), so reading it "
        "was stopped; nothing was saved. Save the register as CSV, or split it into "
        "smaller files, then upload it again."
    ) % {"name": name, "limit": number_format(limit, force_grouping=True)}


def _fail_internally(job: ImportJob, attempt: int) -> None:
    try:
        _finish(
            job,
            attempt,
            ImportStatus.FAILED,
            _(
                "The import stopped because of an internal error; the register was not changed. Try again later or contact the administrator."
            ),
        )
    except Exception:  # the database itself is gone: nothing more to record
        logger.exception("Import job %s: recording the failure failed", job.pk)


def _finish(job: ImportJob, attempt: int, status: str, message: str) -> None:
    """Record the end of an attempt, unless a newer attempt took the job over."""
    job.status = status
    job.message = message
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
    if not updated and job.report.name:
        _delete_file(job.report.name)


# --- the error report ------------------------------------------------------------------


def import_job_report(*, job: ImportJob) -> Any:
    """The stored error report of a finished job (a storage file), built now once for a
    job that finished without one (before reports were stored). None while the job runs:
    the caller then serves the report of what is known so far, built on the spot."""
    if job.status not in FINISHED:
        return None
    if not job.report:
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if not locked.report:
                name = _build_report(locked) or _plain_report(locked)
                ImportJob.objects.filter(pk=job.pk).update(report=name)
        job.refresh_from_db(fields=["report"])
    return job.report


def _plain_report(job: ImportJob) -> str:
    """A report without the uploaded rows, for a file that cannot be read again."""
    from openpyxl import Workbook

    from .exports import text_row

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Problems"))
    sheet.append(text_row(sheet, [_("Row"), _("Column"), _("Value"), _("Problem")]))
    for row in job.issues.order_by("row", "id").values_list("row", "column", "value", "message"):
        # A stored value may hold a control character openpyxl refuses: text_row drops it.
        sheet.append(text_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    storage = ImportJob._meta.get_field("report").storage  # type: ignore[attr-defined]
    name = ImportJob._meta.get_field("report").generate_filename(  # type: ignore[attr-defined]
        job, f"import-{job.pk}-problems.xlsx"
    )
    return str(storage.save(name, ContentFile(buffer.getvalue())))
