"""What every import says about a cell, whatever the target: spreadsheet errors and
formulas, values too long, how a value is quoted in a report, blank rows.

Pure functions; a rule's :class:`ParseError` (any exception with a ``message``)
carries the target's own sentence.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message

# What a spreadsheet shows in a cell whose formula failed.
SHEET_ERRORS = frozenset(
    (
        "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!",
        "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#GETTING_DATA",
    )
)  # fmt: skip
# A cell value longer than this in a column of short values (identifiers, dates, codes)
# is not quoted in the message: it is reported as too long.
SHORT_LIMIT = 100

# (field, raw value, message): a Message, rendered in the reader's language when read.
RowErrors = list[tuple[str, Any, Message | str]]


def sheet_problem(raw: Any) -> Message | None:
    """The message for a cell holding a spreadsheet error or a formula instead of a value."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text or text[0] not in "=#":
        return None
    if text.upper() in SHEET_ERRORS:
        return Message(
            _(
                "The cell shows the spreadsheet error %(error)s: the formula behind it failed. "
                "Correct the formula in the spreadsheet, or type the value itself."
            ),
            {"error": text.upper()},
        )
    if text[0] == "=":
        shown_formula = text if len(text) <= 60 else text[:60] + "…"
        return Message(
            _(
                "The cell holds the formula “%(formula)s” instead of a value. Type the value "
                "itself (in a spreadsheet: copy the column and paste it back as values only)."
            ),
            {"formula": shown_formula},
        )
    return None


def why(raw: Any, exc: Any) -> Message | str:
    """The message for a cell a rule refused: what the cell really is, or the rule's."""
    found = sheet_problem(raw)
    if found is not None:
        return found
    if isinstance(raw, str) and len(raw) > SHORT_LIMIT:
        return too_long(SHORT_LIMIT)
    if hasattr(exc, "as_message"):
        return exc.as_message()  # type: ignore[no-any-return]
    return str(exc.message)


def too_long(limit: int) -> Message:
    return Message(
        _("The value is longer than %(limit)s characters. Shorten it."), {"limit": limit}
    )


def label_problem(text: str, limit: int | None) -> Message | None:
    """What the engine refuses in a cleaned free-text value (the rule did the rest)."""
    if limit is not None and len(text) > limit:
        return too_long(limit)
    if text[0] in "=#":
        return sheet_problem(text)
    return None


def fingerprint(values: tuple[Any, ...]) -> str:
    """md5 of a staged row's values (``repr`` tells ``None`` from "None")."""
    return hashlib.md5(repr(values).encode(), usedforsecurity=False).hexdigest()


def shown(value: Any) -> str:
    """A cell value as the error report quotes it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:255]


def is_blank_row(cells: list[Any]) -> bool:
    for value in cells:
        if value is not None and value != "" and not (isinstance(value, str) and not value.strip()):
            return False
    return True
