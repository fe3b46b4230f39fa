"""What a query parameter may hold, for the API's filters and the screens' GET filters.

Two rules, the same on every list (docs/api.md, "Parameters"):

* **A blank value is no value.** ``?status=`` is what a form sends for an empty field;
  it filters nothing, like leaving the parameter out. The schema says so on every
  optional query parameter (``allowEmptyValue``, see ``api_schema``).
* **An id is a whole number the database can hold** (1 to 2**63 - 1): anything else is
  a 400 naming the parameter on the API, and no match on a screen; never a 500
  (``?work_unit=81564618498373386240`` overflowed SQLite's integer, issue 8 finding 8).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

ID_MAX = 2**63 - 1  # BigAutoField / bigint


class IdFilterField(serializers.IntegerField):
    """An object's id as a filter: 1 to ``ID_MAX``; the schema gives both bounds."""

    default_error_messages = {
        "invalid": _("Give the id as a whole number."),
        "max_value": _("No object has an id this large."),
        "min_value": _("Ids start at 1."),
        "max_string_length": _("No object has an id this large."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


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
