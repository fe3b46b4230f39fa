"""A session's participants as an Excel file: what the reader sees (the host everyone, a
guest institution its own people), in the reader's language; every text cell neutralised
against formulas, the NIP kept as text."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tangguh.core.spreadsheet_safety import neutralise_cell

from .models import Enrolment, Session


def participants_xlsx(session: Session, rows: list[Enrolment]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Participants")[:31]
    headers = [
        _("NIP"), _("Name"), _("Sending institution"), _("Guest"), _("Route"), _("Status"),
        _("Result"), _("Score"), _("Certificate number"), _("Reason"),
    ]  # fmt: skip
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for e in rows:
        sheet.append(
            [
                e.nip,
                neutralise_cell(e.full_name),
                neutralise_cell(e.institution.name),
                _("Yes") if e.is_guest else _("No"),
                e.get_route_display(),
                e.get_status_display(),
                e.get_result_display(),
                float(e.score) if e.score is not None else None,
                e.certificate_number,
                neutralise_cell(e.reason),
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = "@"
    for letter, width in zip("ABCDEFGHIJ", (22, 32, 34, 8, 26, 30, 20, 8, 26, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
