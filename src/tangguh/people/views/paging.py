"""Keyset paging and a bounded count for lists of millions of rows.

OFFSET paging reads and throws away every row before the page, and COUNT(*)
reads every row that matches: on 4.3 million civil servants both grow with the
table. A keyset page starts after (or before) the sort key of a known row, so
it costs one index range scan wherever it is; the count is exact only when it
is known to be small, otherwise it stops after ``cap`` rows ("more than 1,000").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

COUNT_CAP = 1000


@dataclass
class KeysetPage:
    rows: list[Any]
    has_next: bool
    has_previous: bool
    next_cursor: Any = None
    previous_cursor: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def _after(keys: tuple[str, ...], values: tuple[Any, ...], *, reverse: bool = False) -> Q:
    """Rows strictly after ``values`` in the order of ``keys`` (strictly before when reverse)."""
    op = "lt" if reverse else "gt"
    condition = Q()
    for i, key in enumerate(keys):
        step = Q(**{f"{key}__{op}": values[i]})
        for prev_key, prev_value in zip(keys[:i], values[:i], strict=True):
            step &= Q(**{prev_key: prev_value})
        condition |= step
    return condition


def keyset_page(
    qs: QuerySet[Any],
    *,
    keys: tuple[str, ...],
    size: int,
    after: tuple[Any, ...] | None = None,
    before: tuple[Any, ...] | None = None,
    cursor_of: Any = lambda row: row.pk,
) -> KeysetPage:
    """One page of ``qs`` ordered by ``keys`` (the last key must be unique)."""
    if before is not None:
        rows = list(
            qs.filter(_after(keys, before, reverse=True)).order_by(*(f"-{k}" for k in keys))[
                : size + 1
            ]
        )
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        has_next = True
    else:
        if after is not None:
            qs = qs.filter(_after(keys, after))
        rows = list(qs.order_by(*keys)[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = after is not None
    return KeysetPage(
        rows=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and bool(rows),
        next_cursor=cursor_of(rows[-1]) if rows else None,
        previous_cursor=cursor_of(rows[0]) if rows else None,
    )


def bounded_count(qs: QuerySet[Any], *, exact: bool, cap: int | None = None) -> tuple[int, bool]:
    """(count, is_exact). Exact when asked; otherwise counts at most ``cap`` + 1 rows."""
    cap = COUNT_CAP if cap is None else cap
    qs = qs.order_by()
    if exact:
        return qs.count(), True
    n = qs[: cap + 1].count()  # SELECT COUNT(*) FROM (SELECT ... LIMIT cap+1)
    return (cap, False) if n > cap else (n, True)
