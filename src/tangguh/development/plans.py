"""The planned cost of development per institution and year, from personal development
plans, where those exist (the competency domain registers the source when it lands).

Budgets show "plan against allocation" only when a source is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

_SOURCE: Callable[[int, int], Decimal | None] | None = None


def register_plan_source(source: Callable[[int, int], Decimal | None]) -> None:
    """``source(institution_id, year)``: the planned cost in Rupiah, or None if unplanned."""
    global _SOURCE
    _SOURCE = source


def planned_cost(institution_id: int, year: int) -> Decimal | None:
    """The planned cost, or None when no plan source exists or nothing is planned."""
    return None if _SOURCE is None else _SOURCE(institution_id, year)
