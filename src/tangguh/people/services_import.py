"""Writes about import jobs: upload, confirm, retry, the stored error report.

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
starting or between jobs, the job's page, the API). Claiming, running an attempt and
the lease are in ``services_import_run.py`` (re-exported here).
"""

from __future__ import annotations

import io
import logging
import os
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.importing.guard import upload_limit
from tangguh.core.messages import render as render_message
from tangguh.core.scoping import may

from .importing import ALLOWED_EXTENSIONS
from .models import ImportIssue, ImportJob, ImportStatus
from .services_import_run import (  # noqa: F401 (the service API)
    _build_report,
    _delete_file,
    import_job_beat,
    import_job_claim,
    import_job_execute,
    import_job_fail,
    import_job_refresh,
    import_job_run_attempt,
    import_jobs_expire,
    import_jobs_requeue,
    lease,
    memory_message,
)

logger = logging.getLogger(__name__)

FINISHED = (ImportStatus.DONE, ImportStatus.FAILED)


def _check_may_import(actor: Any, institution: Any) -> None:
    if not may(actor, ImportJob, "add", institution):
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
    previous = (
        ImportJob.objects.filter(pk=job.pk).values("status", "message", "report", "result").get()
    )
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
            # The message as stored (msgid and params), rendered when the entry is read.
            data={"attempt": job.attempts + 1, "previous_message": previous["message"][:2000]},
        )
    reports = (previous["result"] or {}).get("reports") or {}
    for name in {previous["report"], *reports.values()} - {""}:
        transaction.on_commit(partial(_delete_file, name))
    job.refresh_from_db()
    return _enqueue(job)


def _enqueue(job: ImportJob) -> ImportJob:
    from .tasks import import_job_run

    import_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return job


# --- the error report ------------------------------------------------------------------


def import_job_report(*, job: ImportJob) -> Any:
    """The stored error report of a finished job in the reader's language (a storage
    file): built when the job ended in every language, or now once for a job that
    finished without one in this language (before reports were stored per language).
    None while the job runs: the caller then serves the report of what is known so far,
    built on the spot."""
    if job.status not in FINISHED:
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    names = _report_names(job)
    if language not in names:
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            names = _report_names(locked)
            if language not in names:
                names[language] = _build_report(locked) or _plain_report(locked)
                ImportJob.objects.filter(pk=job.pk).update(
                    report=locked.report.name or names[language],
                    result={**(locked.result or {}), "reports": names},
                )
        job.refresh_from_db(fields=["report", "result"])
    return FieldFile(job, ImportJob._meta.get_field("report"), names[language])


def _report_names(job: ImportJob) -> dict[str, str]:
    """language -> the stored report; a job of before: its one report, in its language."""
    result = job.result if isinstance(job.result, dict) else {}
    names = dict(result.get("reports") or {})
    if not names and job.report:
        names[job.language or settings.LANGUAGE_CODE] = job.report.name
    return names


def _plain_report(job: ImportJob) -> str:
    """A report without the uploaded rows, for a file that cannot be read again."""
    from openpyxl import Workbook

    from .exports import text_row

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Problems"))
    sheet.append(text_row(sheet, [_("Row"), _("Column"), _("Value"), _("Problem")]))
    for row, column, value, message in job.issues.order_by("row", "id").values_list(
        "row", "column", "value", "message"
    ):
        # A stored value may hold a control character openpyxl refuses: text_row drops it.
        sheet.append(text_row(sheet, [row, column, value, render_message(message)]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    storage = ImportJob._meta.get_field("report").storage  # type: ignore[attr-defined]
    name = ImportJob._meta.get_field("report").generate_filename(  # type: ignore[attr-defined]
        job, f"import-{job.pk}-problems.xlsx"
    )
    return str(storage.save(name, ContentFile(buffer.getvalue())))
