"""Read an uploaded register file, CSV or XLSX, as a stream of rows.

CSV: comma, semicolon or tab separated; UTF-8 with or without BOM, UTF-16 (Excel's
"Unicode text", with or without BOM), else Windows-1252; any line ending; stray NUL
bytes dropped. XLSX: the first visible sheet that holds anything, read with
python-calamine (cells arrive as str, int/float, date/datetime); a cell merged down
over several rows counts in each of them; an error cell reads as its error text
(``#N/A``) and a formula without a saved result as the formula (``=A1+B1``), so the
row checks can say what is wrong with it.

Whatever the file holds, what cannot be read ends in :class:`ImportFileError` with
a sentence for the user, never in another exception.

Rows come as ``(row_number, cells)`` where ``row_number`` is the number the
spreadsheet shows (the header is usually row 1). Nothing here knows about
employees: the header row is matched by :func:`~tangguh.people.parsing.match_headers`.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tangguh.people.parsing import HeaderMap, match_headers

from .guard import check_xlsx, csv_max_line_bytes
from .results import ImportFileError

CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
ALLOWED_EXTENSIONS = CSV_EXTENSIONS + XLSX_EXTENSIONS

# How many rows at the top may hold a title before the header row.
HEADER_SEARCH_ROWS = 10
_BLOCK = 8 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format, and password-protected workbooks
# In an OLE container, the stream name of an encrypted (password-protected) XLSX.
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_ODS_MARK = b"application/vnd.oasis.opendocument"
# How much of an OLE file is searched for the encryption mark.
_OLE_SNIFF_BYTES = 64 * 1024 * 1024
# Bytes that do not occur in text (C0 controls but tab, line ends, form feed, escape).
_BINARY_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])

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
    # XLSX only: the sheet read.
    sheet: str = ""
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def file_kind(filename: str, head: bytes) -> str:
    """``"csv"`` or ``"xlsx"`` from the name and first bytes; ImportFileError otherwise.

    For an OLE file (old .xls, or a password-protected workbook) ``head`` should be
    the whole file, or its first 64 MB: the encryption mark may be anywhere in it.
    """
    ext = os.path.splitext(filename or "")[1].lower()
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in head:
            raise ImportFileError(_encrypted_message(filename))
        raise ImportFileError(_xls_message(filename))
    if ext == ".ods" or (head.startswith(_ZIP_MAGIC) and _ODS_MARK in head[:200]):
        raise ImportFileError(
            _(
                "“%(name)s” is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook "
                "(.xlsx) or CSV from your spreadsheet program (File > Save As), then upload it again."
            )
            % {"name": filename}
        )
    if ext == ".xls":
        raise ImportFileError(_xls_message(filename))
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
    if _looks_binary(head):
        raise ImportFileError(
            _(
                "“%(name)s” is not a text (CSV) file. Upload the register as .xlsx or .csv (use the template)."
            )
            % {"name": filename}
        )
    return "csv"


def sniff_head(fh: IO[bytes]) -> bytes:
    """The bytes :func:`file_kind` needs: the first 8 KiB, or more of an OLE file. Rewinds."""
    head = fh.read(8192)
    if head.startswith(_OLE_MAGIC):
        head += fh.read(_OLE_SNIFF_BYTES)
    fh.seek(0)
    return head


def _xls_message(filename: str) -> str:
    return _(
        "“%(name)s” is an old Excel 97–2003 (.xls) workbook. Open it in a spreadsheet "
        "program and save it as Excel Workbook (.xlsx) or CSV, then upload it again."
    ) % {"name": filename}


def _encrypted_message(filename: str) -> str:
    return _(
        "“%(name)s” is protected with a password, so it cannot be read. Open it in your "
        "spreadsheet program, remove the password (in Excel: File > Info > Protect "
        "Workbook > Encrypt with Password, then clear it), save it and upload it again."
    ) % {"name": filename}


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``head`` is mostly ASCII text in UTF-16."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(head):
        return False
    sample = head[:8192]
    # Text may hold a stray NUL or two; random bytes, images and archives hold ~10%.
    return len(sample.translate(None, _BINARY_BYTES)) < 0.95 * len(sample)


def open_table(source: Any, filename: str = "") -> Table:
    """Open ``source`` (a path or a binary file object) and find its header row."""
    stack = ExitStack()
    try:
        fh = _open_binary(source, stack)
        if not filename:
            filename = os.path.basename(str(getattr(fh, "name", "") or ""))
        head = sniff_head(fh)
        if not head:
            raise ImportFileError(_("The file “%(name)s” is empty.") % {"name": filename})
        kind = file_kind(filename, head)
        sheet = ""
        merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
        start_col = 0
        if kind == "xlsx":
            rows, total, sheet, merged, start_col = _xlsx_rows(fh, filename)
            encoding = delimiter = ""
            plain = False
        else:
            encoding, lines, plain, nul = _scan_text(fh, head, filename)
            delimiter = _sniff_delimiter(head, encoding)
            text = io.TextIOWrapper(fh, encoding=encoding, newline="", errors="replace")
            stack.callback(text.detach)
            lines_in: Iterable[str] = text
            if nul:
                lines_in = (line.replace("\x00", "") for line in text)
            rows = _csv_rows(lines_in, delimiter)
            total = lines
        header_row, header, rows = _find_header(rows, sheet)
        if merged:
            rows = _fill_merged(rows, merged, header_row, start_col)
        return Table(
            kind=kind,
            header_row=header_row,
            header=header,
            rows=rows,
            total_estimate=max(total - header_row, 0),
            encoding=encoding,
            delimiter=delimiter,
            plain_lines=kind == "csv" and plain,
            sheet=sheet,
            _stack=stack,
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


def _scan_text(fh: IO[bytes], head: bytes, filename: str = "") -> tuple[str, int, bool, bool]:
    """The encoding (UTF-8 if the whole file decodes, else Windows-1252), the line count,
    whether the lines are plain (no blank line, no CR without LF, no NUL byte), and
    whether the text holds NUL characters (dropped when reading).

    A line longer than ``csv_max_line_bytes()`` refuses the file: the readers hold a
    line whole, and a register's row is a few hundred bytes."""
    longest = csv_max_line_bytes()
    open_line = 0  # bytes since the last line end, carried from block to block
    utf16 = None
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = utf16 = "utf-16"
    elif utf16 := _utf16_without_bom(head):
        encoding = utf16
    else:
        encoding = "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")() if encoding == "utf-8" else None
    lines = 0
    last = b""
    plain = True
    nul = False
    while block := fh.read(_BLOCK):
        open_line = _check_lines(block, open_line, longest, lines, filename)
        lines += block.count(b"\n")
        if not utf16 and not nul and b"\x00" in block:
            nul = True
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
    return encoding, lines, plain and not nul and not head.startswith((b"\n", b"\r")), nul


