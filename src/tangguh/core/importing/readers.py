"""Read an uploaded file, CSV or XLSX, as a stream of rows.

CSV: comma, semicolon or tab separated; UTF-8 with or without BOM, UTF-16 (Excel's
"Unicode text", with or without BOM), else Windows-1252; any line ending; stray NUL
bytes dropped; a line longer than ``TANGGUH_IMPORT_CSV_MAX_LINE_BYTES`` refuses the
file. XLSX: the first visible sheet that holds anything, checked by :mod:`.guard`
before python-calamine reads it (:mod:`.readers_xlsx`).

Whatever the file holds, what cannot be read ends in :class:`ImportFileError` with
a sentence for the user, never in another exception.

Rows come as ``(row_number, cells)`` where ``row_number`` is the number the
spreadsheet shows (the header is usually row 1). Nothing here knows a
domain: the header row is matched by :func:`.headers.match_headers` against the
columns of the ``spec`` given.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message, joined

from .guard import csv_max_line_bytes
from .headers import HeaderMap, match_headers
from .readers_xlsx import fill_merged, xlsx_rows
from .results import ImportFileError
from .spec import ImportSpec

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
            Message(
                _(
                    "“%(name)s” is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook "
                    "(.xlsx) or CSV from your spreadsheet program (File > Save As), then upload it again."
                ),
                {"name": filename},
            )
        )
    if ext == ".xls":
        raise ImportFileError(_xls_message(filename))
    if head.startswith(_ZIP_MAGIC):
        if ext in CSV_EXTENSIONS:
            raise ImportFileError(
                Message(
                    _(
                        "“%(name)s” is named like a CSV file but is a compressed file. Upload the CSV or XLSX file itself."
                    ),
                    {"name": filename},
                )
            )
        return "xlsx"
    if ext in XLSX_EXTENSIONS:
        raise ImportFileError(
            Message(
                _(
                    "“%(name)s” is not a valid XLSX workbook. Save it again from your spreadsheet program as .xlsx."
                ),
                {"name": filename},
            )
        )
    if ext not in CSV_EXTENSIONS and ext:
        raise ImportFileError(
            Message(
                _(
                    "“%(name)s” is not a CSV or XLSX file. Upload the register as .xlsx or .csv (use the template)."
                ),
                {"name": filename},
            )
        )
    if _looks_binary(head):
        raise ImportFileError(
            Message(
                _(
                    "“%(name)s” is not a text (CSV) file. Upload the register as .xlsx or .csv (use the template)."
                ),
                {"name": filename},
            )
        )
    return "csv"


def sniff_head(fh: IO[bytes]) -> bytes:
    """The bytes :func:`file_kind` needs: the first 8 KiB, or more of an OLE file. Rewinds."""
    head = fh.read(8192)
    if head.startswith(_OLE_MAGIC):
        head += fh.read(_OLE_SNIFF_BYTES)
    fh.seek(0)
    return head


def _xls_message(filename: str) -> Message:
    return Message(
        _(
            "“%(name)s” is an old Excel 97–2003 (.xls) workbook. Open it in a spreadsheet "
            "program and save it as Excel Workbook (.xlsx) or CSV, then upload it again."
        ),
        {"name": filename},
    )


def _encrypted_message(filename: str) -> Message:
    return Message(
        _(
            "“%(name)s” is protected with a password, so it cannot be read. Open it in your "
            "spreadsheet program, remove the password (in Excel: File > Info > Protect "
            "Workbook > Encrypt with Password, then clear it), save it and upload it again."
        ),
        {"name": filename},
    )


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


def open_table(source: Any, filename: str = "", *, spec: ImportSpec) -> Table:
    """Open ``source`` (a path or a binary file object) and find its header row.

    ``spec``: the import target whose header is looked for.
    """
    stack = ExitStack()
    try:
        fh = _open_binary(source, stack)
        if not filename:
            filename = os.path.basename(str(getattr(fh, "name", "") or ""))
        head = sniff_head(fh)
        if not head:
            raise ImportFileError(Message(_("The file “%(name)s” is empty."), {"name": filename}))
        kind = file_kind(filename, head)
        sheet = ""
        merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
        start_col = 0
        if kind == "xlsx":
            rows, total, sheet, merged, start_col = xlsx_rows(fh, filename)
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
        header_row, header, rows = _find_header(rows, sheet, spec)
        if merged:
            rows = fill_merged(rows, merged, header_row, start_col)
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
            raise ImportFileError(
                Message(_("The file “%(path)s” does not exist."), {"path": str(source)})
            )
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
                Message(
                    _(
                        "Line %(line)s of “%(name)s” is longer than %(limit)s KB, while a row of "
                        "the register takes a few hundred bytes: the file is not a register, or "
                        "its line ends were lost. Save the register again as CSV from your "
                        "spreadsheet program, then upload it again."
                    ),
                    {
                        "line": lines + block.count(b"\n", 0, position) + 1,
                        "name": filename,
                        "limit": longest // 1024,
                    },
                )
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
            Message(
                _(
                    "Row %(row)s cannot be read: a cell there is far too long, usually because "
                    'a quotation mark (") opens a cell that is never closed. Remove the stray '
                    "quotation mark or close it, then upload the file again."
                ),
                {"row": number + 1},
            )
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


def unclosed_quote_message(row: int) -> Message:
    return Message(
        _(
            'Row %(row)s has a quotation mark (") that opens a cell but never closes it, so '
            "the rows after it were read as part of that one cell. Remove the stray quotation "
            "mark or close it, then upload the file again."
        ),
        {"row": row},
    )


def _is_blank_row(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _find_header(
    rows: Iterator[tuple[int, list[Any]]], sheet: str, spec: ImportSpec
) -> tuple[int, HeaderMap, Iterator[tuple[int, list[Any]]]]:
    first: tuple[int, HeaderMap] | None = None
    for _i in range(HEADER_SEARCH_ROWS):
        try:
            number, cells = next(rows)
        except StopIteration:
            break
        if _is_blank_row(cells):
            continue
        header = match_headers(cells, spec)
        if first is None:
            first = (number, header)
        if not header.missing_required:
            if header.duplicates:
                raise ImportFileError(
                    _in_sheet(sheet, joined(e.as_message() for e in header.errors()))
                )
            return number, header, rows
    if first is None:
        raise ImportFileError(spec.message("empty_file"))
    problems = joined(e.as_message() for e in first[1].errors())
    raise ImportFileError(
        _in_sheet(
            sheet,
            Message(
                _("Row %(row)s should be the header row, but: %(problems)s"),
                {"row": first[0], "problems": problems},
            ),
        )
    )


def _in_sheet(sheet: str, message: Message) -> Message:
    if not sheet:
        return message
    return Message(_("In the sheet “%(sheet)s”: %(message)s"), {"sheet": sheet, "message": message})
