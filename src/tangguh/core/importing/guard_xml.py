"""The XML parts of a workbook, read as they unpack, by :mod:`.guard`: a DTD, the nesting
depth, and in a sheet the table of cells the reader will allocate; without a parser
where a parser would take seconds per hundred megabytes."""

from __future__ import annotations

import re
from typing import Any

from .results import ImportFileError

# Largest row and column an XLSX sheet can have (Excel's own limits).
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_COLUMNS = 16_384
_MB = 1024 * 1024


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


class XmlScan:
    """Fed a part's bytes in chunks: DTD, depth, and (sheets) the cells' bounding box."""

    def __init__(self, check: Any, part: str, kind: str, *, exact: bool = False) -> None:
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
                raise NeedsExact
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
                    raise self.check.too_many_strings(count=int(value))
        self.strings += len(_SST_ITEM.findall(block))
        if self.strings > self.limits.max_shared_strings:
            raise self.check.too_many_strings(count=self.strings)


def _letters_key(letters: bytes) -> tuple[int, bytes]:
    return len(letters), letters.upper()


class _ExactSheet:
    """A sheet followed element by element, placing cells as the reader does: a cell
    without a reference goes right of the previous one, a row without one under the
    previous row. Only for sheets with such cells (rare): it is slower."""

    def __init__(self, scan: XmlScan) -> None:
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


class NeedsExact(Exception):
    """A sheet has cells without a reference: scan it again, element by element."""