def _check_lines(block: bytes, open_line: int, longest: int, lines: int, filename: str) -> int:
    """Refuse a line longer than ``longest`` bytes; the bytes of the line left open at the
    end of ``block``. Jumps from line end to the last line end within reach: a few steps
    per block, however many lines it holds."""
    position = 0
    reach = longest - open_line  # what the line open from the last block may still take
    while len(block) - position > reach:
        end = block.rfind(b"\n", position, position + reach + 1)
        if end < 0:
            raise ImportFileError(
                _(
                    "Line %(line)s of “%(name)s” is longer than %(limit)s KB, while a row of "
                    "the register takes a few hundred bytes: the file is not a register, or "
                    "its line ends were lost. Save the register again as CSV from your "
                    "spreadsheet program, then upload it again."
                )
                % {
                    "line": lines + block.count(b"\n", 0, position) + 1,
                    "name": filename,
                    "limit": number_format(longest // 1024, force_grouping=True),
                }
            )
        position = end + 1
        reach = longest
    last = block.rfind(b"\n", position)
    if last >= 0:
        return len(block) - last - 1
    return len(block) - position + (open_line if position == 0 else 0)


def _sniff_delimiter(head: bytes, encoding: str) -> str:
    first = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0] if head else ""
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    # A quoted cell may span lines: the spreadsheet shows it as one row, so count records.
    reader = csv.reader(lines, delimiter=delimiter)
    number = line = 0
    pending: tuple[int, list[Any]] | None = None
    try:
        for number, cells in enumerate(reader, start=1):
            if pending is not None:
                yield pending
            # Only a record that spans lines can hold rows swallowed by an open quote.
            if reader.line_num - line > 1 and swallowed_rows(cells, delimiter):
                raise ImportFileError(unclosed_quote_message(number))
            line = reader.line_num
            pending = (number, cells)
    except csv.Error:
        raise ImportFileError(
            _(
                "Row %(row)s cannot be read: a cell there is far too long, usually because "
                'a quotation mark (") opens a cell that is never closed. Remove the stray '
                "quotation mark or close it, then upload the file again."
            )
            % {"row": number + 1}
        ) from None
    if pending is not None:
        # The last record ends inside quotes: its quotation mark was never closed.
        if any(isinstance(c, str) and c.endswith(("\n", "\r")) for c in pending[1]):
            raise ImportFileError(unclosed_quote_message(pending[0]))
        yield pending


