"""Read an uploaded register file, CSV or XLSX, as a stream of rows.

CSV: comma, semicolon or tab separated; UTF-8 with or without BOM, UTF-16 with
BOM, else Windows-1252; any line ending. XLSX: the first visible sheet, read
with python-calamine (cells arrive as str, int/float, date/datetime).

Rows come as ``(row_number, cells)`` where ``row_number`` is the number the
spreadsheet shows (the header is usually row 1). Nothing here knows about
employees: the header row is matched by :func:`~tangguh.people.parsing.match_headers`.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from tangguh.people.parsing import HeaderMap, match_headers

from .results import ImportFileError

CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
ALLOWED_EXTENSIONS = CSV_EXTENSIONS + XLSX_EXTENSIONS

# How many rows at the top may hold a title before the header row.
HEADER_SEARCH_ROWS = 10
_BLOCK = 8 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format

csv.field_size_limit(10 * 1024 * 1024)


@dataclass
class Table:
    """An open file: the matched header and an iterator over the data rows after it."""

    kind: str  # "csv" or "xlsx"
    header_row: int
    header: HeaderMap
    rows: Iterator[tuple[int, list[Any]]]
    total_estimate: int
    encoding: str = ""
    delimiter: str = ""
    # CSV only: no blank line and no bare CR line end (what the column-wise reader needs).
    plain_lines: bool = False
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def file_kind(filename: str, head: bytes) -> str:
    """``"csv"`` or ``"xlsx"`` from the name and first bytes; ImportFileError otherwise."""
    ext = os.path.splitext(filename or "")[1].lower()
    if head.startswith(_OLE_MAGIC):
        raise ImportFileError(
            _(
                "“%(name)s” is an old Excel 97–2003 (.xls) workbook. Open it in a spreadsheet "
                "program and save it as Excel Workbook (.xlsx) or CSV, then upload it again."
            )
            % {"name": filename}
        )
    if head.startswith(_ZIP_MAGIC):
        if ext in CSV_EXTENSIONS:
            raise ImportFileError(
                _(
                    "“%(name)s” is named like a CSV file but is a compressed file. Upload the CSV or XLSX file itself."
                )
                % {"name": filename}
            )
        return "xlsx"
    if ext in XLSX_EXTENSIONS:
        raise ImportFileError(
            _(
                "“%(name)s” is not a valid XLSX workbook. Save it again from your spreadsheet program as .xlsx."
            )
            % {"name": filename}
        )
    if ext not in CSV_EXTENSIONS and ext:
        raise ImportFileError(
            _(
                "“%(name)s” is not a CSV or XLSX file. Upload the register as .xlsx or .csv (use the template)."
            )
            % {"name": filename}
        )
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(
            _(
                "“%(name)s” is not a text (CSV) file. Upload the register as .xlsx or .csv (use the template)."
            )
            % {"name": filename}
        )
    return "csv"


def open_table(source: Any, filename: str = "") -> Table:
    """Open ``source`` (a path or a binary file object) and find its header row."""
    stack = ExitStack()
    try:
        fh = _open_binary(source, stack)
        if not filename:
            filename = os.path.basename(str(getattr(fh, "name", "") or ""))
        head = fh.read(8192)
        fh.seek(0)
        if not head:
            raise ImportFileError(_("The file “%(name)s” is empty.") % {"name": filename})
        kind = file_kind(filename, head)
        if kind == "xlsx":
            rows, total = _xlsx_rows(fh, filename)
            encoding = delimiter = ""
            plain = False
        else:
            encoding, lines, plain = _scan_text(fh, head)
            delimiter = _sniff_delimiter(head, encoding)
            text = io.TextIOWrapper(fh, encoding=encoding, newline="", errors="replace")
            stack.callback(text.detach)
            rows = _csv_rows(text, delimiter)
            total = lines
        header_row, header, rows = _find_header(rows)
        return Table(
            kind,
            header_row,
            header,
            rows,
            max(total - header_row, 0),
            encoding,
            delimiter,
            kind == "csv" and plain,
            stack,
        )
    except BaseException:
        stack.close()
        raise


def _open_binary(source: Any, stack: ExitStack) -> IO[bytes]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise ImportFileError(_("The file “%(path)s” does not exist.") % {"path": str(source)})
        return stack.enter_context(path.open("rb"))
    fh = source
    if hasattr(fh, "open") and getattr(fh, "closed", False):
        fh.open("rb")  # a Django FieldFile / File that was closed
    if hasattr(fh, "seekable") and not fh.seekable():
        spooled = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024))  # noqa: SIM115
        shutil.copyfileobj(fh, spooled)
        fh = spooled
    fh.seek(0)
    return fh


def _scan_text(fh: IO[bytes], head: bytes) -> tuple[str, int, bool]:
    """The encoding (UTF-8 if the whole file decodes, else Windows-1252), the line count,
    and whether the lines are plain (no blank line, no CR without LF)."""
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")() if encoding == "utf-8" else None
    lines = 0
    last = b""
    plain = True
    while block := fh.read(_BLOCK):
        lines += block.count(b"\n")
        if plain:
            seam = last[-2:] + block
            plain = (
                b"\n\n" not in seam
                and b"\n\r\n" not in seam
                and seam.count(b"\r") == seam.count(b"\r\n")
            )
        last = block
        if decoder is not None:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                decoder = None
                encoding = "cp1252"
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
    if last and not last.endswith(b"\n"):
        lines += 1
    fh.seek(0)
    return encoding, lines, plain and not head.startswith((b"\n", b"\r"))


def _sniff_delimiter(head: bytes, encoding: str) -> str:
    first = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0] if head else ""
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: IO[str], delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    # A quoted cell may span lines: the spreadsheet shows it as one row, so count records.
    return enumerate(csv.reader(text, delimiter=delimiter), start=1)


def _xlsx_rows(fh: IO[bytes], filename: str) -> tuple[Iterator[tuple[int, list[Any]]], int]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(fh)
        sheets = [m for m in workbook.sheets_metadata if str(m.visible).lower().endswith("visible")]
        name = sheets[0].name if sheets else workbook.sheet_names[0]
        sheet = workbook.get_sheet_by_name(name)
    except Exception as exc:  # calamine raises its own types for every kind of damage
        raise ImportFileError(
            _(
                "“%(name)s” cannot be read as an XLSX workbook (%(reason)s). Save it again as .xlsx or CSV."
            )
            % {"name": filename, "reason": type(exc).__name__}
        ) from None
    start = sheet.start[0] if sheet.start else 0

    return enumerate(sheet.iter_rows(), start=start + 1), sheet.height + start


def _is_blank_row(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _find_header(
    rows: Iterator[tuple[int, list[Any]]],
) -> tuple[int, HeaderMap, Iterator[tuple[int, list[Any]]]]:
    first: tuple[int, HeaderMap] | None = None
    for _i in range(HEADER_SEARCH_ROWS):
        try:
            number, cells = next(rows)
        except StopIteration:
            break
        if _is_blank_row(cells):
            continue
        header = match_headers(cells)
        if first is None:
            first = (number, header)
        if not header.missing_required:
            if header.duplicates:
                raise ImportFileError(" ".join(e.message for e in header.errors()))
            return number, header, rows
    if first is None:
        raise ImportFileError(
            _("The file has no rows. Fill in the template, one civil servant per row.")
        )
    problems = " ".join(e.message for e in first[1].errors())
    raise ImportFileError(
        _("Row %(row)s should be the header row, but: %(problems)s")
        % {"row": first[0], "problems": problems}
    )
