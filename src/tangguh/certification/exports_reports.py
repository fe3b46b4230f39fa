"""Files of the certification reports: the certificates expiring soon, as XLSX.

Every text cell goes through ``core.spreadsheet_safety.neutralise_cell`` (a holder's
name is never a formula); the NIP is a Text cell (18 digits, never a number); dates
stay dates.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tangguh.core.spreadsheet_safety import text_cell as _text

from .models import Certificate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"


def _date(sheet: Any, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def expiring_headers() -> list[str]:
    return [
        _("Certificate number"),
        _("Holder"),
        _("NIP"),
        _("Institution code"),
        _("Institution"),
        _("Scheme"),
        _("Issued on"),
        _("Expires on"),
        _("Days left"),
    ]


def expiring_xlsx(certificates: Iterable[Certificate], *, today: date) -> bytes:
    """One row per certificate: number, holder, NIP, institution, scheme, dates, days left."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Expiring"))
    for column, width in zip("ABCDEFGHI", (28, 34, 22, 12, 36, 36, 12, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text(sheet, header, bold=True) for header in expiring_headers()])
    for certificate in certificates:
        sheet.append(
            [
                _text(sheet, certificate.number),
                _text(sheet, certificate.holder_name),
                _text(sheet, certificate.nip),
                _text(sheet, certificate.institution.code),
                _text(sheet, certificate.institution.name),
                _text(sheet, certificate.scheme_version.name),
                _date(sheet, certificate.issued_on),
                _date(sheet, certificate.expires_on),
                (certificate.expires_on - today).days,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
