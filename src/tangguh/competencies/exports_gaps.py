"""The gap summary as XLSX: a sheet of figures per competency, and a sheet of the heat
map's figures (per competency and column: the people falling short). Text cells are
neutralised (a name is never a formula)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from tangguh.core.spreadsheet_safety import text_cell as _text

from .selectors_gaps import MAX_GAP, Summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def summary_xlsx(summary: Summary) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Gaps"))
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "C2"
    headers = [
        _("Code"),
        _("Competency"),
        _("People required"),
        _("Not assessed"),
        _("Meet the standard"),
        *[_("Short by %(n)s") % {"n": g} for g in range(1, MAX_GAP + 1)],
        _("Fall short"),
    ]
    sheet.append([_text(sheet, h, bold=True) for h in headers])
    for line in summary.lines:
        t = line.total
        sheet.append(
            [
                _text(sheet, line.code),
                _text(sheet, line.name),
                t.people,
                t.unassessed,
                t.meets,
                *[t.gap(g) for g in range(1, MAX_GAP + 1)],
                t.short,
            ]
        )
    matrix = workbook.create_sheet(_("Fall short"))
    matrix.freeze_panes = "B2"
    matrix.column_dimensions["A"].width = 44
    matrix.append(
        [
            _text(matrix, _("Competency"), bold=True),
            *[_text(matrix, c.label or _("No work unit"), bold=True) for c in summary.columns],
        ]
    )
    for line in summary.lines:
        matrix.append(
            [_text(matrix, f"{line.code} {line.name}"), *[cell.short for cell in line.cells]]
        )
    notes = workbook.create_sheet(_("About"))
    for v in summary.versions:
        notes.append(
            [_text(notes, _("Dictionary")), _text(notes, str(v["framework"])), v["version"]]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
