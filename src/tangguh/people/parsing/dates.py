"""Dates as they appear in register files: cells, Excel serials and text.

Accepted text, day first (the Indonesian convention) unless the year leads:
``01-08-1966``, ``1/8/1966``, ``01.08.1966``, ``1966-08-01``, ``1 Agustus 1966``,
``1 Agt 1966``, ``01 Aug 1966``, ``1 August 1966``, ``August 1, 1966``.
Month names are Indonesian or English, full or abbreviated, any case (see
:data:`MONTHS`). Two-digit years are refused: ``66`` could be 1966 or 2066.

Errors: :func:`parse_date` raises :class:`DateParseError` (a
:class:`~tangguh.people.parsing.ParseError`) whose message quotes the value
and says how to write it. Text results are cached because national files
repeat the same dates many times.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import ParseError

# Accepted range for any date in the register (birth dates, TMT, ...); outside it is a typo.
MIN_YEAR = 1900
MAX_YEAR = 2100

# Month names and abbreviations, casefolded; old spellings (Pebruari, Nopember) still appear.
MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3, "mrt": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8, "agust": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the
# non-existent 29-02-1900 (kept for Lotus 1-2-3 compatibility), so serials
# from 61 on count from 1899-12-30.
_EXCEL_EPOCH_EARLY = date(1899, 12, 31)
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY = 60
_MIN_SERIAL = (date(MIN_YEAR, 1, 1) - _EXCEL_EPOCH_EARLY).days
_MAX_SERIAL = (date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days

_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YMD_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$")
_DMY_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d+)" + _TIME + "$")
_NAMED_DMY_RE = re.compile(r"^(\d{1,2})[ \-/.,]*([^\W\d_]+)\.?[ \-/.,]*(\d+)$")
_NAMED_MDY_RE = re.compile(r"^([^\W\d_]+)\.?[ \-/.]*(\d{1,2})(?:, ?|[ \-/.]+)(\d+)$")

_HOW_TO_WRITE = _("Write dates as DD-MM-YYYY, for example 01-08-1966.")

MESSAGES: dict[str, Any] = {
    "date_blank": _("The date is empty. %(advice)s"),
    "date_unrecognised": _("“%(value)s” is not a date in a form we can read. %(advice)s"),
    "date_two_digit_year": _(
        "The date “%(value)s” has a two-digit year, which is ambiguous (19.. or 20..?). "
        "Write the year with four digits, for example 01-08-1966."
    ),
    "date_year_invalid": _("The year in the date “%(value)s” must have four digits. %(advice)s"),
    "date_year_out_of_range": _(
        "The year %(year)s in the date “%(value)s” is outside %(min_year)s–%(max_year)s. "
        "Check the year for a typing mistake."
    ),
    "date_unknown_month": _(
        "“%(month)s” in the date “%(value)s” is not a month name we recognise. Use a month "
        "number or a month name such as Agustus, Agt or August."
    ),
    "date_month_invalid": _(
        "The date “%(value)s” has month %(month)s, which does not exist. Dates are read day "
        "first (DD-MM-YYYY): check that the day and month are not swapped."
    ),
    "date_day_invalid": _(
        "The date “%(value)s” does not exist: month %(month)s of %(year)s has %(days)s days. "
        "Check the day and the month."
    ),
    "date_serial_out_of_range": _(
        "The number %(value)s cannot be a date: as a spreadsheet date it falls outside "
        "%(min_year)s–%(max_year)s. Format the cell as a date, or type the date as DD-MM-YYYY."
    ),
    "date_serial_leap_bug": _(
        "The number %(value)s is the spreadsheet date 29-02-1900, which never existed. "
        "Type the real date as DD-MM-YYYY."
    ),
    "date_unsupported_type": _("The cell holds %(value)s, which is not a date. %(advice)s"),
}


class DateParseError(ParseError):
    """A date value could not be read."""


def _error(code: str, **params: Any) -> DateParseError:
    if code in ("date_blank", "date_unrecognised", "date_year_invalid", "date_unsupported_type"):
        params.setdefault("advice", _HOW_TO_WRITE)
    return DateParseError(MESSAGES[code], code, params)


def parse_date(value: object) -> date:
    """Return the date a cell or a text means; raise :class:`DateParseError` otherwise."""
    if isinstance(value, str):
        result = _parse_text(value)
        if isinstance(result, date):
            return result
        code, params = result
        raise _error(code, **dict(params))
    if isinstance(value, datetime):
        return _in_range(value.date(), value.isoformat(sep=" "))
    if isinstance(value, date):
        return _in_range(value, value.isoformat())
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _from_serial(value)
    if value is None:
        raise _error("date_blank")
    raise _error("date_unsupported_type", value=repr(value))


def parse_optional_date(value: object) -> date | None:
    """Like :func:`parse_date`, but an empty cell means "not given" (``None``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)


