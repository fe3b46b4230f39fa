"""The certificate list as an Excel file: the page's filters, the reader's language.

Every text cell is neutralised against formulas (``core.spreadsheet_safety``); the NIP
stays text, dates stay dates (shown as 2025-03-14).
"""

from __future__ import annotations

import io
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from tangguh.core.spreadsheet_safety import neutralise_cell
from tangguh.people.exports import text_row

from .models import Certificate

WIDTHS = (28, 32, 21, 12, 34, 14, 36, 12, 13, 13, 12, 13, 36)


_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])
_CELL_LIMIT = 32_767


def _text(value: str) -> str:
    """A text cell: never a formula (a leading quote, ``core.spreadsheet_safety``), without
    the control characters a workbook refuses. A plain value, not a styled cell: a national
    list has half a million rows, and a cell object each tripled the time."""
    if not value.isprintable():
        value = value.translate(_ILLEGAL)
    return str(neutralise_cell(value))[:_CELL_LIMIT]


def status_labels() -> dict[str, str]:
    return {"valid": _("Valid"), "expired": _("Expired"), "revoked": _("Revoked")}


def certificates_xlsx(queryset: QuerySet[Certificate], *, on: date | None = None) -> bytes:
    on = on or timezone.localdate()
    labels = status_labels()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Certificates")[:31])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    headers = [
        _("Certificate number"), _("Holder"), _("NIP"), _("Institution code"),
        _("Institution"), _("Scheme code"), _("Scheme"), _("Version"), _("Issued on"),
        _("Expires on"), _("Status"), _("Revoked on"), _("Reason for revocation"),
    ]  # fmt: skip
    header_cells = text_row(sheet, headers)
    for cell in header_cells:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.append(header_cells)
    rows = queryset.order_by("-issued_on", "number").values_list(
        "number", "holder_name", "nip", "institution__code", "institution__name",
        "scheme__code", "scheme_version__name", "scheme_version__version", "issued_on",
        "expires_on", "revoked_at", "revocation_reason",
    )  # fmt: skip
    for (number, name, nip, code, inst, scheme, sname, version, issued, expires, revoked,
         reason) in rows.iterator(chunk_size=5000):  # fmt: skip
        status = "revoked" if revoked else ("expired" if expires < on else "valid")
        sheet.append(
            [
                *map(_text, (number, name, nip, code, inst, scheme.upper(), sname)),
                version,
                issued,
                expires,
                labels[status],
                timezone.localdate(revoked) if revoked else None,
                _text(reason),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
