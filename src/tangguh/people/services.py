"""Writes to the register: imports, import jobs, transfer decisions, export audit.

Reads live in selectors.py; the import machinery in importing/.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tangguh.core.audit import SubjectsSQL, audit_read, audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, institution_tree_ids, scope_for

from .importing import ALLOWED_EXTENSIONS, ImportFileError, ImportResult, run_import
from .models import (
    Employee,
    ImportIssue,
    ImportJob,
    ImportStatus,
)
from .services_transfer import transfer_confirm, transfer_reject  # noqa: F401 (the service API)

logger = logging.getLogger(__name__)

# Largest upload accepted; the national register as CSV is well under this.
IMPORT_MAX_BYTES = getattr(settings, "TANGGUH_IMPORT_MAX_BYTES", 2 * 1024**3)


def _may(actor: Any, model: type, action: str, institution: Any) -> bool:
    """Whether ``actor`` may do ``action`` on ``model`` rows of ``institution``.

    ``actor=None`` is the system itself (the command line), which may do anything.
    """
    if actor is None:
        return True
    scope = scope_for(actor, model, action)
    if scope == Scope.ALL:
        return True
    if scope == Scope.INSTITUTION:
        return actor.institution_id == institution.pk
    if scope == Scope.TREE:
        return institution.pk in institution_tree_ids(actor)
    return False


# --- import ------------------------------------------------------------------


def employee_import(
    *,
    source: Any,
    filename: str,
    institution: Any | None,
    actor: Any,
    dry_run: bool = False,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
    job: ImportJob | None = None,
) -> ImportResult:
    """Import a register file (path or binary file object) into ``institution``.

    Valid rows go in, every problem is reported; see importing/ for how. The
    merge is one transaction with its audit entry; a dry run writes nothing
    (except the job's progress when ``job`` is given).

    ``institution=None`` imports a national file: each row goes to the institution
    its "Kode Instansi" column names. Only the system (``actor=None``) and national
    administrators may do that.
    """
    if institution is None:
        if actor is not None and not (
            getattr(actor, "is_superuser", False)
            or getattr(actor, "role", None) == Role.NATIONAL_ADMIN
        ):
            raise PermissionDenied(
                _(
                    "Only a national administrator may import a national file (rows of many institutions)."
                )
            )
    elif not _may(actor, Employee, "add", institution) or not _may(
        actor, Employee, "change", institution
    ):
        raise PermissionDenied(
            _("You may not import civil servants into %(institution)s.")
            % {"institution": institution}
        )

    def record(result: ImportResult, touched: SubjectsSQL) -> None:
        # An import that changed nothing needs no change record: re-running the same
        # file (the demo, a nightly sync) must leave the audit trail as it was.
        touched_count = result.created + result.updated + result.transfers_pending
        if not touched_count:
            return
        # With the NIP of each person created, updated or sent to a transfer (set-based).
        audit_record(
            actor=actor,
            action="people.import",
            target=job,
            institution=institution,
            data={"file": filename, **result.counts()},
            subjects=touched,
            people_count=touched_count,
        )

    return run_import(
        source=source,
        filename=filename,
        institution=institution,
        actor=actor,
        dry_run=dry_run,
        strict=strict,
        progress=progress,
        job=job,
        on_merged=None if dry_run else record,
    )


def import_job_create(
    *, uploaded_file: Any, institution: Any, actor: Any, dry_run: bool, strict: bool
) -> ImportJob:
    """Store an uploaded file as an import job and queue it (dry run or real import)."""
    if not _may(actor, ImportJob, "add", institution):
        raise PermissionDenied(
            _("You may not import civil servants into %(institution)s.")
            % {"institution": institution}
        )
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
    if size is not None and size > IMPORT_MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(limit)s MB. Split it into several files.")
            % {"limit": IMPORT_MAX_BYTES // 1024**2},
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


def import_job_confirm(*, job: ImportJob, actor: Any) -> ImportJob:
    """After a successful dry run, queue the real import of the same stored file."""
    if not _may(actor, ImportJob, "add", job.institution):
        raise PermissionDenied(
            _("You may not import civil servants into %(institution)s.")
            % {"institution": job.institution}
        )
    if not job.dry_run or job.status != ImportStatus.DONE:
        raise Conflict(_("Only a finished dry run can be confirmed. Upload the file again."))
    if job.result.get("file_rejected"):
        raise Conflict(
            _("The dry run rejected the whole file. Correct the file and upload it again.")
        )
    with transaction.atomic():
        real = ImportJob(
            institution=job.institution,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            original_name=job.original_name,
            dry_run=False,
            strict=job.strict,
            language=translation.get_language() or job.language,
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
    return _enqueue(real)


def _enqueue(job: ImportJob) -> ImportJob:
    from .tasks import import_job_run

    import_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return job


def import_job_execute(*, job_id: int) -> ImportJob:
    """Body of the background task: run the job's import, record progress, result and issues.

    Messages are written in the language of the person who uploaded the file,
    not the worker's default.
    """
    job = ImportJob.objects.select_related("institution", "created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _execute(job)


def _execute(job: ImportJob) -> ImportJob:
    if job.status != ImportStatus.QUEUED:
        return job  # already run (a retried task must not import twice)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    last = [-1]

    def progress(done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 0
        if percent != last[0]:  # at most one write per percent
            last[0] = percent
            ImportJob.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)

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
        _finish(job, ImportStatus.FAILED, message)
        return job
    except BaseException as exc:
        # Never leave the job RUNNING: an interrupted worker (KeyboardInterrupt,
        # SystemExit) marks it failed too, then stops as asked.
        logger.exception("Import job %s failed", job.pk)
        _fail_internally(job)
        if not isinstance(exc, Exception):
            raise
        return job
    try:
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
        _finish(job, ImportStatus.DONE, import_summary(result))
    except Exception:
        logger.exception("Import job %s: recording the result failed", job.pk)
        _fail_internally(job)
    return job


def _fail_internally(job: ImportJob) -> None:
    try:
        _finish(
            job,
            ImportStatus.FAILED,
            _(
                "The import stopped because of an internal error; the register was not changed. Try again later or contact the administrator."
            ),
        )
    except Exception:  # the database itself is gone: nothing more to record
        logger.exception("Import job %s: recording the failure failed", job.pk)


def _finish(job: ImportJob, status: str, message: str) -> None:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "message",
            "finished_at",
            "result",
            "progress_done",
            "progress_total",
        ]
    )


def import_summary(result: ImportResult) -> str:
    """One readable paragraph about an import."""
    if result.file_rejected:
        return _(
            "Nothing was imported: %(rejected)s of %(total)s rows have problems and the whole file "
            "was to be rejected in that case (strict mode). Correct the rows listed and upload again."
        ) % {"rejected": result.rejected, "total": result.total_rows}
    text = _(
        "%(total)s rows read: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
        "%(transfers)s waiting for transfer confirmation, %(rejected)s rejected, %(skipped)s blank rows skipped."
    ) % {
        "total": result.total_rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "transfers": result.transfers_pending,
        "rejected": result.rejected,
        "skipped": result.skipped,
    }
    if result.sheet:
        text += " " + _("Sheet read: “%(sheet)s”.") % {"sheet": result.sheet}
    if result.dry_run:
        text = _("Dry run, nothing was saved. ") + text
    if result.errors_total > len(result.errors):
        text += " " + _("Only the first %(shown)s of %(total)s problems are listed.") % {
            "shown": len(result.errors),
            "total": result.errors_total,
        }
    return text


# --- transfers -----------------------------------------------------------------
# transfer_confirm, transfer_reject: imported above from services_transfer.py, where the
# rules of who decides a move out of an institution live.


# --- export ----------------------------------------------------------------------


def employee_export_record(
    *,
    actor: Any,
    institution: Any,
    queryset: Any,
    file_format: str,
    filters: dict[str, Any] | None = None,
    request: Any = None,
    query: dict[str, Any] | None = None,
) -> None:
    """Audit one export of register rows (personal data leaving the system), before it
    is written: every exported NIP, copied from ``queryset`` in the database."""
    audit_read(
        action="people.export",
        actor=actor,
        request=request,
        institution=institution,
        queryset=queryset,
        query={"format": file_format, **(query or {})},
        data={"format": file_format, "filters": filters or {}},
    )
