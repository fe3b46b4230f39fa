"""Budgets as XLSX: a list of institutions' budgets for a year, the figures as numbers.

Amounts are whole Rupiah in number cells formatted ``#,##0`` (a spreadsheet groups
them in the reader's locale); shares are fractions formatted as percentages; texts
go through ``neutralise_cell`` (an institution's name is never a formula).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tangguh.core.spreadsheet_safety import text_cell as _text

from .selectors_budgets import BudgetFigures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUPIAH = "#,##0"
SHARE = "0.00%"


def _number(sheet: Any, value: Any, number_format: str = RUPIAH) -> WriteOnlyCell | None:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=float(value) if number_format == SHARE else int(value))
    cell.number_format = number_format
    return cell


def headers() -> list[str]:
    return [
        _("Institution code"),
        _("Institution"),
        _("Fiscal year"),
        _("Total budget (Rp)"),
        _("Allocation to competency development (Rp)"),
        _("Share of the total"),
        _("Civil servants"),
        _("Allocation per civil servant (Rp)"),
        _("Realisation (Rp)"),
        _("Realisation of the allocation"),
        _("Approved revision"),
        _("Revisions awaiting approval"),
    ]


def budgets_xlsx(rows: Iterable[BudgetFigures], *, year: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Budgets %(year)s") % {"year": year})
    widths = [14, 40, 12, 22, 26, 14, 14, 22, 20, 16, 12, 14]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text(sheet, h, bold=True) for h in headers()])
    for f in rows:
        percent = f.realisation_percent
        sheet.append(
            [
                _text(sheet, f.institution.code),
                _text(sheet, f.institution.name),
                f.year,
                _number(sheet, f.total_budget),
                _number(sheet, f.development_allocation),
                _number(sheet, f.share, SHARE),
                f.civil_servants,
                _number(sheet, f.per_civil_servant),
                _number(sheet, f.realisation),
                _number(sheet, None if percent is None else percent / 100, SHARE),
                f.allocation.revision_number if f.allocation else None,
                f.pending,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
