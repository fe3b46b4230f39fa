"""Template filters of the budget pages: ``{{ amount|rp }}`` ("Rp 1.500.000", "—" for
none) and ``{{ fraction|percent }}`` ("0,25 %")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ..budgets_display import percent as _percent
from ..budgets_display import rupiah

register = template.Library()


@register.filter(name="rp")
def rp(value: Any) -> str:
    return rupiah(value)


@register.filter(name="percent")
def percent(value: Any, places: int = 2) -> str:
    return _percent(value, places)


@register.filter(name="millions")
def millions(value: Any) -> Any:
    """Rupiah in millions, for a chart's axis (a number, not text)."""
    return None if value is None else float(Decimal(value) / 1_000_000)
