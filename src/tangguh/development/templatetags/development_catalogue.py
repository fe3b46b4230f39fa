"""Template filters of the catalogue: ``{{ cost|rupiah }}``, ``{{ jp|jp }}``."""

from __future__ import annotations

from typing import Any

from django import template

from ..catalogue_display import jp_number
from ..catalogue_display import rupiah as _rupiah

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    return _rupiah(value)


@register.filter
def jp(value: Any) -> str:
    return jp_number(value)
