"""Writes to an institution's work-unit tree: the import of a file of units.

All or nothing: the tree is read, judged and written in one transaction with its
audit entry; a dry run does the same and rolls back, so its counts are the ones
the import would give. How rows are judged and matched: :mod:`.importing.units` and
:mod:`.importing.units_plan`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.formatting import format_number
from tangguh.core.importing.readers import open_table
from tangguh.core.importing.results import ImportFileError, ImportResult
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution

from .importing import units as tree
from .importing.units_plan import plan_tree
from .models import WorkUnit
from .units_import_spec import UNITS

logger = logging.getLogger(__name__)


class _DryRun(Exception):
    """Rolls a dry run's writes back."""


def may_import_units(actor: Any, institution: Any) -> bool:
    """Whether ``actor`` may import the work units of ``institution`` (add and change them,
    as importing its civil servants asks of the register)."""
    return may(actor, WorkUnit, "add", institution) and may(actor, WorkUnit, "change", institution)


def work_units_import(
    *,
    source: Any,
    filename: str,
    institution: Institution,
    actor: Any,
    dry_run: bool = False,
    strict: bool = False,
) -> ImportResult:
    """Import a file of work units (path or binary file object) into ``institution``'s tree.

    Good rows go in and every problem is reported by row; ``strict``: any problem
    rejects the whole file. Raises :class:`ImportFileError` for a file that cannot be
    read as a whole, ``PermissionDenied`` outside the actor's scope.
    """
    if not may_import_units(actor, institution):
        raise PermissionDenied(
            _("You may not import the work units of %(institution)s.")
            % {"institution": institution}
        )
    with open_table(source, filename, spec=UNITS) as table:
        result = ImportResult(
            headers=list(table.header.headers),
            ignored_columns=[h for _i, h in table.header.ignored],
            dry_run=dry_run,
            strict=strict,
            sheet=table.sheet,
        )
        rows = tree.read_rows(table, result, filename)
        headers = {key: table.header.headers[i] for key, i in table.header.columns.items()}
        has_parent_column = "parent_code" in table.header.columns
    try:
        with transaction.atomic():
            # One import of an institution's tree at a time: the tree is read and written whole.
            Institution.objects.select_for_update().filter(pk=institution.pk).first()
            plan = plan_tree(
                rows,
                tree.stored_units(institution),
                institution=institution,
                has_parent_column=has_parent_column,
            )
            tree.count(plan, result, headers)
            if strict and result.rejected:
                result.file_rejected = True
                result.created = result.updated = result.unchanged = 0
                return result
            below = tree.write(plan, institution)
            if result.created or result.updated:
                audit_record(
                    actor=actor,
                    action="people.units_import",
                    institution=institution,
                    data={"file": filename, "units_below_renamed": below, **result.counts()},
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except IntegrityError:
        logger.warning("Work-unit import into %s collided with another write", institution.pk)
        raise ImportFileError(
            _(
                "The work units of %(institution)s changed while this file was being "
                "imported (another import at the same time?). Nothing was changed: upload "
                "the file again."
            )
            % {"institution": institution}
        ) from None
    return result


def work_units_summary(result: ImportResult) -> str:
    """One readable paragraph about an import of work units."""
    if result.file_rejected:
        return _(
            "Nothing was imported: %(rejected)s of %(total)s rows have problems and the whole "
            "file was to be rejected in that case (strict mode). Correct the rows listed and "
            "upload again."
        ) % {"rejected": format_number(result.rejected), "total": format_number(result.total_rows)}
    text = _(
        "%(total)s rows read: %(created)s new units, %(updated)s updated, %(unchanged)s "
        "unchanged, %(rejected)s rejected, %(skipped)s blank rows skipped."
    ) % {
        "total": format_number(result.total_rows),
        "created": format_number(result.created),
        "updated": format_number(result.updated),
        "unchanged": format_number(result.unchanged),
        "rejected": format_number(result.rejected),
        "skipped": format_number(result.skipped),
    }
    if result.sheet:
        text += " " + _("Sheet read: “%(sheet)s”.") % {"sheet": result.sheet}
    if result.dry_run:
        text = _("Dry run, nothing was saved. ") + text
    return text
