"""The XLSX side of :mod:`.readers`: the first visible sheet that holds anything, read with
python-calamine after :func:`~.guard.check_xlsx` (cells arrive as str, int/float,
date/datetime); a cell merged down over several rows counts in each of them; an error
cell reads as its error text (``#N/A``) and a formula without a saved result as the
formula (``=A1+B1``), so the row checks can say what is wrong with it.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message

from .guard import check_xlsx
from .results import ImportFileError

Merges = list[tuple[tuple[int, int], tuple[int, int]]]


def xlsx_rows(
    fh: IO[bytes], filename: str
) -> tuple[Iterator[tuple[int, list[Any]]], int, str, Merges, int]:
    """The rows of the first visible sheet that holds anything, and where they are."""
    from python_calamine import CalamineWorkbook, PasswordError

    from .readers import _encrypted_message, _is_blank_row

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
                Message(
                    _(
                        "The workbook “%(name)s” has no rows: every sheet is empty. Fill in the "
                        "template: its header row, then your rows."
                    ),
                    {"name": filename},
                )
            )
        name, sheet, cell_rows = found
        merged = list(sheet.merged_cell_ranges or [])
    except ImportFileError:
        raise
    except PasswordError:
        raise ImportFileError(_encrypted_message(filename)) from None
    except Exception:  # calamine raises its own types for every kind of damage
        raise ImportFileError(
            Message(
                _(
                    "“%(name)s” cannot be read as an XLSX workbook: it is damaged or not really an "
                    "Excel file. Open it in your spreadsheet program and save it again as .xlsx "
                    "or CSV, then upload it again."
                ),
                {"name": filename},
            )
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


def fill_merged(
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
            Message(
                _(
                    "The sheet “%(sheet)s” holds more than %(limit)s formulas without a saved "
                    "result (or error cells). Open the file in your spreadsheet program, let it "
                    "calculate, save it (or copy the sheet and paste values only), then upload "
                    "it again."
                ),
                {
                    "sheet": sheet_name,
                    "limit": MAX_SPECIAL_CELLS,
                },
            )
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
