"""The register's import rules: every cell rule, and the checks across columns, each
declared once for both paths of the engine (per row and column-wise, side by side).

Cell rules are cached on the raw value: the same few values repeat millions of
times. A bad value raises every time (lru_cache does not keep exceptions).

The CUSTOM columns (the NIP, the name, the rank) and the checks of one column
against another (the birth date and sex the NIP encodes, the rank's employee kind)
are :func:`row_rule` (per row, the reference for every verdict and message) and
:func:`frame_rule` (column-wise, polars): the second accepts exactly what the
first accepts without a message, and leaves every other row to the first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing.cells import RowErrors, label_problem, sheet_problem, why
from tangguh.core.messages import Message
from tangguh.core.spreadsheet_safety import QUOTE, restore_cell
from tangguh.people.parsing import (
    ParseError,
    check_consistency,
    check_text,
    normalize_nip,
    parse_identifier,
    split_name,
)
from tangguh.people.parsing.dates import parse_date
from tangguh.people.parsing.nip import MIN_AGE_AT_APPOINTMENT
from tangguh.people.parsing.values import (
    parse_education,
    parse_employment_status,
    parse_position_kind,
    parse_rank,
    parse_sex,
)

if TYPE_CHECKING:
    from tangguh.core.importing.spec import ImportSpec


# --- cell rules ---------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


# Control characters that are not whitespace: dropped (str.split() takes the others).
_CONTROLS = dict.fromkeys([*range(0, 9), *range(14, 28), 127])


def clean_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():
        text = text.translate(_CONTROLS)
    text = " ".join(text.split())
    # A cell our own export made inert ("'-2+3") comes back as it was stored ("-2+3").
    return restore_cell(text) if text[:1] == QUOTE else text


@lru_cache(maxsize=4096)
def status(raw: Any) -> tuple[str | None, str | None]:
    parsed = parse_employment_status(clean_text(raw))
    return (parsed.kind, parsed.state) if parsed else (None, None)


@lru_cache(maxsize=256)
def sex(raw: Any) -> str | None:
    return parse_sex(clean_text(raw))


@lru_cache(maxsize=4096)
def rank(raw: Any, kind: str | None) -> str | None:
    return parse_rank(clean_text(raw), employee_kind=kind)


@lru_cache(maxsize=1024)
def position_kind(raw: Any) -> str | None:
    return parse_position_kind(clean_text(raw))


@lru_cache(maxsize=256)
def education(raw: Any) -> str | None:
    return parse_education(clean_text(raw))


@lru_cache(maxsize=1 << 16)
def a_date(raw: Any) -> str | None:
    if _blank(raw):
        return None
    return parse_date(raw).isoformat()


@lru_cache(maxsize=1 << 17)
def label(raw: Any) -> str | None:
    text = clean_text(raw)
    return text or None


def text_rule(field: str) -> Callable[[Any], str | None]:
    """The rule of a free-text column: cleaned, and refused when it holds a bidirectional
    control (named as ``field`` in the message; see ``parsing.values.check_text``)."""

    def rule(raw: Any) -> str | None:
        text = label(raw)
        if text and not text.isprintable():
            check_text(text, field)
        return text

    rule.__qualname__ = f"text_rule.{field}"
    return rule


# --- the cells an export writes (the inverse of the rules above) ----------------------

SEX_TEXT = {"M": "L", "F": "P"}
STATE_TEXT = {
    "active": "Aktif",
    "retired": "Pensiun",
    "moved_out": "Pindah",
    "deceased": "Meninggal",
}
POSITION_KIND_TEXT = {
    "jpt_utama": "JPT Utama", "jpt_madya": "JPT Madya", "jpt_pratama": "JPT Pratama",
    "administrator": "Administrator", "pengawas": "Pengawas", "pelaksana": "Pelaksana",
    "fungsional": "Fungsional",
}  # fmt: skip


def sex_cell(value: str | None) -> str:
    return SEX_TEXT.get(value or "", "")


def status_cell(kind: str | None, state: str | None) -> str:
    return " ".join(p for p in (kind, STATE_TEXT.get(state or "", "")) if p)


def position_kind_cell(value: str | None) -> str:
    return POSITION_KIND_TEXT.get(value or "", "")


# --- across columns: per row ---------------------------------------------------------


def _nip_birth(digits8: str) -> str | None:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8])).isoformat()
    except ValueError:
        return None


_nip_birth = lru_cache(maxsize=1 << 16)(_nip_birth)


def row_rule(
    spec: ImportSpec, cols: dict[str, int], *, today: date
) -> Callable[[list[Any], dict[str, Any], RowErrors | None], RowErrors | None]:
    """The per-row check of the NIP, the name and the rank, and of the NIP against the
    birth date, the sex and the employee kind the other columns give."""
    i_nip = cols["nip"]
    i_name = cols["full_name"]
    i_sex = cols.get("sex")
    i_birth = cols.get("birth_date")
    i_rank = cols.get("rank")
    today_ym = today.year * 12 + today.month
    name_max = spec.limits("full_name")["max_length"]

    def check(cells: list[Any], out: dict[str, Any], errors: RowErrors | None) -> RowErrors | None:
        kind = out.get("employee_kind")
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
                    or ym < (int(birth[:4]) + MIN_AGE_AT_APPOINTMENT) * 12 + int(birth[5:7])
                    or ym > today_ym
                    or digit not in "12"
                    or nip[15:] == "000"
                ):
                    parse_identifier(nip, today=today, kind_hint=kind)
                sex_nip = "M" if digit == "1" else "F"
        except ParseError as exc:
            (errors := errors or []).append(("nip", raw_nip, why(raw_nip, exc)))
            nip = None

        raw_name = cells[i_name]
        full_name = None
        if raw_name is not None and raw_name != "":
            full_name = clean_text(raw_name)
        if not full_name:
            (errors := errors or []).append(
                (
                    "full_name",
                    raw_name,
                    Message(_("The name is empty. Type the employee's full name.")),
                )
            )
        else:
            problem = sheet_problem(full_name) if full_name[0] in "=#" else None
            if problem is None and not full_name.isprintable():
                try:
                    check_text(full_name, "full_name")
                except ParseError as exc:
                    problem = exc.as_message()
            if problem:
                (errors := errors or []).append(("full_name", raw_name, problem))
                full_name = None
            else:
                if "." in full_name or "," in full_name:
                    try:
                        tf, full_name, tb = split_name(full_name)
                    except ParseError as exc:
                        (errors := errors or []).append(("full_name", raw_name, exc.as_message()))
                    else:
                        # A title column, when given, wins over the title in the name.
                        if out.get("title_front") is None:
                            out["title_front"] = tf or None
                        if out.get("title_back") is None:
                            out["title_back"] = tb or None
                if full_name and (problem := label_problem(full_name, name_max)):
                    (errors := errors or []).append(("full_name", raw_name, problem))
        out["full_name"] = full_name

        given_sex = out.get("sex")
        given_birth = out.get("birth_date")
        if nip is not None and (
            (given_birth and given_birth != birth)
            or (given_sex and sex_nip and given_sex != sex_nip)
        ):
            info = parse_identifier(nip, today=today, kind_hint=kind)
            for found in check_consistency(
                info,
                birth_date=date.fromisoformat(given_birth) if given_birth else None,
                sex=given_sex,
            ):
                if found.code == "nip_birth_date_mismatch":
                    raw_birth = cells[i_birth]  # type: ignore[index]
                    (errors := errors or []).append(("birth_date", raw_birth, found.as_message()))
                else:
                    (errors := errors or []).append(("sex", cells[i_sex], found.as_message()))  # type: ignore[index]

        if i_rank is not None and (raw := cells[i_rank]) != "" and raw is not None:
            try:
                out["rank"] = rank(raw, kind)
            except ParseError as exc:
                (errors := errors or []).append(("rank", raw, why(raw, exc)))

        out["nip"] = nip
        out["id_kind"] = "ni_pppk" if kind == "PPPK" else "nip"
        out["sex"] = given_sex or sex_nip
        out["birth_date"] = birth
        return errors

    return check


# --- across columns: column-wise -----------------------------------------------------


def frame_rule(decider: Any, df: Any, out: dict[str, Any]) -> tuple[Any, dict[str, Any], Any]:
    """The column-wise :func:`row_rule`: ``(df, out, undecided)``.

    ``out``: the staged expressions of the other columns (materialised in ``df``); the
    CUSTOM ones are added. ``undecided``: the rows :func:`row_rule` must judge (any
    doubt at all: the per-row path gives the verdict and the message).
    """
    import polars as pl

    spec = decider.spec
    undecided = pl.lit(False)
    kind = out["employee_kind"]

    # The rank, parsed once per distinct (cell, employee kind).
    rank_expr = pl.lit(None, dtype=pl.String)
    if name := decider.col("rank"):
        key = pl.concat_str([pl.col(name), kind.fill_null("")], separator="\x00")
        df = df.with_columns(_rank_key=key)

        def parse_rank_key(k: str) -> str | None:
            raw, kind_ = k.split("\x00")
            return rank(raw, kind_ or None)

        rank_expr, bad = decider.map(df, "_rank_key", parse_rank_key, given=pl.col(name) != "")
        undecided = undecided | bad

    # Names: as they are, or split by the per-row path's split_name when they hold titles.
    raw_name = pl.col(decider.col("full_name"))
    titled = raw_name.str.contains(r"[.,]")
    tidy_name = decider.tidy("full_name")
    names = df.filter(titled & tidy_name).get_column(decider.col("full_name")).unique()
    split: dict[str, tuple[str | None, str | None, str | None]] = {}
    for value in names.to_list():
        try:
            front, name_, back = split_name(value)
        except ParseError:
            continue
        split[value] = (front or None, name_, back or None)
    keys = list(split)

    def part(i: int) -> Any:
        return raw_name.replace_strict(
            keys, [split[k][i] for k in keys], default=None, return_dtype=pl.String
        )

    full_name = pl.when(titled).then(part(1)).otherwise(raw_name)
    none = pl.lit(None, dtype=pl.String)
    tf = pl.coalesce(out["title_front"], pl.when(titled).then(part(0)).otherwise(none))
    tb = pl.coalesce(out["title_back"], pl.when(titled).then(part(2)).otherwise(none))
    undecided = (
        undecided
        | (raw_name == "")
        | (titled & full_name.is_null())
        | (full_name.str.len_chars() > spec.limits("full_name")["max_length"])
    )

    # The NIP: the per-row fast check, vectorised; anything it would not pass is undecided.
    nip = pl.col(decider.col("nip"))
    well_formed = nip.str.contains(r"^[0-9]{18}$")
    birth = nip.str.slice(0, 8).str.to_date("%Y%m%d", strict=False)
    by, bm = birth.dt.year(), birth.dt.month()
    month = nip.str.slice(12, 2)
    digit = nip.str.slice(14, 1)
    appointed = nip.str.slice(8, 4).cast(pl.Int64, strict=False) * 12 + month.cast(
        pl.Int64, strict=False
    )
    pppk = kind == "PPPK"
    today_ym = decider.today.year * 12 + decider.today.month
    pns_ok = (
        (month >= "01")
        & (month <= "12")
        & (appointed >= (by.cast(pl.Int64) + MIN_AGE_AT_APPOINTMENT) * 12 + bm.cast(pl.Int64))
        & (appointed <= today_ym)
        & digit.is_in(["1", "2"])
        & (nip.str.slice(15, 3) != "000")
    )
    nip_ok = (
        well_formed
        & birth.is_not_null()
        & by.is_between(1900, 2100)
        & pl.when(pppk).then(True).otherwise(pns_ok)
    ).fill_null(False)
    sex_nip = (
        pl.when(digit == "1")
        .then(pl.lit("M"))
        .when(digit == "2")
        .then(pl.lit("F"))
        .when(pppk)
        .then(none)
        .otherwise(pl.lit("F"))
    )
    birth_text = birth.dt.to_string("%Y-%m-%d")
    given_birth, given_sex = out["birth_date"], out["sex"]
    undecided = (
        undecided
        | ~nip_ok
        | (given_birth.is_not_null() & (given_birth != birth_text))
        | (given_sex.is_not_null() & sex_nip.is_not_null() & (given_sex != sex_nip))
    )
    out = {
        **out,
        "nip": nip,
        "id_kind": pl.when(pppk).then(pl.lit("ni_pppk")).otherwise(pl.lit("nip")),
        "full_name": full_name,
        "title_front": tf,
        "title_back": tb,
        "sex": pl.coalesce(given_sex, sex_nip),
        "birth_date": birth_text,
        "rank": rank_expr,
    }
    return df, out, undecided
