"""How the catalogue writes money and lesson hours: ``Rp 1.500.000``, ``24 JP``, ``4,5 JP``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tangguh.core.formatting import format_number, format_rupiah


def rupiah(value: Any) -> str:
    """Whole Rupiah as Indonesians write them: ``Rp 1.500.000`` (grouped per language)."""
    return "" if value in (None, "") else format_rupiah(value)


def jp_number(value: Any) -> str:
    """JP without trailing zeros: ``24``, ``4,5`` (the language's decimal mark)."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return format_number(int(amount))
    return format_number(amount.normalize())
