"""What an import reports: counts, every rejected cell, the columns it ignored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message, dumps


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (unreadable, wrong type, no NIP/Nama header...)."""

    code = "import_file_invalid"


@dataclass(slots=True, frozen=True)
class RowError:
    """One problem: ``row`` as the spreadsheet numbers it (header = 1), ``column`` its header.

    ``problem``: what is wrong, a :class:`~tangguh.core.messages.Message` (msgid and
    params, stored as such: :attr:`stored`) or, from older code, a sentence;
    ``message`` is its text in the active language.
    """

    row: int
    column: str
    value: str
    problem: Message | str

    @property
    def message(self) -> str:
        return str(self.problem)

    @property
    def stored(self) -> str:
        """The problem as stored (JSON of its msgid and params; a plain sentence as is)."""
        return dumps(self.problem)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass(slots=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    transfers_pending: int = 0
    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    dry_run: bool = False
    strict: bool = False
    # True when --strict refused the whole file because some rows were bad.
    file_rejected: bool = False
    # How many problems were found; ``errors`` keeps the first MAX_ERRORS of them.
    errors_total: int = 0
    # XLSX: the name of the sheet read (the first visible one that holds anything).
    sheet: str = ""
    # Seconds per phase (read+stage, duplicates, merge), for benchmarks and logs.
    timings: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "transfers_pending": self.transfers_pending,
            "total_rows": self.total_rows,
            "dry_run": self.dry_run,
            "strict": self.strict,
            "file_rejected": self.file_rejected,
            "errors_total": self.errors_total,
            "ignored_columns": list(self.ignored_columns),
            "sheet": self.sheet,
        }

    def as_dict(self) -> dict[str, Any]:
        """The object ``tangguh employees import --json`` prints."""
        return {**self.counts(), "errors": [e.as_dict() for e in self.errors]}
