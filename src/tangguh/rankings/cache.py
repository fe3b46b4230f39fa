"""The metric values the engine reads, kept so a ranking need not aggregate the raw
tables each time. Placeholder: computes straight from the metric (see docs/rankings.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from tangguh.certification.metrics import Period

from .registry import Metric


def values(metric: Metric, period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    """``{institution id: value}`` for ``ids`` (absent: no records, read as zero)."""
    return metric.values(period, ids)
