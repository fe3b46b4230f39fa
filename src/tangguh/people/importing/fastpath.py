"""Column-wise validation of large CSV files with polars; the per-row code stays the reference.

A national file has millions of rows but few distinct values in most columns
(statuses, ranks, dates, units). So, per batch of rows read by polars:

* every value of a column with few distinct values (status, sex, rank, position
  kind, dates, names with titles, institution code) is parsed once by the same
  cached functions the per-row path uses (:mod:`.rows`), and mapped back;
* the NIP is checked with vectorised expressions that accept exactly the NIPs the
  per-row fast check accepts;
* a row the expressions cannot decide -- any problem at all, an untidy cell
  (extra or odd whitespace), a NIP that fails a check, a birth date or sex that
  disagrees with the NIP -- goes to the per-row normaliser, which gives the
  verdict and the message. So messages and edge cases are the per-row path's by
  construction; tests compare both paths on the same rows.

Only for what polars reads exactly like the csv module: UTF-8 files on disk, the
header in the first row, no blank lines, no bare CR line ends, no ragged rows.
Anything else (or polars missing) takes the per-row path for the whole file.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tangguh.core.spreadsheet_safety import QUOTE
from tangguh.core.text_safety import BIDI_CLASS
from tangguh.people.import_spec import REGISTER
from tangguh.people.parsing import ParseError, split_name

from . import rows as R
from .readers import Table
from .sources import FIELD as INSTITUTION_FIELD
from .sources import InstitutionColumn

# Files with fewer rows than this take the per-row path: the set-up costs more.
FAST_MIN_ROWS = 50_000
# ~21,000 rows of a national file. Each block swells many times in polars while it
# is validated: measured on the national file, 8 MB blocks peaked at 277 MB for the
# read alone, 4 MB at 206 MB (41 s), 2 MB at 167 MB (51 s) on a slow day; on a
# fast one the whole first import peaked at 433 MB with 4 MB blocks, 401 MB with 3 MB
# at the same speed (17.4 s read), 396 MB with 2 MB but 4 s slower.
BLOCK_BYTES = 3 * 1024 * 1024

# Cells with any of these are "untidy": the per-row path cleans and judges them.
# (str.split() whitespace other than a single inner space, control characters, and the
# bidirectional controls the per-row path refuses: one rule, core.text_safety.)
_UNTIDY = (
    r"[\x00-\x1f\x7f-\x{a0}\x{1680}\x{2000}-\x{200b}\x{2028}\x{2029}\x{202f}"
    r"\x{205f}\x{3000}\x{feff}]|  |^ | $|" + BIDI_CLASS
)
_MIN_AGE = 18


def available() -> bool:
    try:
        import polars  # noqa: F401
    except ImportError:  # pragma: no cover - polars is a dependency
        return False
    return True


def source_path(source: Any) -> Path | None:
    """The file on disk behind ``source``, if there is one polars can read."""
    if isinstance(source, str | os.PathLike):
        return Path(source)
    candidates = [getattr(source, "name", None)]
    # A stored upload (Django FieldFile on the file system) knows its path.
    with contextlib.suppress(NotImplementedError, ValueError):
        candidates.append(getattr(source, "path", None))
    for name in candidates:
        if isinstance(name, str) and os.path.isabs(name) and os.path.isfile(name):
            return Path(name)
    return None


def eligible(table: Table, path: Path | None, min_rows: int | None = None) -> bool:
    return (
        path is not None
        and table.kind == "csv"
        and table.encoding in ("utf-8", "utf-8-sig")
        and table.header_row == 1
        and table.plain_lines
        and table.total_estimate >= (FAST_MIN_ROWS if min_rows is None else min_rows)
        and available()
    )


class Ragged(Exception):
    """polars met a row with more cells than the header: the per-row path reads the file."""


@dataclass
class Batch:
    """One batch: the decided rows as a frame of staged columns, the others as cells.

    With a ``known`` test (see :func:`batches`), the rows it recognised come apart,
    not validated again: ``known`` is a frame of their ``nip`` (Int64) and ``row_no``.
    """

    decided: Any  # polars.DataFrame with STAGE_COLUMNS
    undecided: list[tuple[int, list[str]]]
    last_row: int
    known: Any = None


# ``known(nip, fp, inst)``: True where the register holds that NIP in that institution
# under that fingerprint (polars Int64 series in, a Boolean series out).
Known = Callable[[Any, Any, Any], Any]


def batches(
    path: Path,
    table: Table,
    codes: InstitutionColumn,
    *,
    today: date,
    known: Known | None = None,
) -> Iterator[Batch]:
    """The file's rows in batches, validated column-wise.

    ``known``: rows whose cells the register already holds as they are (their raw
    fingerprint, :func:`raw_fingerprint`, is the one stored for their NIP and
    institution) are set apart before any validation: they were valid, with the same
    verdict and the same values, when those cells were imported (see
    :data:`FINGERPRINT_VERSION`).
    """
    import polars as pl

    width = len(table.header.headers)
    schema = {f"c{i}": pl.String for i in range(width)}
    decide = _Decider(table, codes, today=today)
    row_no = table.header_row + 1
    for block in _blocks(path):
        try:
            df = pl.read_csv(
                block,
                has_header=False,
                separator=table.delimiter,
                schema=schema,
                empty_string_is_null=False,
                truncate_ragged_lines=False,
                encoding="utf8",
                row_index_name="row_no",
                row_index_offset=row_no,
            )
        except pl.exceptions.PolarsError as exc:
            # Ragged rows, a short first row, odd quoting: the per-row reader decides.
            raise Ragged(str(exc)) from None
        row_no += df.height
        df = df.with_columns(pl.col(list(schema)).fill_null(""))
        found = None
        if known is not None:
            keys = df.select(decide.raw_keys())
            same = known(keys.get_column("nip"), keys.get_column("fp"), keys.get_column("inst"))
            if same.any():
                found = pl.DataFrame(
                    {"nip": keys.get_column("nip"), "row_no": df.get_column("row_no")}
                ).filter(same)
                df = df.filter(~same)
            del keys, same
        batch = decide(df, quoted=b'"' in block)
        batch.known = found
        if found is not None and found.height:
            batch.last_row = max(batch.last_row, int(found.get_column("row_no").max()))
        yield batch


def _blocks(path: Path) -> Iterator[bytes]:
    """The records after the header in blocks of about BLOCK_BYTES, cut between records.

    Read by us rather than by polars' own scanner, which reads far ahead (measured:
    ~400 MB resident for the national file): memory stays at one block or two. A cut
    is a line end outside quotes (an even number of quote characters before it), so a
    quoted cell spanning lines stays whole.
    """
    with path.open("rb") as fh:
        carry = b""
        header = True
        while True:
            data = fh.read(BLOCK_BYTES)
            buffer = carry + data if carry else data
            if header:
                end = _record_end(buffer, first=True)
                if end is None:
                    if not data:
                        return
                    carry = buffer
                    continue
                buffer = buffer[end:]
                header = False
            if not data:
                if buffer.strip(b"\r\n"):
                    yield buffer
                return
            end = _record_end(buffer, first=False)
            if end is None:
                carry = buffer
                continue
            carry = buffer[end:]
            yield buffer[:end]


def _record_end(buffer: bytes, *, first: bool) -> int | None:
    """Index just after the first (or last) line end outside quotes, None if none."""
    position = buffer.find(b"\n") if first else buffer.rfind(b"\n")
    for _try in range(64):
        if position < 0:
            return None
        if buffer.count(b'"', 0, position) % 2 == 0:
            return position + 1
        position = buffer.find(b"\n", position + 1) if first else buffer.rfind(b"\n", 0, position)
    return None


class _Decider:
    def __init__(self, table: Table, codes: InstitutionColumn, *, today: date) -> None:
        self.cols = {**table.header.columns, **codes.columns}
        self.width = len(table.header.headers)
        self.codes = codes
        self.today = today

    def col(self, field: str) -> str | None:
        index = self.cols.get(field)
        return None if index is None else f"c{index}"

    def raw_fingerprint(self) -> Any:
        return raw_fingerprint({f: self.col(f) for f in RAW_FINGERPRINT_FIELDS})

    def raw_keys(self) -> list[Any]:
        """``nip``, ``fp``, ``inst`` of each row as found in the file (Int64; null where a
        cell cannot be one: a NIP not of 18 digits, a code of no institution)."""
        import polars as pl

        nip = pl.col(self.col("nip"))
        inst, bad = self._institution(None)
        return [
            pl.when(nip.str.contains(r"^[0-9]{18}$")).then(nip.cast(pl.Int64, strict=False))
            .alias("nip"),
            self.raw_fingerprint().alias("fp"),
            pl.when(bad).then(None).otherwise(inst).cast(pl.Int64).alias("inst"),
        ]  # fmt: skip

    def __call__(self, df: Any, *, quoted: bool = True) -> Batch:
        """``quoted``: whether the rows' text holds a quotation mark at all."""
        import polars as pl

        undecided = pl.lit(False)
        tidy: dict[str, Any] = {}
        for field in self.cols:
            name = self.col(field)
            cell = pl.col(name)
            tidy[field] = ~cell.str.contains(_UNTIDY)
            # A formula or a spreadsheet error (=..., #N/A) is the per-row path's to judge,
            # and so is a leading quote, which may be one our exports add ("'-2+3").
            # Leading whitespace makes a cell untidy already: a tidy one starts with = or #.
            sheet = (
                cell.str.starts_with("=") | cell.str.starts_with("#") | cell.str.starts_with(QUOTE)
            )
            undecided = undecided | ((cell != "") & ~tidy[field]) | sheet
        # A line break in any cell, mapped or not: maybe a quotation mark left open. Only
        # a quoted cell can hold one (the lines are plain: no CR without LF).
        if quoted:
            for i in range(self.width):
                undecided = undecided | pl.col(f"c{i}").str.contains(r"[\r\n]")

        # Columns with few distinct values: the per-row path's own cached parsers, once each.
        kind = state = pl.lit(None, dtype=pl.String)
        if name := self.col("employment_status"):
            kind, bad = self._map(df, name, lambda v: R._status(v)[0])
            state, _bad = self._map(df, name, lambda v: R._status(v)[1])
            undecided = undecided | bad
        exprs = {"kind": kind, "state": state}
        sex = pl.lit(None, dtype=pl.String)
        if name := self.col("sex"):
            sex, bad = self._map(df, name, R._sex)
            undecided = undecided | bad
        exprs["sex"] = sex
        for field in ("birth_date", "tmt"):
            value = pl.lit(None, dtype=pl.String)
            if name := self.col(field):
                value, bad = self._map(df, name, R._date)
                undecided = undecided | bad
            exprs[field] = value
        pkind = pl.lit(None, dtype=pl.String)
        if name := self.col("position_kind"):
            pkind, bad = self._map(df, name, R._position_kind)
            undecided = undecided | bad
        exprs["pkind"] = pkind
        df = df.with_columns(**exprs)

        rank = pl.lit(None, dtype=pl.String)
        if name := self.col("rank"):
            key = pl.concat_str([pl.col(name), pl.col("kind").fill_null("")], separator="\x00")
            df = df.with_columns(_rank_key=key)

            def parse_rank(k: str) -> str | None:
                raw, kind_ = k.split("\x00")
                return R._rank(raw, kind_ or None)

            rank, bad = self._map(df, "_rank_key", parse_rank, given=pl.col(name) != "")
            undecided = undecided | bad
        df = df.with_columns(rank=rank)

        # Names: as they are, or split by the per-row path's split_name when they hold titles.
        raw_name = pl.col(self.col("full_name"))
        titled = raw_name.str.contains(r"[.,]")
        names = df.filter(titled & tidy["full_name"]).get_column(self.col("full_name")).unique()
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
        tf = pl.when(titled).then(part(0)).otherwise(pl.lit(None, dtype=pl.String))
        tb = pl.when(titled).then(part(2)).otherwise(pl.lit(None, dtype=pl.String))
        undecided = (
            undecided
            | (raw_name == "")
            | (titled & full_name.is_null())
            | (full_name.str.len_chars() > R.MAX_LENGTH["full_name"])
        )
        for field, limit, target in (
            ("title_front", R.MAX_LENGTH["title_front"], "tf"),
            ("title_back", R.MAX_LENGTH["title_back"], "tb"),
        ):
            if name := self.col(field):
                cell = pl.col(name)
                undecided = undecided | (cell.str.len_chars() > limit)
                if target == "tf":
                    tf = pl.when(cell != "").then(cell).otherwise(tf)
                else:
                    tb = pl.when(cell != "").then(cell).otherwise(tb)
        labels = {}
        for field, limit in (
            ("position", R.MAX_LENGTH["position"]),
            ("work_unit", R.MAX_LENGTH["work_unit"]),
        ):
            value = pl.lit(None, dtype=pl.String)
            if name := self.col(field):
                cell = pl.col(name)
                undecided = undecided | (cell.str.len_chars() > limit)
                value = pl.when(cell != "").then(cell).otherwise(None)
            labels[field] = value

        # The NIP: the per-row fast check, vectorised; anything it would not pass is undecided.
        nip = pl.col(self.col("nip"))
        well_formed = nip.str.contains(r"^[0-9]{18}$")
        birth = nip.str.slice(0, 8).str.to_date("%Y%m%d", strict=False)
        by, bm = birth.dt.year(), birth.dt.month()
        month = nip.str.slice(12, 2)
        digit = nip.str.slice(14, 1)
        appointed = nip.str.slice(8, 4).cast(pl.Int64, strict=False) * 12 + month.cast(
            pl.Int64, strict=False
        )
        pppk = pl.col("kind") == "PPPK"
        today_ym = self.today.year * 12 + self.today.month
        pns_ok = (
            (month >= "01")
            & (month <= "12")
            & (appointed >= (by.cast(pl.Int64) + _MIN_AGE) * 12 + bm.cast(pl.Int64))
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
            .then(pl.lit(None, dtype=pl.String))
            .otherwise(pl.lit("F"))
        )
        birth_text = birth.dt.to_string("%Y-%m-%d")
        undecided = (
            undecided
            | ~nip_ok
            | (pl.col("birth_date").is_not_null() & (pl.col("birth_date") != birth_text))
            | (pl.col("sex").is_not_null() & sex_nip.is_not_null() & (pl.col("sex") != sex_nip))
        ).fill_null(True)

        inst, bad = self._institution(df)
        undecided = undecided | bad
        df = df.with_columns(
            _undecided=undecided,
            _fp=self.raw_fingerprint(),
            _inst=inst,
            _full_name=full_name,
            _tf=tf,
            _tb=tb,
            _sex=pl.coalesce(pl.col("sex"), sex_nip),
            _birth=birth_text,
            _position=labels["position"],
            _work_unit=labels["work_unit"],
        )
        # A row of blank cells is the per-row path's business (skipped, or the end): its
        # NIP cell is blank, so it is undecided already.
        rest = df.filter(pl.col("_undecided"))
        cells = [f"c{i}" for i in range(self.width)]
        undecided_rows = [
            (row[0], list(row[1:])) for row in rest.select(["row_no", *cells]).iter_rows()
        ]
        ok = df.filter(~pl.col("_undecided"))
        staged = ok.select(
            row_no=pl.col("row_no").cast(pl.Int64),
            nip=nip,
            ok=pl.lit(True),
            id_kind=pl.when(pppk).then(pl.lit("ni_pppk")).otherwise(pl.lit("nip")),
            full_name=pl.col("_full_name"),
            title_front=pl.col("_tf"),
            title_back=pl.col("_tb"),
            sex=pl.col("_sex"),
            birth_date=pl.col("_birth"),
            employee_kind=pl.col("kind"),
            state=pl.col("state"),
            position=pl.col("_position"),
            position_kind=pl.col("pkind"),
            rank=pl.col("rank"),
            work_unit=pl.col("_work_unit"),
            tmt=pl.col("tmt"),
        )
        staged = staged.with_columns(
            fp=pl.lit("h") + ok.get_column("_fp").cast(pl.String),
            inst=ok.get_column("_inst").cast(pl.Int64),
        )
        last = int(df.get_column("row_no").max()) if df.height else 0
        return Batch(staged, undecided_rows, last)

    def _map(
        self, df: Any, name: str, parse: Callable[[str], Any], given: Any = None
    ) -> tuple[Any, Any]:
        """``(values, bad)``: the parsed value of each distinct cell of ``name``; bad where it fails."""
        import polars as pl

        cell = pl.col(name)
        given = (cell != "") if given is None else given
        distinct = df.filter(given).get_column(name).unique().to_list()
        good_keys: list[str] = []
        good_values: list[Any] = []
        for value in distinct:
            try:
                good_values.append(parse(value))
            except (ParseError, ValueError):
                continue
            good_keys.append(value)
        values = cell.replace_strict(good_keys, good_values, default=None, return_dtype=pl.String)
        known = cell.is_in(good_keys)
        return pl.when(given).then(values).otherwise(None), given & ~known

    def _institution(self, df: Any) -> tuple[Any, Any]:
        import polars as pl

        fixed = getattr(self.codes.institution, "pk", None)
        name = self.col(INSTITUTION_FIELD)
        if name is None:
            return pl.lit(fixed, dtype=pl.Int64), pl.lit(False)
        cell = pl.col(name)
        ids = self.codes.ids
        if fixed is not None:
            # Only this institution's code (or none) is accepted without a message.
            code = self.codes.institution.code
            return pl.lit(fixed, dtype=pl.Int64), (cell != "") & (cell != code)
        keys = list(ids)
        inst = cell.replace_strict(
            keys, [ids[k] for k in keys], default=None, return_dtype=pl.Int64
        )
        return inst, inst.is_null()


