"""One format per kind, in the active language: the helpers every sentence built in
Python uses (templates get the same through USE_THOUSAND_SEPARATOR and the format
modules in ``config/formats``): 1.234 / 1,234; 30 November 2026; 30 November 2026 14.05.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone


def format_number(value: int | float | Decimal) -> str:
    """``1234`` -> "1.234" (Indonesian) or "1,234" (English)."""
    return formats.number_format(value, force_grouping=True)


def format_rupiah(value: int | Decimal | str) -> str:
    """Whole Rupiah as Indonesians write them, grouped per language: ``Rp 1.500.000``
    (``Rp 1,500,000`` in English); rounded half up; a negative amount ``−Rp 5``."""
    amount = int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "−" if amount < 0 else ""
    return f"{sign}Rp {format_number(abs(amount))}"


def format_date(value: date) -> str:
    """A day: "30 November 2026"."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "DATE_FORMAT")


def format_datetime(value: datetime) -> str:
    """A moment, in the server's time zone: "30 November 2026 14.05"."""
    shown = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(shown, "DATETIME_FORMAT")


def format_time_seconds(value: datetime) -> str:
    """A moment's time to the second, in the server's time zone, with the language's own
    separator: "14.05.33" (Indonesian) or "14:05:33" (English). The audit needs seconds."""
    shown = timezone.localtime(value) if timezone.is_aware(value) else value
    minutes = str(formats.get_format("TIME_FORMAT"))  # "H.i" / "H:i"
    separator = minutes[1] if len(minutes) == 3 and minutes[0] == "H" else ":"
    return formats.date_format(shown, f"{minutes}{separator}s")
