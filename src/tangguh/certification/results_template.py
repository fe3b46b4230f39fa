"""A batch's results sheet to fill in: one row per participant and unit, pre-filled.

The columns are the import's template columns (:data:`.results_import_spec.RESULTS`);
NIPs and codes are text cells, every text goes through the spreadsheet guard (nothing
runs as a formula), the recommendation column offers K and BK, and what is recorded
already is filled in, so that the file imports back unchanged.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tangguh.core.importing.template import TEXT_FORMAT, text_cell

from .results_import_spec import RESULTS
from .selectors_results import Grid

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def results_template_xlsx(grid: Grid, *, assessor: Any = None) -> bytes:
    """The sheet of ``grid``'s batch; ``assessor``: whose file it is (their username is
    filled in on every row), else each recorded row names its own assessor."""
    columns = RESULTS.template_columns
    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=text_cell(sheet, column.header).value)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    row_no = 1
    for row in grid.rows:
        person = row.participation
        for unit, result in zip(grid.units, row.cells, strict=True):
            row_no += 1
            by = assessor or (result.assessor if result is not None else None)
            values = {
                "nip": person.nip,
                "name": person.holder_name,
                "unit_code": unit.code,
                "unit_title": unit.title,
                "recommendation": result.recommendation if result else "",
                "notes": result.notes if result else "",
                "evidence": result.evidence if result else "",
                "assessor_nip": "",
                "assessor": by.username if by is not None else "",
            }
            for index, column in enumerate(columns, start=1):
                value = values.get(column.key, "")
                cell = sheet.cell(row=row_no, column=index)
                cell.value = text_cell(sheet, str(value)).value if value else None
                if column.text:
                    cell.number_format = TEXT_FORMAT
    keys = [c.key for c in columns]
    letter = get_column_letter(keys.index("recommendation") + 1)
    choice = DataValidation(type="list", formula1='"K,BK"', allow_blank=True)
    choice.error = _("Write K or BK.")
    choice.add(f"{letter}2:{letter}{max(row_no, 2) + 200}")
    sheet.add_data_validation(choice)
    notes = book.create_sheet(_("Notes")[:31])
    notes.column_dimensions["A"].width = 120
    for line in (
        _("One row per participant and competency unit of the batch %(batch)s.")
        % {"batch": grid.batch.code},
        _("Rekomendasi: K (kompeten) or BK (belum kompeten). A row without it is skipped."),
        _("Catatan and Bukti: notes and evidence (documents, observation, interview, links)."),
        _("Asesor: the username (or NIP Asesor: the NIP) of the assessor who gave it."),
        _("Nama Peserta and Judul Unit are for reading: the import uses NIP and Kode Unit."),
    ):
        notes.append([text_cell(notes, line).value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
