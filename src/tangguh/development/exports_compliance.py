"""The 20-JP duty's tables as XLSX: a roll-up (provinces or institutions), an
institution's units, a unit's names. Text cells are neutralised (a name is never a
formula); the NIP is a Text cell; shares are fractions shown as percentages."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tangguh.core.spreadsheet_safety import text_cell as _text

from .compliance import Figures
from .selectors_compliance import PersonRow, Row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(sheet: Any, value: Any, fmt: str = "0") -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=None if value is None else float(value))
    cell.number_format = fmt
    return cell


def _figures(sheet: Any, f: Figures) -> list[Any]:
    return [
        f.civil_servants,
        f.reached,
        _number(sheet, f.share, "0.0%"),
        _number(sheet, f.mean_jp, "0.00"),
        f.at_zero,
    ]


def _figure_headers() -> list[str]:
    return [
        _("Civil servants"),
        _("Reached 20 JP"),
        _("Share reaching 20 JP"),
        _("Mean JP"),
        _("At zero JP"),
    ]


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rollup_xlsx(rows: Iterable[Row], *, year: int, first_header: str) -> bytes:
    """A line per province or institution: code, name, the figures."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("20-JP duty %(year)s") % {"year": year})
    for column, width in zip("ABCDEFG", (12, 44, 14, 14, 14, 10, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    headers = [_("Code"), first_header, *_figure_headers()]
    sheet.append([_text(sheet, h, bold=True) for h in headers])
    for row in rows:
        code = row.institution.code if row.institution else ""
        sheet.append([_text(sheet, code), _text(sheet, row.name), *_figures(sheet, row.figures)])
    return _save(workbook)


def units_xlsx(rows: Iterable[Row], *, year: int, no_unit: str) -> bytes:
    """A line per work unit of an institution."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("20-JP duty %(year)s") % {"year": year})
    sheet.column_dimensions["A"].width = 60
    sheet.freeze_panes = "A2"
    sheet.append([_text(sheet, h, bold=True) for h in [_("Work unit"), *_figure_headers()]])
    for row in rows:
        sheet.append([_text(sheet, row.label or no_unit), *_figures(sheet, row.figures)])
    return _save(workbook)


def people_xlsx(rows: Iterable[PersonRow], *, year: int) -> bytes:
    """A line per person: NIP, name, JP of the year, their duty, remaining, reached."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("20-JP duty %(year)s") % {"year": year})
    for column, width in zip("ABCDEF", (22, 40, 10, 10, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    headers = [_("NIP"), _("Name"), _("JP"), _("Duty (JP)"), _("Remaining"), _("Reached 20 JP")]
    sheet.append([_text(sheet, h, bold=True) for h in headers])
    for row in rows:
        sheet.append(
            [
                _text(sheet, row.person.nip),
                _text(sheet, row.person.name),
                _number(sheet, row.person.jp, "0.##"),
                _number(sheet, row.target, "0.##"),
                _number(sheet, row.remaining, "0.##"),
                _text(sheet, _("yes") if row.reached else _("no")),
            ]
        )
    return _save(workbook)
