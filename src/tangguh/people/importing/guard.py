"""Checks an uploaded workbook before any reader opens it: what cannot hurt the service.

An XLSX file is a zip of XML parts. The reader (python-calamine) trusts them: a
single cell at ``XFD1048576`` makes it allocate a table of 16,384 × 1,048,576
cells (549,755,813,888 bytes), a shared-strings part declaring four billion texts
makes it reserve 96 GB, and a few hundred kilobytes can unpack to gigabytes of
XML. So before the reader sees the file, :func:`check_xlsx`

- counts the parts and reads each one's declared size from the zip directory,
  refusing too many parts, a part or a whole too large once unpacked, or a part
  that unpacks to more than ``max_ratio`` times its packed size (a zip bomb);
- unpacks the XML parts itself, counting what really comes out (a directory can
  lie), refusing a DTD (no workbook part has one), and nesting deeper than a
  workbook ever needs;
- finds, in each worksheet, the first and last row and column that hold a cell:
  the table the reader will allocate. More than ``max_cells`` cells is refused,
  with the farthest cell named so the uploader can find and delete it;
- reads the declared counts of the shared-strings part and refuses a part, or a
  count, larger than a register can need.

Every refusal is an :class:`ImportFileError` whose sentence, in the uploader's
language, says what is wrong and what to do. The limits are settings
(``TANGGUH_IMPORT_XLSX_LIMITS``; docs/operations.md, "Hostile files") with
defaults that a real register of a million rows passes with room to spare.

Nothing here is the last line: the import also runs in a child process with a
memory and time budget (``people/import_jobs.py``).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import IO

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .results import ImportFileError

# Largest row and column an XLSX sheet can have (Excel's own limits).
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_COLUMNS = 16_384
_MB = 1024 * 1024


@dataclass(frozen=True)
class XlsxLimits:
    """What a workbook may hold once unpacked. Defaults measured on real files
    (docs/operations.md, "Hostile files")."""

    # Parts in the zip: a workbook has ten to a few dozen (sheets, styles, images...).
    max_parts: int = 1_000
    # Unpacked size of one part, and of all parts together. A million rows of text
    # written with inline strings is a 718 MB sheet.
    max_part_bytes: int = 1536 * _MB
    max_total_bytes: int = 2048 * _MB
    # Unpacked size over packed size of a part, for parts from ``ratio_min_bytes`` up
    # (small parts such as an empty style sheet compress far better). Real sheets
    # pack 9-20 times; zip bombs 200-1,000 times.
    max_ratio: int = 100
    ratio_min_bytes: int = 1 * _MB
    # Cells in the table the reader allocates for a sheet: (last row - first row + 1)
    # x (last column - first column + 1). The reader needs ~100 bytes per cell:
    # 20 million cells is about 2 GB (a million rows of 20 columns).
    max_cells: int = 20_000_000
    # Shared strings: the part's unpacked size and the number of texts it declares.
    max_shared_strings_bytes: int = 512 * _MB
    max_shared_strings: int = 20_000_000
    # Nesting of XML elements; a worksheet needs seven levels.
    max_depth: int = 100
    # Merged ranges in a sheet.
    max_merged_ranges: int = 100_000

    @classmethod
    def from_settings(cls) -> XlsxLimits:
        """The defaults, overridden by ``settings.TANGGUH_IMPORT_XLSX_LIMITS``."""
        overrides = getattr(settings, "TANGGUH_IMPORT_XLSX_LIMITS", None) or {}
        known = {f.name for f in fields(cls)}
        return replace(cls(), **{k: int(v) for k, v in overrides.items() if k in known})


def check_xlsx(fh: IO[bytes], filename: str, limits: XlsxLimits | None = None) -> None:
    """Refuse, with a sentence, a workbook that could hurt the reader. Rewinds ``fh``."""
    limits = limits or XlsxLimits.from_settings()
    try:
        _Check(fh, filename, limits).run()
    finally:
        fh.seek(0)


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _mb(value: int) -> str:
    return number_format(max(value // _MB, 1), force_grouping=True)


def column_letters(index: int) -> str:
    """``0 -> "A"``, ``16383 -> "XFD"``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number - 1


# --- the zip ---------------------------------------------------------------------------

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_MAGIC = b"PK\x03\x04"
_READ = 1024 * 1024


