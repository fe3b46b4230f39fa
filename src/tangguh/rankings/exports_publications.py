"""A published ranking as XLSX: the frozen table, the values as numbers, the hash.

One sheet: a header block (the category, period, version, data as of, content hash),
then rank, institution code, institution, value (a number cell in the metric's unit:
``#,##0`` for Rupiah and counts, a percentage for a share), awarded. Texts go through
``neutralise_cell`` (a name is never a formula).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tangguh.core.formatting import format_datetime
from tangguh.core.spreadsheet_safety import text_cell as _text

from .models import Publication, PublishedRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMATS = {"rupiah": "#,##0", "count": "#,##0", "share": "0.0%", "jp": "0.0"}


def _number(sheet: Any, value: Decimal, unit: str) -> WriteOnlyCell:
    whole = value == value.to_integral_value() and unit in ("rupiah", "count")
    cell = WriteOnlyCell(sheet, value=int(value) if whole else float(value))
    cell.number_format = _FORMATS.get(unit, "General")
    return cell


def publication_xlsx(publication: Publication, rows: Iterable[PublishedRow]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Ranking"))
    definition = publication.definition
    unit = definition.get("unit", "count")
    for label, value in (
        (_("Category"), definition.get("name_id", "")),
        (_("Code"), definition.get("code", "")),
        (_("Period"), publication.period_label),
        (_("Version"), str(publication.version)),
        (_("Data as of"), format_datetime(publication.data_as_of)),
        (_("Content hash (SHA-256)"), publication.content_hash),
    ):
        sheet.append([_text(sheet, label, bold=True), _text(sheet, value)])
    sheet.append([])
    sheet.append(
        [
            _text(sheet, h, bold=True)
            for h in (
                _("Standing"),
                _("Institution code"),
                _("Institution"),
                _("Metric value"),
                _("Awarded"),
            )
        ]
    )
    for row in rows:
        sheet.append(
            [
                row.rank,
                _text(sheet, row.institution_code),
                _text(sheet, row.institution_name),
                _number(sheet, Decimal(row.value), unit),
                _text(sheet, _("yes") if row.awarded else ""),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