_NIP_LIKE_RE = re.compile(r"^\s*['\"]?\d{15,}\s*$")


def swallowed_rows(cells: list[str], delimiter: str) -> bool:
    """Whether a cell holds whole rows after a line break: a quotation mark left open."""
    for cell in cells:
        if "\n" not in cell and "\r" not in cell:
            continue
        for line in cell.splitlines()[1:]:
            parts = line.split(delimiter)
            if len(parts) >= 2 and any(_NIP_LIKE_RE.match(p) for p in parts):
                return True
    return False


def unclosed_quote_message(row: int) -> str:
    return _(
        'Row %(row)s has a quotation mark (") that opens a cell but never closes it, so '
        "the rows after it were read as part of that one cell. Remove the stray quotation "
        "mark or close it, then upload the file again."
    ) % {"row": row}


Merges = list[tuple[tuple[int, int], tuple[int, int]]]


def _xlsx_rows(
    fh: IO[bytes], filename: str
) -> tuple[Iterator[tuple[int, list[Any]]], int, str, Merges, int]:
    """The rows of the first visible sheet that holds anything, and where they are."""
    from python_calamine import CalamineWorkbook, PasswordError

    # Before the reader sees the file: what it would allocate, unpack and parse.
    check_xlsx(fh, filename)
    try:
        workbook = CalamineWorkbook.from_filelike(fh)
        names = [
            m.name for m in workbook.sheets_metadata if str(m.visible).lower().endswith("visible")
        ] or list(workbook.sheet_names)
        found = None
        for name in names:
            sheet = workbook.get_sheet_by_name(name)
            sheet_rows: Iterator[list[Any]] = iter(sheet.iter_rows())
            seen: list[list[Any]] = []
            for cells in sheet_rows:
                seen.append(cells)
                if not _is_blank_row(cells):
                    found = (name, sheet, itertools.chain(seen, sheet_rows))
                    break
            if found is not None:
                break
        if found is None:
            raise ImportFileError(
                _(
                    "The workbook “%(name)s” has no rows: every sheet is empty. Fill in the "
                    "template, one civil servant per row."
                )
                % {"name": filename}
            )
        name, sheet, cell_rows = found
        merged = list(sheet.merged_cell_ranges or [])
    except ImportFileError:
        raise
    except PasswordError:
        raise ImportFileError(_encrypted_message(filename)) from None
    except Exception:  # calamine raises its own types for every kind of damage
        raise ImportFileError(
            _(
                "“%(name)s” cannot be read as an XLSX workbook: it is damaged or not really an "
                "Excel file. Open it in your spreadsheet program and save it again as .xlsx "
                "or CSV, then upload it again."
            )
            % {"name": filename}
        ) from None
    start_row, start_col = sheet.start or (0, 0)
    specials = _sheet_specials(fh, name)
    rows: Iterator[tuple[int, list[Any]]] = enumerate(cell_rows, start=start_row + 1)
    if specials:
        rows = _overlay(rows, specials, start_col)
    return rows, sheet.height + start_row, name, merged, start_col


