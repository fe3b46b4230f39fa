"""Cells that leave Tangguh in a spreadsheet (CSV or XLSX) never run as formulas.

OWASP's CSV-injection guidance: a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or a line feed is prefixed with a single quote,
so the spreadsheet shows it as text. No exceptions: "-2+3+cmd|' /C calc'!A0" is a
formula, and so are a lone "-" and a negative number written as text ("-5"), which
get the quote too. Numbers and dates stored as such stay numbers and dates: a
spreadsheet does not evaluate them.

The quote is undone when such a file comes back in an import (:func:`restore_cell`),
so an export re-imports as it left. A text that already starts with quotes before a
formula character ("'=1") gets one more on the way out, so that the way back removes
exactly the quote that was added: ``restore_cell(neutralise_cell(v)) == v`` for any v.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTE = "'"


def _looks_neutralised(text: str) -> bool:
    """Whether ``text`` is quotes followed by a formula character ("'=1", "''-2")."""
    rest = text.lstrip(QUOTE)
    return len(rest) < len(text) and rest.startswith(FORMULA_STARTS)


def neutralise_cell(value: Any) -> Any:
    """``value`` as a spreadsheet may show it: a text that could run gets a leading quote."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or _looks_neutralised(value)):
        return QUOTE + value
    return value


def restore_cell(text: str) -> str:
    """The text :func:`neutralise_cell` was given, for a cell read back from such a file."""
    if _looks_neutralised(text):
        return text[1:]
    return text


# Characters a worksheet cannot hold (XML 1.0): control characters but tab, LF and CR.
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])
MAX_CELL = 32_767  # a cell holds at most this many characters


def text_cell(sheet: Any, value: Any, *, bold: bool = False) -> Any:
    """A text cell for a write-only sheet of an export: neutralised (above), stripped of
    what XML cannot hold, cut to a cell's size, typed and formatted as text; ``bold``
    for a header (bold on a light fill)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    text = "" if value is None else str(value)
    cell = WriteOnlyCell(sheet, value=neutralise_cell(text.translate(_CONTROL))[:MAX_CELL])
    cell.data_type = "s"
    cell.number_format = "@"
    if bold:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    return cell
