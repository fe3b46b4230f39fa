"""The needs analysis (AKPK) as the workbook an institution files: a header (institution,
year, status, data as of, dictionary versions), one row per competency (people with a
gap, by gap size, the suggested development, JP and cost) and the totals. Counts and
amounts are numbers; texts go through ``text_cell`` (never a formula)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tangguh.core.formatting import format_datetime
from tangguh.core.spreadsheet_safety import text_cell as _text

from .models import NeedsAnalysis, NeedsLine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUPIAH = "#,##0"
JP = "#,##0.##"
GAP_SIZES = (1, 2, 3, 4)


def versions_text(analysis: NeedsAnalysis) -> str:
    """ "national v1, 35.78 v2": the dictionary versions the analysis used."""
    parts = []
    for item in analysis.versions or []:
        name = _("national") if item.get("framework") == "national" else item.get("framework")
        parts.append(f"{name} v{item.get('version')}")
    return ", ".join(parts)


def _number(sheet: Any, value: Any, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=float(value) if number_format == JP else int(value))
    cell.number_format = number_format
    return cell


def line_name(line: NeedsLine) -> str:
    return line.competency.name if line.competency_id else line.code


def programmes_text(line: NeedsLine) -> str:
    return "; ".join(f"{p.get('title')} ({p.get('organiser')})" for p in line.programmes)


def headers() -> list[str]:
    return [
        _("Priority"),
        _("Competency code"),
        _("Competency"),
        _("People with a gap"),
        *[_("Gap of %(n)s") % {"n": n} for n in GAP_SIZES[:-1]],
        _("Gap of %(n)s or more") % {"n": GAP_SIZES[-1]},
        _("Suggested form of development"),
        _("Suggested programmes"),
        _("JP per person"),
        _("JP in all"),
        _("Estimated cost (Rp)"),
        _("Note"),
    ]


def _gap_counts(line: NeedsLine) -> list[int]:
    counts = {int(k): int(v) for k, v in (line.by_gap or {}).items()}
    top = GAP_SIZES[-1]
    return [counts.get(n, 0) for n in GAP_SIZES[:-1]] + [
        sum(v for k, v in counts.items() if k >= top)
    ]


def needs_xlsx(analysis: NeedsAnalysis, lines: list[NeedsLine]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("AKPK %(year)s") % {"year": analysis.year})
    widths = [9, 12, 36, 12, 9, 9, 9, 11, 28, 48, 10, 12, 18, 30]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = {"bold": True}
    sheet.append([_text(sheet, _("Competency development needs analysis (AKPK)"), **bold)])
    for label, value in (
        (_("Institution"), f"{analysis.institution.code} {analysis.institution.name}"),
        (_("Year"), str(analysis.year)),
        (_("Status"), str(analysis.get_status_display())),
        (_("Data as of"), format_datetime(timezone.localtime(analysis.data_as_of))),
        (_("Dictionary versions"), versions_text(analysis)),
        (
            _("People in scope"),
            _("%(total)s active civil servants, %(assessed)s of them assessed")
            % {"total": analysis.people_total, "assessed": analysis.people_assessed},
        ),
    ):
        sheet.append([_text(sheet, label, **bold), _text(sheet, value)])
    sheet.append([])
    sheet.append([_text(sheet, h, bold=True) for h in headers()])
    for line in lines:
        jp_all = line.estimated_jp * line.people
        sheet.append(
            [
                line.priority,
                _text(sheet, line.code),
                _text(sheet, line_name(line)),
                line.people,
                *_gap_counts(line),
                _text(sheet, line.form.name if line.form is not None else ""),
                _text(sheet, programmes_text(line)),
                _number(sheet, line.estimated_jp, JP),
                _number(sheet, jp_all, JP),
                _number(sheet, line.estimated_cost, RUPIAH),
                _text(sheet, line.note),
            ]
        )
    total_jp = sum((line.estimated_jp * line.people for line in lines), Decimal(0))
    total_cost = sum((line.estimated_cost for line in lines), Decimal(0))
    sheet.append(
        [
            None,
            None,
            _text(sheet, _("Total"), **bold),
            sum(line.people for line in lines),
            *[None] * len(GAP_SIZES),
            None,
            None,
            None,
            _number(sheet, total_jp, JP),
            _number(sheet, total_cost, RUPIAH),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
