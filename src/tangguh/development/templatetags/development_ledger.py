"""Template filters of the ledger and activity pages: ``{{ entry.jp|jp_figure }}`` ("24",
"4,5", "-8") and ``{{ cost|rupiah_figure }}`` ("Rp 1.500.000")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from tangguh.core.formatting import format_number, format_rupiah

from ..jp_rules import jp_value

register = template.Library()


@register.filter
def jp_figure(value: Any) -> str:
    """A JP figure in the reader's format without trailing zeros; "" for none."""
    shown = jp_value(value) if value not in (None, "") else None
    return "" if shown is None else format_number(shown)


@register.filter
def rupiah_figure(value: Any) -> str:
    """Whole Rupiah as Indonesians write it: "Rp 1.500.000"."""
    try:
        return format_rupiah(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return ""