def _overlay(
    rows: Iterator[tuple[int, list[Any]]], specials: dict[tuple[int, int], str], start_col: int
) -> Iterator[tuple[int, list[Any]]]:
    """Put the error text or the formula into the cells calamine reads as empty."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, col), text in specials.items():
        by_row.setdefault(row, []).append((col - start_col, text))
    for number, cells in rows:
        for index, text in by_row.get(number - 1, ()):
            if 0 <= index < len(cells) and cells[index] in ("", None):
                cells[index] = text
        yield number, cells


def _fill_merged(
    rows: Iterator[tuple[int, list[Any]]], merged: Merges, header_row: int, start_col: int
) -> Iterator[tuple[int, list[Any]]]:
    """A cell merged down over data rows holds its value in each of them (as it shows)."""
    # 0-based sheet coordinates; only ranges that start below the header and span rows,
    # by the row they start on. Per row, only the ranges open there are looked at (one
    # per column), so a hostile list of ranges costs no more than the sheet's cells.
    starts: dict[int, list[tuple[int, int]]] = {}
    for (r0, c0), (r1, _c1) in merged:
        if r1 > r0 and r0 >= header_row and c0 >= start_col:
            starts.setdefault(r0, []).append((r1, c0 - start_col))
    if not starts:
        yield from rows
        return
    open_: dict[int, tuple[int, Any]] = {}  # column -> (last row, value)
    for number, cells in rows:
        index = number - 1
        if open_:
            for col, (r1, value) in list(open_.items()):
                if index > r1:
                    del open_[col]
                    continue
                while len(cells) <= col:
                    cells.append("")
                if cells[col] in ("", None):
                    cells[col] = value
        for r1, col in starts.get(index, ()):
            if col < len(cells):
                open_[col] = (r1, cells[col])
        yield number, cells


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SPECIAL_RE = re.compile(rb'<f[ >/]|t="e"')
_CELL_REF_RE = re.compile(r"^([A-Z]+)(\d+)$")
# Error cells and formulas without a result kept in memory for one sheet (~150 bytes
# each); a sheet with more is refused rather than read with most of its cells wrong.
MAX_SPECIAL_CELLS = 1_000_000


def _sheet_specials(fh: IO[bytes], sheet_name: str) -> dict[tuple[int, int], str]:
    """``{(row, col): text}`` (0-based) of the error cells and of the formulas without a
    saved result of a sheet: calamine reads both as empty cells."""
    from xml.etree import ElementTree as ET

    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as archive:
            path = _sheet_path(archive, sheet_name)
            if path is None:
                return {}
            with archive.open(path) as xml:
                tail = b""
                while block := xml.read(1024 * 1024):
                    if not tail and (b"<!DOCTYPE" in block or b"<!ENTITY" in block):
                        return {}  # the DTD comes first; no workbook part has one
                    if _SPECIAL_RE.search(tail + block):
                        break
                    tail = block[-8:]
                else:
                    return {}
            found: dict[tuple[int, int], str] = {}
            with archive.open(path) as xml:
                for _event, element in ET.iterparse(xml):  # noqa: S314 - no DTD (above)
                    if element.tag == f"{_NS}c":
                        text = _special_text(element)
                        ref = _CELL_REF_RE.match(element.get("r") or "")
                        if text is not None and ref:
                            found[(int(ref[2]) - 1, _column_index(ref[1]))] = text
                            if len(found) > MAX_SPECIAL_CELLS:
                                raise _TooManySpecials
                        element.clear()
                    elif element.tag == f"{_NS}row":
                        element.clear()
            return found
    except _TooManySpecials:
        raise ImportFileError(
            _(
                "The sheet “%(sheet)s” holds more than %(limit)s formulas without a saved "
                "result (or error cells). Open the file in your spreadsheet program, let it "
                "calculate, save it (or copy the sheet and paste values only), then upload "
                "it again."
            )
            % {
                "sheet": sheet_name,
                "limit": number_format(MAX_SPECIAL_CELLS, force_grouping=True),
            }
        ) from None
    except Exception:  # a detail of a file calamine could read: go on without it
        return {}
    finally:
        fh.seek(0)


class _TooManySpecials(Exception):
    pass


def _special_text(cell: Any) -> str | None:
    value = cell.find(f"{_NS}v")
    if cell.get("t") == "e":
        return (value.text or "").strip() if value is not None else None
    formula = cell.find(f"{_NS}f")
    if formula is None or cell.get("t") in ("str", "inlineStr"):
        return None  # a text result may be empty
    if value is None or not (value.text or "").strip():
        return "=" + (formula.text or "")
    return None


def _sheet_path(archive: zipfile.ZipFile, sheet_name: str) -> str | None:

    workbook = _xml(archive.read("xl/workbook.xml"))
    rel_id = None
    for sheet in workbook.iter(f"{_NS}sheet"):
        if sheet.get("name") == sheet_name:
            rel_id = sheet.get(f"{_NS_R}id")
    if rel_id is None:
        return None
    rels = _xml(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_NS_PKG}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def _xml(data: bytes) -> Any:
    """A small workbook part parsed; one with a DTD (which no workbook part has) refused,
    so that no entity trick of an uploaded file reaches the parser."""
    from xml.etree import ElementTree as ET

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("DTD in a workbook part")
    return ET.fromstring(data)  # noqa: S314 - checked above


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _is_blank_row(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _find_header(
    rows: Iterator[tuple[int, list[Any]]], sheet: str = ""
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
                raise ImportFileError(
                    _in_sheet(sheet, " ".join(e.message for e in header.errors()))
                )
            return number, header, rows
    if first is None:
        raise ImportFileError(
            _("The file has no rows. Fill in the template, one civil servant per row.")
        )
    problems = " ".join(e.message for e in first[1].errors())
    raise ImportFileError(
        _in_sheet(
            sheet,
            _("Row %(row)s should be the header row, but: %(problems)s")
            % {"row": first[0], "problems": problems},
        )
    )


def _in_sheet(sheet: str, message: str) -> str:
    if not sheet:
        return message
    return _("In the sheet “%(sheet)s”: %(message)s") % {"sheet": sheet, "message": message}
