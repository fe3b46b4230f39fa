"""How budgets write money and shares: ``Rp 1.500.000`` and ``0,25 %`` (in the active
language's grouping), "—" for a figure that does not exist."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tangguh.core.formatting import format_number, format_rupiah

NONE = "—"


def rupiah(value: Any) -> str:
    """Whole Rupiah as Indonesians write them: ``Rp 1.500.000``; a negative ``−Rp 5``."""
    return NONE if value in (None, "") else format_rupiah(value)


def percent(value: Any, places: int = 2) -> str:
    """A percentage already multiplied by 100: ``0,25 %``."""
    if value in (None, ""):
        return NONE
    quantum = Decimal(1).scaleb(-places)
    return f"{format_number(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))} %"
