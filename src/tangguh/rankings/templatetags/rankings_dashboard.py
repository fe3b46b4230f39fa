"""Template filters of the Rakornas dashboard: a value as the rankings show it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ..registry import display_value

register = template.Library()


@register.filter
def rank_value(value: Decimal | int | None, unit: str) -> str:
    """``registry.display_value``: the one display of a value ("Rp 1.250.000", "45,2 %")."""
    return display_value(value, unit)


@register.filter
def get_rank(ranks: dict[int, int], institution_id: Any) -> int | None:
    """An institution's rank in a published version (None: it was not ranked then)."""
    return ranks.get(institution_id)
