"""The downloadable XLSX template of any import target, derived from its spec.

Headers and column widths from the spec's template columns, one example row,
the columns declared ``text`` formatted as Text (codes keep their leading zeros),
and a sheet of notes. Every text cell, headers and notes included, goes through
:func:`~tangguh.core.spreadsheet_safety.neutralise_cell`, so nothing in the file
runs as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from tangguh.core.spreadsheet_safety import neutralise_cell

from .spec import ImportSpec

TEXT_FORMAT = "@"
DATE_FORMAT = "DD-MM-YYYY"
# Empty rows formatted in advance, so that a code typed in stays text.
BLANK_ROWS = 1000
# Excel's limit on the characters of a cell; openpyxl refuses control characters.
_CELL_LIMIT = 32_767
_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def text_cell(sheet: Any, value: str) -> Any:
    """A cell of a write-only ``sheet`` holding ``value`` as inert text: never a formula,
    without the control characters a workbook may not hold, within Excel's cell limit."""
    if not value.isprintable():
        value = value.translate(_ILLEGAL)
    value = neutralise_cell(value)  # after the clean-up: "\x01=1" would start with "="
    cell = WriteOnlyCell(sheet, value=None)
    cell._value = value[:_CELL_LIMIT]
    cell.data_type = "s"
    return cell


def template_xlsx(
    spec: ImportSpec, *, sheet_title: str, notes: Sequence[str] = (), notes_title: str = ""
) -> bytes:
    """The template of ``spec``: a sheet ``sheet_title`` with the headers, the example row
    and :data:`BLANK_ROWS` empty rows; ``notes`` one per row on a sheet ``notes_title``."""
    columns = spec.template_columns
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        if column.text:
            sheet.column_dimensions[get_column_letter(index)].number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"
    headers = []
    for column in columns:
        cell = text_cell(sheet, column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        headers.append(cell)
    sheet.append(headers)
    sheet.append([_example_cell(sheet, c.example, c.text) for c in columns])
    text_indices = [i for i, c in enumerate(columns) if c.text]
    if text_indices:
        for _i in range(BLANK_ROWS):
            row: list[Any] = [None] * (text_indices[-1] + 1)
            for index in text_indices:
                cell = WriteOnlyCell(sheet, value=None)
                cell.number_format = TEXT_FORMAT
                row[index] = cell
            sheet.append(row)
    if notes:
        notes_sheet = workbook.create_sheet(notes_title or "Notes")
        notes_sheet.column_dimensions["A"].width = 120
        for line in notes:
            notes_sheet.append([text_cell(notes_sheet, line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example_cell(sheet: Any, value: Any, text: bool) -> Any:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if text or isinstance(value, str):
        cell = text_cell(sheet, str(value))
        if text:
            cell.number_format = TEXT_FORMAT
        return cell
    return value
