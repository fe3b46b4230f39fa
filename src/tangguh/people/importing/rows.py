"""Turn one file row into the normalised values the staging table holds, or into errors.

Hot path: national files have millions of rows. So: one closure per file with
the column positions bound, lru-cached parsers for the columns whose values
repeat (status, sex, rank, dates, units), a hand-written fast check of a
well-formed NIP, and the parsers of :mod:`tangguh.people.parsing` only for the
detailed message of a bad value.

``None`` in a staged value means "not given": an empty cell never erases what
the register holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from tangguh.people.import_spec import (  # the cell rules, shared with the column-wise path
    REGISTER,
    _clean_text,
    _date,
    _label,
    _position_kind,
    _rank,
    _sex,
    _status,
)
from tangguh.people.parsing import (
    HeaderMap,
    ParseError,
    check_consistency,
    check_text,
    normalize_nip,
    parse_identifier,
    split_name,
)

# Order of the staged tuple; the staging table has these columns.
STAGE_COLUMNS: tuple[str, ...] = (
    "row_no", "nip", "ok", "id_kind", "full_name", "title_front", "title_back", "sex",
    "birth_date", "employee_kind", "state", "position", "position_kind", "rank", "work_unit",
    "tmt", "fp", "inst",
)  # fmt: skip
# The normaliser fills every column but the last: the engine adds the institution id.

_MIN_AGE = 18

# The text columns whose length the model limits: read once from the model, via the spec.
_LIMITED = ("full_name", "title_front", "title_back", "position", "work_unit")
MAX_LENGTH: dict[str, int] = {k: REGISTER.limits(k)["max_length"] for k in _LIMITED}


class _Problem(Exception):
    """A value problem found by the fast path; carries the sentence to report."""


@lru_cache(maxsize=1 << 16)
def _nip_birth(digits8: str) -> str | None:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8])).isoformat()
    except ValueError:
        return None


def _text_problem(text: str, field: str) -> str | None:
    """The message for a typed text the register refuses (a bidirectional control)."""
    if text.isprintable():  # the common case: no such character can be in it
        return None
    try:
        check_text(text, field)
    except ParseError as exc:
        return exc.message
    return None


# What a spreadsheet shows in a cell whose formula failed.
SHEET_ERRORS = frozenset(
    (
        "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!",
        "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#GETTING_DATA",
    )
)  # fmt: skip
# A cell value longer than this in a column of short values (NIP, dates, codes) is not
# quoted in the message: it is reported as too long.
_SHORT_LIMIT = 100


def sheet_problem(raw: Any) -> str | None:
    """The message for a cell holding a spreadsheet error or a formula instead of a value."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text or text[0] not in "=#":
        return None
    if text.upper() in SHEET_ERRORS:
        return _(
            "The cell shows the spreadsheet error %(error)s: the formula behind it failed. "
            "Correct the formula in the spreadsheet, or type the value itself."
        ) % {"error": text.upper()}
    if text[0] == "=":
        shown_formula = text if len(text) <= 60 else text[:60] + "…"
        return _(
            "The cell holds the formula “%(formula)s” instead of a value. Type the value "
            "itself (in a spreadsheet: copy the column and paste it back as values only)."
        ) % {"formula": shown_formula}
    return None


def _why(raw: Any, exc: ParseError) -> str:
    """The message for a cell a parser refused: what the cell really is, or the parser's."""
    found = sheet_problem(raw)
    if found is not None:
        return found
    if isinstance(raw, str) and len(raw) > _SHORT_LIMIT:
        return _too_long(_SHORT_LIMIT)
    return exc.message


def fingerprint(values: tuple[Any, ...]) -> str:
    """md5 of the register fields of a staged row (``repr`` tells ``None`` from "None")."""
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


RowErrors = list[tuple[str, Any, str]]  # (field, raw value, message)


