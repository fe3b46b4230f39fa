"""Moved: the per-row path is :mod:`tangguh.core.importing.rows` (generic, driven by a
spec) and the register's rules are :mod:`tangguh.people.import_rules`. Kept for the
names other modules still import; remove once none does."""

from __future__ import annotations

from tangguh.core.importing.cells import is_blank_row, sheet_problem, shown
from tangguh.core.importing.cells import too_long as _too_long
from tangguh.people.parsing import ParseError, check_text


def _text_problem(text: str, field: str) -> str | None:
    if text.isprintable():
        return None
    try:
        check_text(text, field)
    except ParseError as exc:
        return exc.message
    return None


__all__ = ["_text_problem", "_too_long", "is_blank_row", "sheet_problem", "shown"]
