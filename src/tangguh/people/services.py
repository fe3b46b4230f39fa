"""Writes to the register: imports, import jobs, transfer decisions, export audit.

Reads live in selectors.py; the import machinery in importing/.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import SubjectsSQL, audit_read, audit_record
from tangguh.core.messages import Message, joined
from tangguh.core.scoping import institution_ids_in_scope, may

from .importing import ImportResult, run_import
from .models import (
    Employee,
    ImportJob,
)
from .services_import import (  # noqa: F401 (the service API)
    import_job_confirm,
    import_job_create,
    import_job_execute,
    import_job_retry,
)
from .services_transfer import transfer_confirm, transfer_reject  # noqa: F401 (the service API)

logger = logging.getLogger(__name__)


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
        # Rows of every institution: only who may change every institution's register.
        if actor is not None and institution_ids_in_scope(actor, Employee, "change") is not None:
            raise PermissionDenied(
                _(
                    "Only a national administrator may import a national file (rows of many institutions)."
                )
            )
    elif not may(actor, Employee, "add", institution) or not may(
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


def import_summary(result: ImportResult) -> Message:
    """One readable paragraph about an import, rendered in the reader's language."""
    if result.file_rejected:
        return Message(
            gettext_lazy(
                "Nothing was imported: %(rejected)s of %(total)s rows have problems and the whole file "
                "was to be rejected in that case (strict mode). Correct the rows listed and upload again."
            ),
            {"rejected": result.rejected, "total": result.total_rows},
        )
    parts = [
        Message(
            gettext_lazy(
                "%(total)s rows read: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
                "%(transfers)s waiting for transfer confirmation, %(rejected)s rejected, %(skipped)s blank rows skipped."
            ),
            {
                "total": result.total_rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "transfers": result.transfers_pending,
                "rejected": result.rejected,
                "skipped": result.skipped,
            },
        )
    ]
    if result.sheet:
        parts.append(Message(gettext_lazy("Sheet read: “%(sheet)s”."), {"sheet": result.sheet}))
    if result.dry_run:
        parts.insert(0, Message(gettext_lazy("Dry run, nothing was saved.")))
    if result.errors_total > len(result.errors):
        parts.append(
            Message(
                gettext_lazy("Only the first %(shown)s of %(total)s problems are listed."),
                {"shown": len(result.errors), "total": result.errors_total},
            )
        )
    return joined(parts)


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