def make_normalizer(
    header: HeaderMap, *, today: date
) -> Callable[[int, list[Any]], tuple[Any, ...] | RowErrors]:
    """A function ``(row_no, cells)`` -> staged tuple, or a list of ``(field, value, message)``.

    A row that cannot be staged but has a readable NIP is still reported as an
    error list; :func:`nip_of_bad_row` recovers that NIP for duplicate detection.
    """
    cols = header.columns
    i_nip = cols["nip"]
    i_name = cols["full_name"]
    i_sex = cols.get("sex")
    i_birth = cols.get("birth_date")
    i_status = cols.get("employment_status")
    i_pos = cols.get("position")
    i_pkind = cols.get("position_kind")
    i_rank = cols.get("rank")
    i_unit = cols.get("work_unit")
    i_tf = cols.get("title_front")
    i_tb = cols.get("title_back")
    i_tmt = cols.get("tmt")
    today_ym = today.year * 12 + today.month
    # Lengths from the model fields (through the spec), bound once per file.
    name_max, tf_max, tb_max, position_max, unit_max = (MAX_LENGTH[k] for k in _LIMITED)

    width = max(cols.values()) + 1
    padding = [""] * width

    def normalize(row_no: int, cells: list[Any]) -> tuple[Any, ...] | RowErrors:
        if len(cells) < width:
            cells = [*cells, *padding[: width - len(cells)]]
        errors: RowErrors | None = None

        kind = state = None
        if i_status is not None and (raw := cells[i_status]) != "" and raw is not None:
            try:
                kind, state = _status(raw)
            except ParseError as exc:
                errors = [("employment_status", raw, _why(raw, exc))]

        raw_nip = cells[i_nip]
        nip = birth = sex_nip = None
        try:
            nip = (
                raw_nip
                if type(raw_nip) is str
                and len(raw_nip) == 18
                and raw_nip.isascii()
                and raw_nip.isdigit()
                else normalize_nip(raw_nip)
            )
            birth = _nip_birth(nip[:8])
            digit = nip[14]
            if kind == "PPPK":
                if birth is None:
                    parse_identifier(nip, today=today, kind_hint="PPPK")
                sex_nip = "M" if digit == "1" else "F" if digit == "2" else None
            else:
                month = nip[12:14]
                ym = int(nip[8:12]) * 12 + int(month)
                if (
                    birth is None
                    or not "01" <= month <= "12"
                    or ym < (int(birth[:4]) + _MIN_AGE) * 12 + int(birth[5:7])
                    or ym > today_ym
                    or digit not in "12"
                    or nip[15:] == "000"
                ):
                    parse_identifier(nip, today=today, kind_hint=kind)
                sex_nip = "M" if digit == "1" else "F"
        except ParseError as exc:
            (errors := errors or []).append(("nip", raw_nip, _why(raw_nip, exc)))
            nip = None

        raw_name = cells[i_name]
        full_name = tf = tb = None
        if raw_name is not None and raw_name != "":
            full_name = _clean_text(raw_name)
        if not full_name:
            (errors := errors or []).append(
                ("full_name", raw_name, _("The name is empty. Type the employee's full name."))
            )
        elif full_name[0] in "=#" and (sheet_issue := sheet_problem(full_name)):
            (errors := errors or []).append(("full_name", raw_name, sheet_issue))
            full_name = None
        elif text_issue := _text_problem(full_name, "full_name"):
            (errors := errors or []).append(("full_name", raw_name, text_issue))
            full_name = None
        else:
            if "." in full_name or "," in full_name:
                try:
                    tf, full_name, tb = split_name(full_name)
                except ParseError as exc:
                    (errors := errors or []).append(("full_name", raw_name, exc.message))
                tf = tf or None
                tb = tb or None
            if full_name and len(full_name) > name_max:
                (errors := errors or []).append(("full_name", raw_name, _too_long(name_max)))
        if (
            i_tf is not None
            and (raw := cells[i_tf]) != ""
            and raw is not None
            and (text := _label(raw))
        ):
            if len(text) > tf_max:
                (errors := errors or []).append(("title_front", raw, _too_long(tf_max)))
            elif text[0] in "=#" and (sheet_issue := sheet_problem(text)):
                (errors := errors or []).append(("title_front", raw, sheet_issue))
            elif text_issue := _text_problem(text, "title_front"):
                (errors := errors or []).append(("title_front", raw, text_issue))
            tf = text
        if (
            i_tb is not None
            and (raw := cells[i_tb]) != ""
            and raw is not None
            and (text := _label(raw))
        ):
            if len(text) > tb_max:
                (errors := errors or []).append(("title_back", raw, _too_long(tb_max)))
            elif text[0] in "=#" and (sheet_issue := sheet_problem(text)):
                (errors := errors or []).append(("title_back", raw, sheet_issue))
            elif text_issue := _text_problem(text, "title_back"):
                (errors := errors or []).append(("title_back", raw, text_issue))
            tb = text

        sex = None
        if i_sex is not None and (raw_sex := cells[i_sex]) != "" and raw_sex is not None:
            try:
                sex = _sex(raw_sex)
            except ParseError as exc:
                (errors := errors or []).append(("sex", raw_sex, _why(raw_sex, exc)))

        birth_given = None
        if i_birth is not None and (raw_birth := cells[i_birth]) != "" and raw_birth is not None:
            try:
                birth_given = _date(raw_birth)
            except ParseError as exc:
                (errors := errors or []).append(("birth_date", raw_birth, _why(raw_birth, exc)))

        if nip is not None and (
            (birth_given and birth_given != birth) or (sex and sex_nip and sex != sex_nip)
        ):
            info = parse_identifier(nip, today=today, kind_hint=kind)
            for problem in check_consistency(
                info,
                birth_date=date.fromisoformat(birth_given) if birth_given else None,
                sex=sex,
            ):
                if problem.code == "nip_birth_date_mismatch":
                    (errors := errors or []).append(("birth_date", cells[i_birth], problem.message))
                else:
                    (errors := errors or []).append(("sex", cells[i_sex], problem.message))

        rank = None
        if i_rank is not None and (raw := cells[i_rank]) != "" and raw is not None:
            try:
                rank = _rank(raw, kind)
            except ParseError as exc:
                (errors := errors or []).append(("rank", raw, _why(raw, exc)))

        pkind = None
        if i_pkind is not None and (raw := cells[i_pkind]) != "" and raw is not None:
            try:
                pkind = _position_kind(raw)
            except ParseError as exc:
                (errors := errors or []).append(("position_kind", raw, _why(raw, exc)))

        position = unit = None
        if i_pos is not None and (raw := cells[i_pos]) != "" and raw is not None:
            position = _label(raw)
            if position and len(position) > position_max:
                (errors := errors or []).append(("position", raw, _too_long(position_max)))
            elif position and position[0] in "=#" and (sheet_issue := sheet_problem(position)):
                (errors := errors or []).append(("position", raw, sheet_issue))
            elif position and (text_issue := _text_problem(position, "position")):
                (errors := errors or []).append(("position", raw, text_issue))
        if i_unit is not None and (raw := cells[i_unit]) != "" and raw is not None:
            unit = _label(raw)
            if unit and len(unit) > unit_max:
                (errors := errors or []).append(("work_unit", raw, _too_long(unit_max)))
            elif unit and unit[0] in "=#" and (sheet_issue := sheet_problem(unit)):
                (errors := errors or []).append(("work_unit", raw, sheet_issue))
            elif unit and (text_issue := _text_problem(unit, "work_unit")):
                (errors := errors or []).append(("work_unit", raw, text_issue))

        tmt = None
        if i_tmt is not None and (raw := cells[i_tmt]) != "" and raw is not None:
            try:
                tmt = _date(raw)
            except ParseError as exc:
                (errors := errors or []).append(("tmt", raw, _why(raw, exc)))

        if errors:
            return errors
        values = (
            "ni_pppk" if kind == "PPPK" else "nip",
            full_name,
            tf,
            tb,
            sex or sex_nip,
            birth,
            kind,
            state,
            position,
            pkind,
            rank,
            unit,
        )
        return (row_no, nip, True, *values, tmt, fingerprint(values))

    return normalize


def nip_of_bad_row(header: HeaderMap, cells: list[Any]) -> str | None:
    """The NIP of a rejected row when it is readable, so a duplicate of it is still caught."""
    index = header.columns["nip"]
    if index >= len(cells):
        return None
    try:
        return normalize_nip(cells[index])
    except ParseError:
        return None


def _too_long(limit: int) -> str:
    return _("The value is longer than %(limit)s characters. Shorten it.") % {"limit": limit}


def is_blank_row(cells: list[Any]) -> bool:
    for value in cells:
        if value is not None and value != "" and not (isinstance(value, str) and not value.strip()):
            return False
    return True
