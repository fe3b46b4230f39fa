"""NIP (PNS civil-servant number) and NI PPPK: normalise, validate, format, mask.

A NIP has 18 digits::

    19660801 198803 1 001
    |        |      | +-- sequence 001-999
    |        |      +---- sex: 1 male, 2 female
    |        +----------- first appointment (TMT CPNS), YYYYMM
    +-------------------- birth date, YYYYMMDD

The NI PPPK (contract employees) also has 18 digits and starts with the birth
date; the rest is commonly birth date + year of appointment (YYYY) + two more
digits + sex digit + sequence. No primary source for that layout was found, so
PPPK numbers are treated leniently: only the birth date is checked, and the
other parts are reported when they look plausible (``None`` otherwise).

Errors: every function raises :class:`NipError` (a
:class:`~tangguh.people.parsing.ParseError`) with a stable ``code`` and a
translatable ``message``; :func:`check_consistency` returns a list of them
instead, because a row can disagree with its NIP in more than one way.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext_lazy as _

from . import ParseError

NIP_LENGTH = 18
KINDS = ("PNS", "PPPK")
SEX_BY_DIGIT = {"1": "M", "2": "F"}
DIGIT_BY_SEX = {v: k for k, v in SEX_BY_DIGIT.items()}
# Minimum age at first appointment as a civil servant (UU ASN: 18 years).
MIN_AGE_AT_APPOINTMENT = 18

# Characters people put between the digit groups; all are removed.
_SEPARATORS = str.maketrans(dict.fromkeys(" \t\r\n\u00a0\u2007\u202f\u200b.-_", None))
# A leading quote forces text in spreadsheets: '196608011988031001 (or typographic variants).
_TEXT_PREFIXES = "'\u2018\u2019`"
# What a spreadsheet makes of a long number: 1.96608E+17, 1,96608E+17 or 196608011988031000.0
_SCIENTIFIC_RE = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")
_FLOAT_TEXT_RE = re.compile(r"^\d{12,}\.0+$")

_NUMERIC_ADVICE = _(
    "Format the NIP column as Text and type the NIP again: a spreadsheet keeps only "
    "15 significant digits of a number, so the last digits of an 18-digit NIP are lost."
)


class NipError(ParseError):
    """An identifier (NIP or NI PPPK) is malformed or implausible."""


@dataclass(frozen=True, slots=True)
class NipInfo:
    """What an 18-digit identifier says about its holder.

    ``kind`` is ``"PNS"`` for the NIP layout (also used by CPNS) and ``"PPPK"``
    for the NI PPPK. For PPPK, ``appointment_month``, ``sex`` and ``sequence``
    are ``None`` when the digits do not look like those parts.
    """

    nip: str
    birth_date: date
    appointment_year: int
    appointment_month: int | None
    sex: Literal["M", "F"] | None
    sequence: int | None
    kind: Literal["PNS", "PPPK"] = "PNS"


def _error(code: str, template: object, **params: object) -> NipError:
    return NipError(template, code, params)


def normalize_nip(raw: object) -> str:
    """Return the 18 digits of an identifier as people really write it.

    Strips surrounding blanks, a leading apostrophe, and spaces, non-breaking
    spaces, dots, hyphens and underscores between the digits. Raises
    :class:`NipError` for numbers (digits already lost), scientific notation,
    non-digit characters and a wrong number of digits.
    """
    if isinstance(raw, str):
        # Fast path: the clean case is by far the most common one.
        if len(raw) == NIP_LENGTH and raw.isascii() and raw.isdigit():
            return raw
        return _normalize_text(raw)
    if raw is None:
        raise _error("nip_blank", _("The NIP is empty. Type the 18-digit NIP or NI PPPK."))
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        raise _error(
            "nip_numeric_cell",
            _("The NIP %(value)s is stored as a number, not as text. %(advice)s"),
            value=_number_text(raw),
            advice=_NUMERIC_ADVICE,
        )
    raise _error(
        "nip_not_text",
        _("The NIP cell holds %(value)s, which is not text. Type the 18-digit NIP as text."),
        value=repr(raw),
    )


def _number_text(value: int | float | Decimal) -> str:
    # Show the number as a spreadsheet does (15 significant digits, no ".0"),
    # not as the binary float's exact value (196608011988031008).
    if isinstance(value, float) and math.isfinite(value):
        return format(Decimal(f"{value:.15g}"), "f")
    return str(value)


def _normalize_text(raw: str) -> str:
    text = raw.strip().lstrip(_TEXT_PREFIXES).strip()
    if not text:
        raise _error("nip_blank", _("The NIP is empty. Type the 18-digit NIP or NI PPPK."))
    if _SCIENTIFIC_RE.match(text):
        raise _error(
            "nip_scientific",
            _("The NIP “%(value)s” is in scientific notation. %(advice)s"),
            value=text,
            advice=_NUMERIC_ADVICE,
        )
    if _FLOAT_TEXT_RE.match(text):
        raise _error(
            "nip_numeric_cell",
            _("The NIP %(value)s is stored as a number, not as text. %(advice)s"),
            value=text,
            advice=_NUMERIC_ADVICE,
        )
    digits = text.translate(_SEPARATORS)
    if not (digits.isascii() and digits.isdigit()):
        bad = "".join(sorted({c for c in digits if not ("0" <= c <= "9")}))
        raise _error(
            "nip_non_digit",
            _(
                "The NIP “%(value)s” contains characters that are not digits (%(characters)s). "
                "A NIP has only the digits 0–9; check for a letter O typed instead of a zero "
                "and remove the other characters."
            ),
            value=text,
            characters=" ".join(bad),
        )
    if len(digits) != NIP_LENGTH:
        raise _error(
            "nip_wrong_length",
            _(
                "The NIP “%(value)s” has %(count)s digits, but a NIP or NI PPPK has 18. "
                "Check for missing or extra digits."
            ),
            value=text,
            count=len(digits),
        )
    return digits


def _birth_date(nip: str) -> date:
    part = nip[0:8]
    try:
        return date(int(part[0:4]), int(part[4:6]), int(part[6:8]))
    except ValueError:
        raise _error(
            "nip_birth_date_invalid",
            _(
                "The birth date in the NIP (digits 1–8: %(part)s) is not a real date. "
                "Those digits must be the birth date as YYYYMMDD; check the NIP."
            ),
            part=part,
        ) from None


def validate_nip(nip: str, *, today: date) -> NipInfo:
    """Check a normalised PNS NIP and return its parts.

    Checks, in order: real birth date, appointment month 01-12, appointment not
    before the month of the 18th birthday nor after ``today``'s month, sex
    digit 1 or 2, and sequence 001-999. Raises :class:`NipError` on the first
    failure.
    """
    if not (len(nip) == NIP_LENGTH and nip.isascii() and nip.isdigit()):
        nip = normalize_nip(nip)
    birth = _birth_date(nip)
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise _error(
            "nip_appointment_month_invalid",
            _(
                "The first-appointment month in the NIP (digits 13–14: %(part)s) must be "
                "between 01 and 12. Check the NIP; if this person is a PPPK employee, "
                "record the employment status as PPPK."
            ),
            part=nip[12:14],
        )
    appointed = year * 12 + month
    earliest = (birth.year + MIN_AGE_AT_APPOINTMENT) * 12 + birth.month
    if appointed < earliest:
        raise _error(
            "nip_appointment_too_early",
            _(
                "The first appointment in the NIP (digits 9–14: %(part)s) is before the "
                "holder's 18th birthday (born %(birth_date)s). Check the birth date and "
                "appointment digits of the NIP."
            ),
            part=nip[8:14],
            birth_date=birth,
        )
    if appointed > today.year * 12 + today.month:
        raise _error(
            "nip_appointment_in_future",
            _(
                "The first appointment in the NIP (digits 9–14: %(part)s) is in the future. "
                "Check the appointment digits of the NIP."
            ),
            part=nip[8:14],
        )
    sex = SEX_BY_DIGIT.get(nip[14])
    if sex is None:
        raise _error(
            "nip_sex_digit_invalid",
            _(
                "The sex digit in the NIP (digit 15: %(part)s) must be 1 (male) or 2 (female). "
                "Check the NIP."
            ),
            part=nip[14],
        )
    sequence = int(nip[15:18])
    if sequence == 0:
        raise _error(
            "nip_sequence_invalid",
            _(
                "The sequence number in the NIP (digits 16–18: %(part)s) must be between "
                "001 and 999. Check the last three digits of the NIP."
            ),
            part=nip[15:18],
        )
    return NipInfo(
        nip=nip,
        birth_date=birth,
        appointment_year=year,
        appointment_month=month,
        sex=sex,  # type: ignore[arg-type]
        sequence=sequence,
        kind="PNS",
    )


def _validate_pppk(nip: str) -> NipInfo:
    # Lenient on purpose (see module docstring): only the birth date is enforced.
    birth = _birth_date(nip)
    month = int(nip[12:14])
    sequence = int(nip[15:18])
    return NipInfo(
        nip=nip,
        birth_date=birth,
        appointment_year=int(nip[8:12]),
        appointment_month=month if 1 <= month <= 12 else None,
        sex=SEX_BY_DIGIT.get(nip[14]),  # type: ignore[arg-type]
        sequence=sequence or None,
        kind="PPPK",
    )


def parse_identifier(raw: object, *, today: date, kind_hint: str | None = None) -> NipInfo:
    """Normalise and check a NIP or NI PPPK.

    ``kind_hint`` is ``"PPPK"`` when the row is known to be a PPPK employee
    (lenient check), ``"PNS"`` or ``None`` for the full PNS check. CPNS use
    the PNS layout, so pass ``"PNS"`` (or ``"CPNS"``) for them.
    """
    if kind_hint not in (None, "PNS", "CPNS", "PPPK"):
        raise ValueError(f"kind_hint must be None, 'PNS', 'CPNS' or 'PPPK', not {kind_hint!r}")
    nip = normalize_nip(raw)
    if kind_hint == "PPPK":
        return _validate_pppk(nip)
    return validate_nip(nip, today=today)


SEX_LABELS = {"M": _("male"), "F": _("female")}


def check_consistency(
    info: NipInfo, *, birth_date: date | None = None, sex: str | None = None
) -> list[NipError]:
    """Compare the birth date and sex given elsewhere in the row with the NIP.

    Returns one error per disagreement (empty list when all agree or nothing
    was given). ``sex`` is the canonical ``"M"``/``"F"``.
    """
    errors: list[NipError] = []
    if birth_date is not None and birth_date != info.birth_date:
        errors.append(
            _error(
                "nip_birth_date_mismatch",
                _(
                    "The birth date %(file_value)s does not match the birth date in the NIP "
                    "(%(nip_value)s). Correct whichever of the two is wrong."
                ),
                file_value=birth_date,
                nip_value=info.birth_date,
            )
        )
    if sex is not None and info.sex is not None and sex != info.sex:
        errors.append(
            _error(
                "nip_sex_mismatch",
                _(
                    "The sex given (%(file_value)s) does not match the sex digit in the NIP "
                    "(%(digit)s, %(nip_value)s). Correct whichever of the two is wrong."
                ),
                file_value=SEX_LABELS.get(sex, sex),
                digit=DIGIT_BY_SEX[info.sex],
                nip_value=SEX_LABELS[info.sex],
            )
        )
    return errors


def _clean(nip: str) -> str:
    if len(nip) == NIP_LENGTH and nip.isascii() and nip.isdigit():
        return nip
    return normalize_nip(nip)


def format_nip(nip: str) -> str:
    """Group the digits for reading: ``"19660801 198803 1 001"``."""
    nip = _clean(nip)
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"


def mask_nip(nip: str) -> str:
    """Hide all but the last 4 digits for public pages: ``"**************1001"``.

    The first 14 digits give away the birth date and appointment month, so
    none of them is shown.
    """
    nip = _clean(nip)
    return "*" * (NIP_LENGTH - 4) + nip[-4:]
