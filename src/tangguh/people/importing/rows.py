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

from tangguh.people.parsing import (
    HeaderMap,
    ParseError,
    check_consistency,
    normalize_nip,
    parse_date,
    parse_employment_status,
    parse_identifier,
    parse_position_kind,
    parse_rank,
    parse_sex,
    split_name,
)

# Order of the staged tuple; the staging table has these columns.
STAGE_COLUMNS: tuple[str, ...] = (
    "row_no", "nip", "ok", "id_kind", "full_name", "title_front", "title_back", "sex",
    "birth_date", "employee_kind", "state", "position", "position_kind", "rank", "work_unit",
    "tmt", "fp",
)  # fmt: skip

# The register fields a file can set, with the longest value each column holds.
MAX_LENGTHS: dict[str, int] = {
    "full_name": 200, "title_front": 60, "title_back": 100, "position": 255, "work_unit": 1000,
}  # fmt: skip

_NUMERIC_TYPES = (int, float)
_MIN_AGE = 18


class _Problem(Exception):
    """A value problem found by the fast path; carries the sentence to report."""


@lru_cache(maxsize=1 << 16)
def _nip_birth(digits8: str) -> str | None:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8])).isoformat()
    except ValueError:
        return None


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _clean_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _status(value: str) -> tuple[str | None, str | None]:
    parsed = parse_employment_status(value)
    return (parsed.kind, parsed.state) if parsed else (None, None)


@lru_cache(maxsize=256)
def _sex(value: str) -> str | None:
    return parse_sex(value)


@lru_cache(maxsize=4096)
def _rank(value: str, kind: str | None) -> str | None:
    return parse_rank(value, employee_kind=kind)


@lru_cache(maxsize=1024)
def _position_kind(value: str) -> str | None:
    return parse_position_kind(value)


@lru_cache(maxsize=1 << 16)
def _date_text(value: str) -> str:
    return parse_date(value).isoformat()


@lru_cache(maxsize=1 << 16)
def _label(value: str) -> str:
    return _clean_text(value)


def _date_iso(value: Any) -> str:
    if isinstance(value, str):
        return _date_text(value)
    return parse_date(value).isoformat()


