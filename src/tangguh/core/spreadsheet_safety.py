"""Cells that leave Tangguh in a spreadsheet (CSV or XLSX) never run as formulas.

OWASP's CSV-injection guidance: a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or a line feed is prefixed with a single quote,
so the spreadsheet shows it as text. No exceptions (a "-2+3" is a formula too).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_cell(value: Any) -> Any:
    """``value`` as a spreadsheet may show it: a text that could run gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