# The cells a column-wise fingerprint is made of: every column of the register's spec
# but its key (the NIP, which the fingerprint is stored under); the institution code
# is held beside it.
RAW_FINGERPRINT_FIELDS: tuple[str, ...] = tuple(c.key for c in REGISTER.columns if not c.is_key)
# The seed of every column-wise fingerprint: computed from the spec (its declaration
# and the source of its rules and parsers) and from the code of both paths (this
# module and the per-row normaliser), so any change that could judge or normalise
# some row's cells differently changes it. Every fingerprint stored before then
# stops matching, and each row is validated once more. (Any edit of these modules,
# a comment included, costs one full validation of the next re-import: safe.)
FINGERPRINT_VERSION: int = REGISTER.seed(sys.modules[__name__], R)


def raw_fingerprint(columns: dict[str, str | None]) -> Any:
    """A fingerprint of a row's cells as the file gives them (Int64, 63 bits, >= 0).

    ``columns``: the file's column of each field of :data:`RAW_FINGERPRINT_FIELDS`, or
    None when the file has none (hashed as an empty cell, which stages the same). The
    register stores ``"h"`` and this number for each row the column-wise path decided;
    a later row with the same NIP, institution and fingerprint has the same cells
    under the same rules, so the same verdict and the same staged values: it is
    known without being validated again (:func:`batches`). Rows with other cells for
    the same values (another date format, say) get other fingerprints and are compared
    field by field by the merge, as rows of the per-row path (an md5 of staged values)
    always are. polars' hash is stable within a polars version; after an upgrade that
    changes it, every row is validated and compared once more.
    """
    import polars as pl

    cells = [
        pl.col(name) if (name := columns.get(field)) else pl.lit("")
        for field in RAW_FINGERPRINT_FIELDS
    ]
    text = pl.concat_str(cells, separator="\x00")
    return (text.hash(seed=FINGERPRINT_VERSION) // 2).cast(pl.Int64)
