"""The register import engine: read (CSV/XLSX), validate, stage, merge set-based.

Entry point for callers is :func:`tangguh.people.services.employee_import`;
this package holds the machinery.
"""

from .engine import Importer, run_import
from .readers import ALLOWED_EXTENSIONS, open_table
from .results import ImportFileError, ImportResult, RowError

__all__ = [
    "ALLOWED_EXTENSIONS",
    "ImportFileError",
    "ImportResult",
    "Importer",
    "RowError",
    "open_table",
    "run_import",
]
