"""Sorting a list by its visible columns: a whitelisted ``sort`` parameter and the headers.

``?sort=name`` sorts ascending, ``?sort=-name`` descending; a value the list does not
offer is ignored (the default order), never an error. Each column names the fields it
orders by, the last one unique, so keyset paging stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

PAGE_PARAMS = ("page", "after", "before")


@dataclass(frozen=True)
class Column:
    key: str  # the value of ``sort``
    label: Any
    fields: tuple[str, ...]  # order_by, the last one unique
    css: str = ""


@dataclass(frozen=True)
class Sort:
    column: Column
    descending: bool

    @property
    def order_by(self) -> tuple[str, ...]:
        return tuple(f"-{f}" if self.descending else f for f in self.column.fields)

    @property
    def param(self) -> str:
        return f"-{self.column.key}" if self.descending else self.column.key


def parse_sort(value: str | None, columns: list[Column], default: str) -> Sort:
    """The sort asked for, when ``columns`` offer it; else the default (ascending)."""
    text = (value or "").strip()
    key = text.removeprefix("-")
    by_key = {c.key: c for c in columns}
    if key in by_key:
        return Sort(by_key[key], text.startswith("-"))
    return Sort(by_key[default], False)


def sort_headers(
    query: Any, columns: list[Column], current: Sort, *, sortable: set[str] | None = None
) -> list[dict[str, Any]]:
    """One header per column: its link (the current filters, the first page) and its
    ``aria-sort``; the active column's link turns the direction round."""
    headers = []
    for column in columns:
        active = column.key == current.column.key
        params = query.copy()
        for name in PAGE_PARAMS:
            params.pop(name, None)
        params["sort"] = f"-{column.key}" if active and not current.descending else column.key
        headers.append(
            {
                "label": column.label,
                "css": column.css,
                "sortable": sortable is None or column.key in sortable,
                "aria_sort": ("descending" if current.descending else "ascending")
                if active
                else None,
                "query": params.urlencode(),
            }
        )
    return headers


def sort_choices(
    columns: list[Column], current: Sort, *, sortable: set[str] | None = None
) -> list[dict[str, Any]]:
    """The same sorts as a select (a phone shows the table as cards, without headers)."""
    choices = []
    for column in columns:
        if not column.fields or (sortable is not None and column.key not in sortable):
            continue
        for descending in (False, True):
            text = _("%(column)s, descending") if descending else _("%(column)s, ascending")
            choices.append(
                {
                    "value": f"-{column.key}" if descending else column.key,
                    "label": text % {"column": column.label},
                    "selected": column.key == current.column.key
                    and descending == current.descending,
                }
            )
    return choices
