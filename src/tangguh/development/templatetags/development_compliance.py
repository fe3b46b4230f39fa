"""Template filters of the 20-JP duty: ``{{ value|jp_figure }}`` ("24", "4,5")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from tangguh.core.formatting import format_number

register = template.Library()


@register.filter
def jp_figure(value: Any) -> str:
    """JP without trailing zeros, in the active language: 24 / 4,5 / 1.234,25."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    if number == number.to_integral_value():
        return format_number(int(number))
    return format_number(number.normalize())


@register.filter
def percent(value: Any) -> str:
    """A share 0–100 with one decimal (``—`` for none)."""
    if value is None:
        return "—"
    return f"{format_number(round(Decimal(str(value)), 1))} %"
