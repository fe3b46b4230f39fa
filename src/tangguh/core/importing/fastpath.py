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

from tangguh.core.importing import cells as core_cells
from tangguh.core.importing import rows as core_rows
from tangguh.core.importing.errors import ParseError
from tangguh.core.importing.spec import ImportSpec, Shape
from tangguh.core.spreadsheet_safety import QUOTE
from tangguh.core.text_safety import BIDI_CLASS

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

    decided: Any  # polars.DataFrame with the spec's stage columns
    undecided: list[tuple[int, list[str]]]
    last_row: int
    known: Any = None


# ``known(nip, fp, inst)``: True where the register holds that NIP in that institution
# under that fingerprint (polars Int64 series in, a Boolean series out).
Known = Callable[[Any, Any, Any], Any]


def batches(
    spec: ImportSpec,
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
    :func:`fingerprint_seed`).
    """
    import polars as pl

    width = len(table.header.headers)
    schema = {f"c{i}": pl.String for i in range(width)}
    decide = _Decider(spec, table, codes, today=today)
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
            batch.last_row = max(batch.last_row, int(found.get_column("row_no").max()))  # type: ignore[arg-type]
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
    """Validates one batch column-wise, by the target's spec (see the module's text)."""

    def __init__(
        self, spec: ImportSpec, table: Table, codes: InstitutionColumn, *, today: date
    ) -> None:
        self.spec = spec
        self.cols = {**table.header.columns, **codes.columns}
        self.width = len(table.header.headers)
        self.codes = codes
        self.today = today
        self.seed = fingerprint_seed(spec)
        self.raw_fields = raw_fingerprint_fields(spec)
        self._tidy: dict[str, Any] = {}

    def col(self, field: str) -> str | None:
        index = self.cols.get(field)
        return None if index is None else f"c{index}"

    def tidy(self, field: str) -> Any:
        """True where the field's cell is tidy (no odd whitespace or control character)."""
        return self._tidy[field]

    def raw_fingerprint(self) -> Any:
        return raw_fingerprint(
            {f: self.col(f) for f in self.raw_fields}, self.raw_fields, self.seed
        )

    def raw_keys(self) -> list[Any]:
        """``nip``, ``fp``, ``inst`` of each row as found in the file (Int64; null where a
        cell cannot be one: a key not of digits, a code of no institution)."""
        import polars as pl

        key = pl.col(self.col(self.spec.key.key))  # type: ignore[arg-type]
        inst, bad = self._institution(None)
        return [
            pl.when(key.str.contains(r"^[1-9][0-9]{0,17}$")).then(key.cast(pl.Int64, strict=False))
            .alias("nip"),
            self.raw_fingerprint().alias("fp"),
            pl.when(bad).then(None).otherwise(inst).cast(pl.Int64).alias("inst"),
        ]  # fmt: skip

    def __call__(self, df: Any, *, quoted: bool = True) -> Batch:
        """``quoted``: whether the rows' text holds a quotation mark at all."""
        import polars as pl

        spec = self.spec
        undecided = pl.lit(False)
        for field in self.cols:
            name = self.col(field)
            cell = pl.col(name)  # type: ignore[arg-type]
            self._tidy[field] = tidy = ~cell.str.contains(_UNTIDY)
            # A formula or a spreadsheet error (=..., #N/A) is the per-row path's to judge,
            # and so is a leading quote, which may be one our exports add ("'-2+3").
            # Leading whitespace makes a cell untidy already: a tidy one starts with = or #.
            sheet = (
                cell.str.starts_with("=") | cell.str.starts_with("#") | cell.str.starts_with(QUOTE)
            )
            undecided = undecided | ((cell != "") & ~tidy) | sheet
        # A line break in any cell, mapped or not: maybe a quotation mark left open. Only
        # a quoted cell can hold one (the lines are plain: no CR without LF).
        if quoted:
            for i in range(self.width):
                undecided = undecided | pl.col(f"c{i}").str.contains(r"[\r\n]")

        none = pl.lit(None, dtype=pl.String)
        out: dict[str, Any] = {}
        # MAPPED: the per-row path's own cached rule, once per distinct value.
        for column in spec.shaped(Shape.MAPPED):
            fields = column.stage_fields
            name = self.col(column.key)
            if name is None:
                out.update(dict.fromkeys(fields, none))
                continue
            rule = column.rule
            assert rule is not None, column.key
            if len(fields) == 1:
                out[fields[0]], bad = self.map(df, name, rule)
                undecided = undecided | bad
                continue
            for i, field in enumerate(fields):
                out[field], bad = self.map(df, name, _part(rule, i))
                undecided = undecided | bad
        # LABEL: a tidy cell stages as it is, if the model's length allows it.
        for column in spec.shaped(Shape.LABEL):
            name = self.col(column.key)
            if name is None:
                out[column.key] = none
                continue
            cell = pl.col(name)
            limit = spec.limits(column.key).get("max_length")
            if limit is not None:
                undecided = undecided | (cell.str.len_chars() > limit)
            out[column.key] = pl.when(cell != "").then(cell).otherwise(None)
        # Materialised once, read by the frame rule and the staged selection.
        df = df.with_columns(**{f"_s_{f}": e for f, e in out.items()})
        out = {f: pl.col(f"_s_{f}") for f in out}
        if spec.frame_rule is not None:
            df, out, bad = spec.frame_rule(self, df, out)
            undecided = undecided | bad
        undecided = undecided.fill_null(True)

        inst, bad = self._institution(df)
        undecided = undecided | bad
        key = spec.key.key
        fields = (*spec.value_fields, *spec.extra_fields)
        df = df.with_columns(
            _undecided=undecided,
            _fp=self.raw_fingerprint(),
            _inst=inst,
            **{f"_o_{f}": out[f] for f in (key, *fields)},
        )
        # A row of blank cells is the per-row path's business (skipped, or the end): its
        # key cell is blank, so it is undecided already.
        rest = df.filter(pl.col("_undecided"))
        cells = [f"c{i}" for i in range(self.width)]
        undecided_rows = [
            (row[0], list(row[1:])) for row in rest.select(["row_no", *cells]).iter_rows()
        ]
        ok = df.filter(~pl.col("_undecided"))
        staged = ok.select(
            pl.col("row_no").cast(pl.Int64),
            pl.col(f"_o_{key}").alias(key),
            pl.lit(True).alias("ok"),
            *(pl.col(f"_o_{f}").cast(pl.String).alias(f) for f in fields),
            (pl.lit("h") + pl.col("_fp").cast(pl.String)).alias("fp"),
            pl.col("_inst").cast(pl.Int64).alias("inst"),
        )
        last = int(df.get_column("row_no").max()) if df.height else 0
        return Batch(staged, undecided_rows, last)

    def map(
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


def _part(rule: Callable[[Any], Any], i: int) -> Callable[[Any], Any]:
    """The ``i``-th of the values a rule of several staged fields returns."""
    return lambda value: rule(value)[i]


def raw_fingerprint_fields(spec: ImportSpec) -> tuple[str, ...]:
    """The cells a column-wise fingerprint is made of: every column of the spec but its
    key (which the fingerprint is stored under); the institution code is held beside it."""
    return tuple(c.key for c in spec.columns if not c.is_key)


_SEEDS: dict[str, int] = {}


def fingerprint_seed(spec: ImportSpec) -> int:
    """The seed of every column-wise fingerprint of ``spec``'s rows: computed from the
    spec (its declaration and the source of its rules) and from the code of both paths
    (this module and the per-row normaliser), so any change that could judge or
    normalise some row's cells differently changes it. Every fingerprint stored before
    then stops matching, and each row is validated once more. (Any edit of these
    modules, a comment included, costs one full validation of the next re-import.)"""
    seed = _SEEDS.get(spec.target)
    if seed is None:
        seed = _SEEDS[spec.target] = spec.seed(sys.modules[__name__], core_rows, core_cells)
    return seed


def raw_fingerprint(columns: dict[str, str | None], fields: tuple[str, ...], seed: int) -> Any:
    """A fingerprint of a row's cells as the file gives them (Int64, 63 bits, >= 0).

    ``columns``: the file's column of each of ``fields`` (:func:`raw_fingerprint_fields`),
    or None when the file has none (hashed as an empty cell, which stages the same).
    The register stores ``"h"`` and this number for each row the column-wise path
    decided; a later row with the same key, institution and fingerprint has the same
    cells under the same rules, so the same verdict and the same staged values: it is
    known without being validated again (:func:`batches`). Rows with other cells for
    the same values (another date format, say) get other fingerprints and are compared
    field by field by the merge, as rows of the per-row path (an md5 of staged values)
    always are. polars' hash is stable within a polars version; after an upgrade that
    changes it, every row is validated and compared once more.
    """
    import polars as pl

    cells = [pl.col(name) if (name := columns.get(field)) else pl.lit("") for field in fields]
    text = pl.concat_str(cells, separator="\x00")
    return (text.hash(seed=seed) // 2).cast(pl.Int64)