class _Check:
    def __init__(self, fh: IO[bytes], filename: str, limits: XlsxLimits) -> None:
        self.fh = fh
        self.filename = filename
        self.limits = limits

    def refuse(self, message: str) -> ImportFileError:
        return ImportFileError(message)

    def damaged(self) -> ImportFileError:
        return ImportFileError(
            _(
                "“%(name)s” cannot be read as an XLSX workbook: it is damaged or not really an "
                "Excel file. Open it in your spreadsheet program and save it again as .xlsx "
                "or CSV, then upload it again."
            )
            % {"name": self.filename}
        )

    def run(self) -> None:
        limits = self.limits
        self.fh.seek(0)
        entries = _entry_count(self.fh)
        if entries is not None and entries > limits.max_parts:
            raise self._too_many_parts(entries)
        try:
            archive = zipfile.ZipFile(self.fh)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise self.damaged() from None
        with archive:
            infos = archive.infolist()
            if len(infos) > limits.max_parts:
                raise self._too_many_parts(len(infos))
            names = [i.filename for i in infos]
            if len(set(names)) != len(names):
                raise self.damaged()  # two parts of one name: readers would disagree on which
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise ImportFileError(_password_message(self.filename))
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise self.damaged()
                self._check_sizes(info.filename, info.file_size, info.compress_size)
                total += info.file_size
                if total > limits.max_total_bytes:
                    raise self._too_large_total(total)
            kinds = _part_kinds(archive, infos)
            unpacked = 0
            for info in infos:
                kind = kinds.get(info.filename)
                if kind is None and not info.filename.lower().endswith((".xml", ".rels")):
                    continue  # images and other binary parts: no reader of ours opens them
                unpacked += self._scan_part(info, kind or "xml")
                if unpacked > limits.max_total_bytes:
                    raise self._too_large_total(unpacked)

    def _check_sizes(self, name: str, size: int, packed: int) -> None:
        limits = self.limits
        if size > limits.max_part_bytes:
            raise self._too_large_part(name, size)
        if size >= limits.ratio_min_bytes and size > limits.max_ratio * max(packed, 1):
            raise ImportFileError(
                _(
                    "“%(name)s” is refused: its part “%(part)s” unpacks to %(size)s MB from "
                    "%(packed)s KB, %(ratio)s times its packed size (a spreadsheet program "
                    "packs at most about 20 times). Such a file is built to exhaust the "
                    "server, not saved by a spreadsheet program. Save the register again "
                    "from your spreadsheet program, as .xlsx or CSV, then upload it again."
                )
                % {
                    "name": self.filename,
                    "part": name,
                    "size": _mb(size),
                    "packed": _n(max(packed // 1024, 1)),
                    "ratio": _n(size // max(packed, 1)),
                }
            )

    def _too_many_parts(self, count: int) -> ImportFileError:
        return ImportFileError(
            _(
                "“%(name)s” is refused: it holds %(count)s parts, more than the %(limit)s a "
                "workbook may have. Save the register alone (one sheet) as .xlsx or CSV, "
                "then upload it again."
            )
            % {"name": self.filename, "count": _n(count), "limit": _n(self.limits.max_parts)}
        )

    def _too_large_part(self, part: str, size: int) -> ImportFileError:
        return ImportFileError(
            _(
                "“%(name)s” is refused: its part “%(part)s” unpacks to more than %(limit)s MB. "
                "Save the register as CSV (no size limit of this kind), or split it into "
                "several files, then upload again."
            )
            % {"name": self.filename, "part": part, "limit": _mb(self.limits.max_part_bytes)}
        )

    def _too_large_total(self, size: int) -> ImportFileError:
        return ImportFileError(
            _(
                "“%(name)s” is refused: it unpacks to more than %(limit)s MB. Save the "
                "register as CSV (no size limit of this kind), or split it into several "
                "files, then upload again."
            )
            % {"name": self.filename, "limit": _mb(self.limits.max_total_bytes)}
        )

    # --- one part ---------------------------------------------------------------------

    def _scan_part(self, info: zipfile.ZipInfo, kind: str) -> int:
        """Unpack one XML part, checking it as it comes out; the bytes it unpacked to."""
        limit = self.limits.max_part_bytes
        if kind == "shared_strings":
            limit = min(limit, self.limits.max_shared_strings_bytes)
        try:
            return self._scan_once(info, kind, limit, exact=False)
        except _NeedsExact:
            return self._scan_once(info, kind, limit, exact=True)

    def _scan_once(self, info: zipfile.ZipInfo, kind: str, limit: int, *, exact: bool) -> int:
        xml = _XmlScan(self, info.filename, kind, exact=exact)
        size = 0
        for chunk in self._unpack(info):
            size += len(chunk)
            if size > info.file_size:
                raise self.damaged()  # more than the directory said: a lie
            if size > limit:
                if kind == "shared_strings":
                    raise self._too_many_strings(bytes_=size)
                raise self._too_large_part(info.filename, size)
            if size >= self.limits.ratio_min_bytes:
                self._check_sizes(info.filename, size, info.compress_size)
            xml.feed(chunk)
        if size != info.file_size:
            raise self.damaged()
        xml.close()
        return size

    def _unpack(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's bytes as they really unpack (not trusting the declared size)."""
        fh = self.fh
        fh.seek(info.header_offset)
        header = fh.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size:
            raise self.damaged()
        fields_ = _LOCAL_HEADER.unpack(header)
        if fields_[0] != _LOCAL_MAGIC:
            raise self.damaged()
        fh.seek(fields_[10] + fields_[11], 1)  # the name and extra field
        left = info.compress_size
        inflate = (
            zlib.decompressobj(-zlib.MAX_WBITS)
            if info.compress_type == zipfile.ZIP_DEFLATED
            else None
        )
        try:
            while left > 0:
                data = fh.read(min(_READ, left))
                if not data:
                    raise self.damaged()
                left -= len(data)
                if inflate is None:
                    yield data
                    continue
                # Bounded output per step: a bomb never sits in memory whole.
                out = inflate.decompress(data, _READ)
                while out:
                    yield out
                    out = inflate.decompress(inflate.unconsumed_tail, _READ)
            if inflate is not None:
                rest = inflate.flush()
                if rest:
                    yield rest
        except zlib.error:
            raise self.damaged() from None

    def too_many_cells(self, part: str, box: tuple[int, int, int, int]) -> ImportFileError:
        first_row, last_row, first_col, last_col = box
        cells = (last_row - first_row + 1) * (last_col - first_col + 1)
        return ImportFileError(
            _(
                "“%(name)s” is refused: a sheet (“%(part)s”) spans from cell %(first)s to cell "
                "%(last)s, %(cells)s cells, more than the %(limit)s a file may hold. A cell "
                "far outside the register usually causes this: delete the rows and columns "
                "after the register (or the stray cell at %(last)s), save, and upload again; "
                "or save the register as CSV."
            )
            % {
                "name": self.filename,
                "part": part,
                "first": f"{column_letters(first_col)}{first_row + 1}",
                "last": f"{column_letters(last_col)}{last_row + 1}",
                "cells": _n(cells),
                "limit": _n(self.limits.max_cells),
            }
        )

    def beyond_excel(self, part: str, ref: str) -> ImportFileError:
        return ImportFileError(
            _(
                "“%(name)s” is refused: a sheet (“%(part)s”) has a cell at %(ref)s, beyond "
                "the last row (1,048,576) and column (XFD) a workbook can have. The file was "
                "not saved by a spreadsheet program: save the register again as .xlsx or "
                "CSV, then upload it again."
            )
            % {"name": self.filename, "part": part, "ref": ref[:20]}
        )

    def too_deep(self, part: str) -> ImportFileError:
        return ImportFileError(
            _(
                "“%(name)s” is refused: its part “%(part)s” nests XML elements more than "
                "%(limit)s levels deep; a workbook needs fewer than ten. The file was not "
                "saved by a spreadsheet program: save the register again as .xlsx or CSV, "
                "then upload it again."
            )
            % {"name": self.filename, "part": part, "limit": _n(self.limits.max_depth)}
        )

    def with_dtd(self, part: str) -> ImportFileError:
        return ImportFileError(
            _(
                "“%(name)s” is refused: its part “%(part)s” declares a DTD (<!DOCTYPE or "
                "<!ENTITY), which no workbook has. Save the register again from your "
                "spreadsheet program as .xlsx or CSV, then upload it again."
            )
            % {"name": self.filename, "part": part}
        )

    def _too_many_strings(self, *, count: int = 0, bytes_: int = 0) -> ImportFileError:
        if count:
            return ImportFileError(
                _(
                    "“%(name)s” is refused: it declares %(count)s different texts, more than "
                    "the %(limit)s a file may hold. Save the register again from your "
                    "spreadsheet program, or as CSV, then upload it again."
                )
                % {
                    "name": self.filename,
                    "count": _n(count),
                    "limit": _n(self.limits.max_shared_strings),
                }
            )
        return ImportFileError(
            _(
                "“%(name)s” is refused: its texts (the shared-strings part) unpack to more "
                "than %(limit)s MB. Save the register as CSV, or split it into several "
                "files, then upload again."
            )
            % {"name": self.filename, "limit": _mb(self.limits.max_shared_strings_bytes)}
        )

    def too_many_merges(self, part: str, count: int) -> ImportFileError:
        return ImportFileError(
            _(
                "“%(name)s” is refused: a sheet (“%(part)s”) has %(count)s merged ranges, "
                "more than the %(limit)s a file may have. Unmerge the cells (Home > Merge & "
                "Center > Unmerge Cells), save, and upload again; or save it as CSV."
            )
            % {
                "name": self.filename,
                "part": part,
                "count": _n(count),
                "limit": _n(self.limits.max_merged_ranges),
            }
        )


def _password_message(filename: str) -> str:
    from .readers import _encrypted_message

    return _encrypted_message(filename)


def _entry_count(fh: IO[bytes]) -> int | None:
    """The number of parts from the zip's end record, before zipfile reads the directory
    (which costs memory per entry)."""
    try:
        record = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
    except Exception:
        return None
    finally:
        fh.seek(0)
    if not record:
        return None
    return int(record[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]


_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _part_kinds(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, str]:
    """``{part name: "sheet" | "shared_strings"}`` from the workbook's relationships;
    parts under ``xl/worksheets/`` count as sheets whatever the relationships say."""
    kinds = {i.filename: "sheet" for i in infos if i.filename.startswith("xl/worksheets/")}
    kinds = {k: v for k, v in kinds.items() if k.endswith(".xml")}
    rels_name = "xl/_rels/workbook.xml.rels"
    info = next((i for i in infos if i.filename == rels_name), None)
    if info is not None and info.file_size <= 4 * _MB:
        from xml.etree import ElementTree as ET

        try:
            data = archive.read(rels_name)
            if b"<!DOCTYPE" not in data and b"<!ENTITY" not in data:
                for rel in ET.fromstring(data).iter(f"{_NS_PKG}Relationship"):  # noqa: S314 - no DTD
                    kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                    target = rel.get("Target") or ""
                    path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                    if kind in ("worksheet", "dialogsheet", "macrosheet"):
                        kinds[path] = "sheet"
                    elif kind == "sharedStrings":
                        kinds[path] = "shared_strings"
        except Exception:  # noqa: S110 - the part's own scan refuses what is wrong with it
            pass
    kinds.setdefault("xl/sharedStrings.xml", "shared_strings")
    return kinds


# --- the XML of one part -------------------------------------------------------------------

# A cell with its reference: ``<c r="B7" ...`` (any namespace prefix, either quote).
_CELL_REF = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c(?=\s)[^>]*?\sr\s*=\s*["']([A-Za-z]+)(\d+)["']"""
)
# A cell without a reference (the reader then counts on from the previous cell).
_CELL_NO_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?:(?=\s)(?![^>]*\sr\s*=)[^>]*)?/?>")
_QUICK_COL = re.compile(rb'<c r="([A-Za-z]+)')
_QUICK_ROW = re.compile(rb'<c r="[A-Za-z]+(\d+)"')
_SST_COUNT = re.compile(rb"""\b(?:count|uniqueCount)\s*=\s*["'](\d+)["']""")
_SST_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
# The depth count (below) keeps "<", "/" and ">" and turns every other byte into "x"
# (so that "/" in a text is not read as part of a tag), then drops all but its markers.
_MARKS = bytes(b if b in b"</>" else ord("x") for b in range(256))
_NOT_MARKS = bytes(b for b in range(256) if b not in b"<\x01\x02")
# Carry at most this much of a chunk with no ">" to the next one.
_MAX_CARRY = 4 * _MB


class _XmlScan:
    """Fed a part's bytes in chunks: DTD, depth, and (sheets) the cells' bounding box."""

    def __init__(self, check: _Check, part: str, kind: str, *, exact: bool = False) -> None:
        self.check = check
        self.part = part
        self.kind = kind
        self.limits = check.limits
        self.carry = b""
        self.depth = 0
        self.first = True
        # Sheets: the bounding box of the cells with a reference.
        self.rows: tuple[int, int] | None = None
        self.cols: tuple[int, int] | None = None
        self.exact = _ExactSheet(self) if exact and kind == "sheet" else None
        self.merges = 0
        self.strings = 0

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk
        cut = data.rfind(b">") + 1
        if cut == 0 and len(data) <= _MAX_CARRY:
            self.carry = data
            return
        if cut == 0:
            cut = len(data)
        self.carry = data[cut:]
        self._block(data[:cut])

    def close(self) -> None:
        if self.carry:
            self._block(self.carry)
            self.carry = b""
        if self.kind == "sheet":
            self._check_box()

    def _block(self, block: bytes) -> None:
        if b"<!" in block and (b"<!DOCTYPE" in block or b"<!ENTITY" in block):
            raise self.check.with_dtd(self.part)
        self._depth(block)
        if self.kind == "sheet":
            self._sheet(block)
        elif self.kind == "shared_strings":
            self._shared_strings(block)
        self.first = False

    def _depth(self, block: bytes) -> None:
        """Nesting depth without a parser (a parser would take seconds per 100 MB).

        The tags are reduced to one byte each (``<`` open, 1 close, 2 self-close), then
        adjacent open/close pairs are cancelled, one level per pass: a block that needs
        more than ``max_depth`` passes, or that leaves that many open, nests that deep.
        A ``/>`` in a text would count as a close; the child process's memory limit
        stays the last line for a file built around that.
        """
        limit = self.limits.max_depth
        marks = block.translate(_MARKS)
        if b"<?" in marks or b"<!" in marks:
            marks = marks.replace(b"<?", b"x").replace(b"<!", b"x")
        # Replacements of equal length are copied in place (a third faster).
        marks = marks.replace(b"</", b"x\x01").replace(b"/>", b"\x02x").translate(None, _NOT_MARKS)
        passes = 0
        while True:
            shorter = marks.replace(b"<\x01", b"").replace(b"<\x02", b"")
            if len(shorter) == len(marks):
                break
            marks = shorter
            passes += 1
            if passes > limit:
                raise self.check.too_deep(self.part)
        # Left: closes of elements opened in earlier blocks, then opens that stay open.
        opens = marks.count(b"<")
        closes = len(marks) - opens
        if max(self.depth, self.depth - closes + opens) + passes > limit:
            raise self.check.too_deep(self.part)
        self.depth = max(self.depth - closes + opens, 0)

    def _sheet(self, block: bytes) -> None:
        self.merges += block.count(b"mergeCell ")  # not <mergeCells count=...>
        if self.merges > self.limits.max_merged_ranges:
            raise self.check.too_many_merges(self.part, self.merges)
        if self.exact is not None:
            self.exact.feed(block)
            return
        tags = block.count(b"<c")
        prefixed = b":c" in block
        if not tags and not prefixed:
            return
        # Spreadsheet programs write ``<c r="B7"``: one quick pattern finds them all. A
        # block with anything else (other tags starting "<c", prefixes, other attribute
        # orders, cells without a reference) gets the thorough patterns.
        if not prefixed and block.count(b'<c r="') == tags:
            cols: set[bytes] = set(_QUICK_COL.findall(block))
            rows: set[bytes] = set(_QUICK_ROW.findall(block))
        else:
            if _CELL_NO_REF.search(block):
                # Cells without a reference: their place depends on the cells before them.
                raise _NeedsExact
            refs = _CELL_REF.findall(block)
            cols = {c for c, _r in refs}
            rows = {r for _c, r in refs}
        if cols and rows:
            self.add_cols(min(cols, key=_letters_key), max(cols, key=_letters_key))
            numbers = [int(r) for r in rows]
            self.add_rows(min(numbers), max(numbers))

    def add_cols(self, low: bytes, high: bytes) -> None:
        if len(high) > 3 or _column_index(high) >= XLSX_MAX_COLUMNS:
            raise self.check.beyond_excel(self.part, high.decode("ascii", "replace").upper())
        lo, hi = _column_index(low), _column_index(high)
        self.cols = (
            (lo, hi) if self.cols is None else (min(self.cols[0], lo), max(self.cols[1], hi))
        )

    def add_rows(self, low: int, high: int) -> None:
        if high > XLSX_MAX_ROWS or low < 1:
            raise self.check.beyond_excel(self.part, f"row {high if high > XLSX_MAX_ROWS else low}")
        lo, hi = low - 1, high - 1
        self.rows = (
            (lo, hi) if self.rows is None else (min(self.rows[0], lo), max(self.rows[1], hi))
        )
        self._check_box()

    def _check_box(self) -> None:
        if self.rows is None or self.cols is None:
            return
        box = (*self.rows, *self.cols)
        cells = (box[1] - box[0] + 1) * (box[3] - box[2] + 1)
        if cells > self.limits.max_cells:
            raise self.check.too_many_cells(self.part, box)

    def _shared_strings(self, block: bytes) -> None:
        if self.first:
            # The counts are attributes of the root element, at the start of the part.
            head = block[: block.find(b">", block.find(b"sst")) + 1] if b"sst" in block else b""
            for value in _SST_COUNT.findall(head):
                if int(value) > self.limits.max_shared_strings:
                    raise self.check._too_many_strings(count=int(value))
        self.strings += len(_SST_ITEM.findall(block))
        if self.strings > self.limits.max_shared_strings:
            raise self.check._too_many_strings(count=self.strings)


def _letters_key(letters: bytes) -> tuple[int, bytes]:
    return len(letters), letters.upper()


class _ExactSheet:
    """A sheet followed element by element, placing cells as the reader does: a cell
    without a reference goes right of the previous one, a row without one under the
    previous row. Only for sheets with such cells (rare): it is slower."""

    def __init__(self, scan: _XmlScan) -> None:
        from xml.parsers import expat

        self.scan = scan
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.row = -1
        self.col = 0

    def feed(self, block: bytes) -> None:
        try:
            self.parser.Parse(block, False)
        except ImportFileError:
            raise  # a refusal from a handler below
        except Exception:  # not well-formed XML
            raise self.scan.check.damaged() from None

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            ref = attrs.get("r") or ""
            self.row = int(ref) - 1 if ref.isascii() and ref.isdigit() else self.row + 1
            self.col = 0
        elif local == "c":
            match = _REF.fullmatch((attrs.get("r") or "").encode("utf-8"))
            if match:
                letters, row = match[1], int(match[2])
                self.col = _column_index(letters) if len(letters) <= 3 else XLSX_MAX_COLUMNS
            else:
                letters, row = column_letters(self.col).encode(), self.row + 1
            self.scan.add_cols(letters, letters)
            self.scan.add_rows(row, row)
            self.col += 1


_REF = re.compile(rb"([A-Za-z]+)(\d+)")


class _NeedsExact(Exception):
    """A sheet has cells without a reference: scan it again, element by element."""


def csv_max_line_bytes() -> int:
    """The longest line a CSV file may have (``TANGGUH_IMPORT_CSV_MAX_LINE_BYTES``)."""
    return int(getattr(settings, "TANGGUH_IMPORT_CSV_MAX_LINE_BYTES", _MB))


def upload_limit(filename: str) -> int:
    """The largest upload accepted for a file of this name (by its extension), in bytes."""
    from .readers import XLSX_EXTENSIONS

    if filename.lower().endswith(XLSX_EXTENSIONS):
        return int(getattr(settings, "TANGGUH_IMPORT_MAX_XLSX_BYTES", 150 * _MB))
    return int(getattr(settings, "TANGGUH_IMPORT_MAX_CSV_BYTES", 1024 * _MB))


def upload_limits() -> dict[str, int]:
    """``{"csv": bytes, "xlsx": bytes}``: what the upload form tells the user."""
    return {"csv": upload_limit("a.csv"), "xlsx": upload_limit("a.xlsx")}
