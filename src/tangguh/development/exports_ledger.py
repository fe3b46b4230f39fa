"""The JP ledger as an Excel file: the page's filters, the reader's language.

Every text cell is neutralised against formulas (``core.spreadsheet_safety``); the NIP
stays text, dates stay dates, JP stay numbers (negative for a correction).
"""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from tangguh.core.spreadsheet_safety import neutralise_cell

from .models import LedgerEntry, LedgerSource

WIDTHS = (12, 21, 30, 12, 34, 8, 28, 18, 40, 30)
_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])
_CELL_LIMIT = 32_767


def _text(value: str | None) -> str:
    value = value or ""
    if not value.isprintable():
        value = value.translate(_ILLEGAL)
    return str(neutralise_cell(value))[:_CELL_LIMIT]


def ledger_xlsx(queryset: QuerySet[LedgerEntry]) -> bytes:
    """One row per entry, newest first, read a chunk at a time."""
    sources = dict(LedgerSource.choices)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("JP ledger")[:31])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    headers = [
        _("Date"), _("NIP"), _("Name"), _("Institution code"), _("Institution"), _("JP"),
        _("Form of development"), _("Source"), _("Description"), _("Note"),
    ]  # fmt: skip
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")

    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_text(header))
        cell.font, cell.fill = bold, fill
        cells.append(cell)
    sheet.append(cells)
    rows = queryset.order_by("-date", "-id").values_list(
        "date", "nip", "employee__full_name", "institution__code", "institution__name", "jp",
        "form__name", "source", "description", "note",
    )  # fmt: skip
    for day, nip, name, code, inst, jp, form, source, description, note in rows.iterator(
        chunk_size=5000
    ):
        sheet.append(
            [
                day,
                _text(nip),
                _text(name),
                _text(code),
                _text(inst),
                float(jp),
                _text(form),
                _text(str(sources.get(source, source))),
                _text(description),
                _text(note),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
