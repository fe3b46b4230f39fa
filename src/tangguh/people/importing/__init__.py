"""The register's import: the generic engine (:mod:`tangguh.core.importing`) bound to
the register's spec (:mod:`tangguh.people.import_spec`) and merge policy
(:mod:`.merge`); and the work-unit tree's import (:mod:`.units`).

Entry point for callers is :func:`tangguh.people.services.employee_import`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tangguh.core.audit import SubjectsSQL
from tangguh.core.importing import engine
from tangguh.core.importing.engine import Progress
from tangguh.core.importing.readers import ALLOWED_EXTENSIONS, Table
from tangguh.core.importing.readers import open_table as _open_table
from tangguh.core.importing.results import ImportFileError, ImportResult, RowError
from tangguh.core.importing.spec import ImportSpec
from tangguh.people.import_spec import REGISTER

from .merge import Merge


class Importer(engine.Importer):
    """One import of one register file (see :class:`tangguh.core.importing.engine.Importer`)."""

    spec = REGISTER
    merge_class = Merge


def open_table(source: Any, filename: str = "", spec: ImportSpec | None = None) -> Table:
    """:func:`tangguh.core.importing.readers.open_table`, for the register unless told."""
    return _open_table(source, filename, spec=spec or REGISTER)


def run_import(
    *,
    source: Any,
    filename: str,
    institution: Any,
    actor: Any,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    job: Any = None,
    on_merged: Callable[[ImportResult, SubjectsSQL], None] | None = None,
    today: date | None = None,
) -> ImportResult:
    return Importer(
        institution=institution,
        actor=actor,
        dry_run=dry_run,
        strict=strict,
        progress=progress,
        job=job,
        today=today,
        on_merged=on_merged,
    ).run(source, filename)


__all__ = [
    "ALLOWED_EXTENSIONS",
    "ImportFileError",
    "ImportResult",
    "Importer",
    "RowError",
    "open_table",
    "run_import",
]