def fingerprint(values: tuple[Any, ...]) -> str:
    """md5 of the register fields of a staged row (``None`` and "" alike)."""
    joined = "\x1f".join("" if v is None else v for v in values)
    return hashlib.md5(joined.encode(), usedforsecurity=False).hexdigest()


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

    def cell(cells: list[Any], index: int | None) -> Any:
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return None if value == "" else value

    def normalize(row_no: int, cells: list[Any]) -> tuple[Any, ...] | RowErrors:
        errors: RowErrors | None = None

        kind = state = None
        raw_status = cell(cells, i_status)
        if raw_status is not None and not _blank(raw_status):
            try:
                kind, state = _status(_clean_text(raw_status))
            except ParseError as exc:
                errors = [("employment_status", raw_status, exc.message)]

        raw_nip = cell(cells, i_nip)
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
            if kind == "PPPK":
                if birth is None:
                    parse_identifier(nip, today=today, kind_hint="PPPK")
                digit = nip[14]
                sex_nip = "M" if digit == "1" else "F" if digit == "2" else None
            else:
                ym = int(nip[8:12]) * 12 + int(nip[12:14])
                digit = nip[14]
                if (
                    birth is None
                    or not "01" <= nip[12:14] <= "12"
                    or ym < (int(birth[:4]) + _MIN_AGE) * 12 + int(birth[5:7])
                    or ym > today_ym
                    or digit not in "12"
                    or nip[15:] == "000"
                ):
                    parse_identifier(nip, today=today, kind_hint=kind)
                sex_nip = "M" if digit == "1" else "F"
        except ParseError as exc:
            (errors := errors or []).append(("nip", raw_nip, exc.message))
            nip = None

        raw_name = cell(cells, i_name)
        full_name = tf = tb = None
        if raw_name is None or _blank(raw_name):
            (errors := errors or []).append(
                ("full_name", raw_name, _("The name is empty. Type the employee's full name."))
            )
        else:
            full_name = _clean_text(raw_name)
            if "." in full_name or "," in full_name:
                try:
                    tf, full_name, tb = split_name(full_name)
                except ParseError as exc:
                    (errors := errors or []).append(("full_name", raw_name, exc.message))
                tf = tf or None
                tb = tb or None
            if full_name and len(full_name) > 200:
                (errors := errors or []).append(("full_name", raw_name, _too_long(200)))
        for index, fname, limit in ((i_tf, "title_front", 60), (i_tb, "title_back", 100)):
            raw = cell(cells, index)
            if raw is not None and not _blank(raw):
                text = _clean_text(raw)
                if len(text) > limit:
                    (errors := errors or []).append((fname, raw, _too_long(limit)))
                elif fname == "title_front":
                    tf = text
                else:
                    tb = text

        sex = None
        raw_sex = cell(cells, i_sex)
        if raw_sex is not None and not _blank(raw_sex):
            try:
                sex = _sex(raw_sex if isinstance(raw_sex, str) else _clean_text(raw_sex))
            except ParseError as exc:
                (errors := errors or []).append(("sex", raw_sex, exc.message))

        birth_given = None
        raw_birth = cell(cells, i_birth)
        if raw_birth is not None and not _blank(raw_birth):
            try:
                birth_given = _date_iso(raw_birth)
            except ParseError as exc:
                (errors := errors or []).append(("birth_date", raw_birth, exc.message))

        if nip is not None and (
            (birth_given and birth_given != birth) or (sex and sex_nip and sex != sex_nip)
        ):
            info = parse_identifier(nip, today=today, kind_hint=kind)
            for problem in check_consistency(
                info,
                birth_date=date.fromisoformat(birth_given) if birth_given else None,
                sex=sex,
            ):
                field = "birth_date" if problem.code == "nip_birth_date_mismatch" else "sex"
                (errors := errors or []).append(
                    (field, raw_birth if field == "birth_date" else raw_sex, problem.message)
                )

        rank = None
        raw_rank = cell(cells, i_rank)
        if raw_rank is not None and not _blank(raw_rank):
            try:
                rank = _rank(
                    _label(raw_rank) if isinstance(raw_rank, str) else _clean_text(raw_rank), kind
                )
            except ParseError as exc:
                (errors := errors or []).append(("rank", raw_rank, exc.message))

        pkind = None
        raw_pkind = cell(cells, i_pkind)
        if raw_pkind is not None and not _blank(raw_pkind):
            try:
                pkind = _position_kind(_clean_text(raw_pkind))
            except ParseError as exc:
                (errors := errors or []).append(("position_kind", raw_pkind, exc.message))

        position = unit = None
        raw_pos = cell(cells, i_pos)
        if raw_pos is not None and not _blank(raw_pos):
            position = _label(raw_pos) if isinstance(raw_pos, str) else _clean_text(raw_pos)
            if len(position) > 255:
                (errors := errors or []).append(("position", raw_pos, _too_long(255)))
        raw_unit = cell(cells, i_unit)
        if raw_unit is not None and not _blank(raw_unit):
            unit = _label(raw_unit) if isinstance(raw_unit, str) else _clean_text(raw_unit)
            if len(unit) > 1000:
                (errors := errors or []).append(("work_unit", raw_unit, _too_long(1000)))

        tmt = None
        raw_tmt = cell(cells, i_tmt)
        if raw_tmt is not None and not _blank(raw_tmt):
            try:
                tmt = _date_iso(raw_tmt)
            except ParseError as exc:
                (errors := errors or []).append(("tmt", raw_tmt, exc.message))

        if errors:
            return errors
        id_kind = "ni_pppk" if kind == "PPPK" else "nip"
        sex = sex or sex_nip
        values = (id_kind, full_name, tf, tb, sex, birth, kind, state, position, pkind, rank, unit)
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
