"""The 20-JP duty's figures per institution and year, for the rankings: the same code
the compliance pages read (``compliance.summaries``), so a ranking and a page agree.

Each function returns ``{institution id: value}`` for the institutions with civil
servants in the year (an institution with nobody counted has no value: a share of
nobody is not zero).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from . import compliance
from .compliance import Figures


def duty_figures(year: int, institution_ids: Iterable[int] | None = None) -> dict[int, Figures]:
    """Civil servants, reached 20 JP, at zero and total JP per institution."""
    figures = compliance.summaries(year, institution_ids)
    return {pk: f for pk, f in figures.items() if f.civil_servants}


def share_reaching_20(year: int, institution_ids: Iterable[int] | None = None) -> dict[int, float]:
    """Share (0 to 1) of the institution's civil servants with at least 20 JP in ``year``."""
    return {
        pk: round(f.reached / f.civil_servants, 4)
        for pk, f in duty_figures(year, institution_ids).items()
    }


def mean_jp(year: int, institution_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """JP per civil servant in ``year`` (the year's JP of the people counted / their number)."""
    return {pk: f.mean_jp or Decimal("0") for pk, f in duty_figures(year, institution_ids).items()}