def _in_range(value: date, shown: str) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise _error(
            "date_year_out_of_range",
            value=shown,
            year=value.year,
            min_year=MIN_YEAR,
            max_year=MAX_YEAR,
        )
    return value


def _from_serial(value: int | float | Decimal) -> date:
    shown = _number_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _error("date_unrecognised", value=shown)
    # The fraction is the time of day, which a date does not need.
    serial = math.floor(value)
    if serial == _EXCEL_FAKE_LEAP_DAY:
        raise _error("date_serial_leap_bug", value=shown)
    if not _MIN_SERIAL <= serial <= _MAX_SERIAL:
        raise _error("date_serial_out_of_range", value=shown, min_year=MIN_YEAR, max_year=MAX_YEAR)
    epoch = _EXCEL_EPOCH_EARLY if serial < _EXCEL_FAKE_LEAP_DAY else _EXCEL_EPOCH
    return epoch + timedelta(days=serial)


def _number_text(value: int | float | Decimal) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value)


# Either a date, or (code, params) for an error: errors are rebuilt on every call
# so that a cached exception object is never raised twice.
_TextResult = date | tuple[str, tuple[tuple[str, Any], ...]]


@lru_cache(maxsize=65536)
def _parse_text(raw: str) -> _TextResult:
    # str.split() also splits on non-breaking spaces, common in pasted data.
    text = " ".join(raw.split())
    if not text:
        return ("date_blank", ())
    low = text.casefold()
    # Fast paths for the two fixed-width forms that make up most files.
    if len(low) == 10 and low.isascii():
        if low[4] == low[7] == "-" and (low[:4] + low[5:7] + low[8:]).isdigit():
            return _build(text, low[:4], low[5:7], low[8:])
        if low[2] == low[5] and low[2] in "-/." and (low[:2] + low[3:5] + low[6:]).isdigit():
            return _build(text, low[6:], low[3:5], low[:2])
    if m := _YMD_RE.match(low):
        return _build(text, m[1], m[2], m[3])
    if m := _DMY_RE.match(low):
        return _build(text, m[3], m[2], m[1])
    if m := _NAMED_DMY_RE.match(low):
        return _build_named(text, m[3], m[2], m[1])
    if m := _NAMED_MDY_RE.match(low):
        return _build_named(text, m[3], m[1], m[2])
    return ("date_unrecognised", (("value", text),))


def _build_named(text: str, year: str, month_name: str, day: str) -> _TextResult:
    month = MONTHS.get(month_name)
    if month is None:
        # Quote the word as the user wrote it, not casefolded.
        start = text.casefold().find(month_name)
        shown = text[start : start + len(month_name)] if start >= 0 else month_name
        return ("date_unknown_month", (("value", text), ("month", shown)))
    return _build(text, year, str(month), day)


def _build(text: str, year_s: str, month_s: str, day_s: str) -> _TextResult:
    if len(year_s) == 2:
        return ("date_two_digit_year", (("value", text),))
    if len(year_s) != 4:
        return ("date_year_invalid", (("value", text),))
    year, month, day = int(year_s), int(month_s), int(day_s)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return (
            "date_year_out_of_range",
            (("value", text), ("year", year), ("min_year", MIN_YEAR), ("max_year", MAX_YEAR)),
        )
    if not 1 <= month <= 12:
        return ("date_month_invalid", (("value", text), ("month", month)))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return (
            "date_day_invalid",
            (("value", text), ("month", month), ("year", year), ("days", days)),
        )
    return date(year, month, day)
