"""What a query parameter may hold, for the API's filters and the screens' GET filters.

The lists' filters are FilterSets (``core.filters``) that apply these rules; the helpers
below serve the parameters that are not filters (a page's cursor, a code in a path).
Two rules, the same on every list (docs/api.md, "Parameters"):

* **A blank value is no value.** ``?status=`` is what a form sends for an empty field;
  it filters nothing, like leaving the parameter out. The schema says so on every
  optional query parameter (``allowEmptyValue``, see ``api_schema``).
* **An id is a whole number the database can hold** (1 to 2**63 - 1): anything else is
  a 400 naming the parameter on the API, and dropped on a screen; never a 500
  (``?work_unit=81564618498373386240`` overflowed SQLite's integer, issue 8 finding 8).
"""

from __future__ import annotations

from typing import Any

ID_MAX = 2**63 - 1  # BigAutoField / bigint


def parse_id(raw: Any) -> int | None:
    """``raw`` (a GET value) as an id, or None when it cannot be one ("abc", "²", 2**64)."""
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if 1 <= value <= ID_MAX else None


def query_text(raw: Any, *, max_length: int = 200) -> str | None:
    """A GET text filter as a screen may use it: None when blank, too long, or holding a
    NUL character (which PostgreSQL cannot compare: a 500 there, a useless filter anywhere)."""
    if not isinstance(raw, str) or len(raw) > max_length or "\x00" in raw:
        return None
    return raw.strip() or None
