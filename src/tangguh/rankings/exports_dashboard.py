"""The Rakornas dashboard as a workbook: a sheet per category, every competitor.

Columns: rank, institution code, institution, value (a number, formatted for its
unit), published rank (empty when nothing is published or the institution was not
ranked then). A first sheet lists the categories with their period and publication.
Every text cell goes through ``core.spreadsheet_safety.neutralise_cell``; codes stay
text ("35.78" is not a number).
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tangguh.core.formatting import format_date
from tangguh.core.spreadsheet_safety import text_cell as _text

from .registry import Unit
from .selectors_dashboard import Panel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMATS: dict[str, str] = {
    Unit.RUPIAH: '"Rp "#,##0',
    Unit.SHARE: "0.0%",
    Unit.JP: '0.0" JP"',
    Unit.COUNT: "#,##0",
}


def _number(sheet: Any, value: Any, unit: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=float(value) if unit == Unit.SHARE else value)
    cell.number_format = _FORMATS.get(unit, "#,##0.##")
    return cell


def sheet_title(code: str, used: set[str]) -> str:
    """A sheet's name: the category code, within Excel's 31 characters and its alphabet."""
    base = re.sub(r"[\[\]:*?/\\']", "-", code)[:31] or "sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def headers() -> list[str]:
    return [
        _("Rank now"),
        _("Institution code"),
        _("Institution"),
        _("Metric value"),
        _("Published rank"),
    ]


def dashboard_xlsx(panels: list[Panel]) -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Categories"))
    for column, width in zip("ABCDEF", (34, 60, 12, 30, 10, 20), strict=True):
        summary.column_dimensions[column].width = width
    summary.append(
        [
            _text(summary, h, bold=True)
            for h in (
                _("Code"),
                _("Category"),
                _("Period"),
                _("Metric"),
                _("Published version"),
                _("Differs from the published"),
            )
        ]
    )
    used: set[str] = {str(_("Categories")).lower()}
    for panel in panels:
        published = panel.published
        summary.append(
            [
                _text(summary, panel.category.code),
                _text(summary, panel.category.name()),
                _text(summary, str(panel.period)),
                _text(summary, panel.ranking.metric.label),
                published.publication.version if published else None,
                _text(
                    summary,
                    ""
                    if published is None
                    else (_("yes") if published.differs else _("no"))
                    + f" ({format_date(timezone.localtime(published.publication.published_at).date())})",
                ),
            ]
        )
        sheet = workbook.create_sheet(sheet_title(panel.category.code, used))
        for column, width in zip("ABCDE", (8, 12, 44, 22, 16), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_text(sheet, h, bold=True) for h in headers()])
        ranks = published.ranks if published else {}
        for row in panel.ranking.rows:
            sheet.append(
                [
                    row.rank,
                    _text(sheet, row.institution_code),
                    _text(sheet, row.institution_name),
                    _number(sheet, row.value, panel.unit),
                    ranks.get(row.institution_id),
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
