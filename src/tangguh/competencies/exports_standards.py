"""An institution's position standards as XLSX, in the import's columns.

The first three columns are the standards sheet's (``Jabatan``, ``Kode Kompetensi``,
``Level``: the file imports back unchanged); the next ones are for the reader and an
import ignores them: the competency's name, the position's tier and where the level
comes from. A second sheet says which institution, when, and which dictionary
versions.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tangguh.core.formatting import format_date
from tangguh.core.spreadsheet_safety import text_cell as _text
from tangguh.institutions.models import Institution

from .models import Tier
from .selectors_standards import export_rows, version_labels
from .standards_import_spec import STANDARDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def source_label(source: str) -> str:
    return {
        "position": _("The position's own"),
        "institution": _("The institution's default for the tier"),
        "national": _("The national default for the tier"),
    }.get(source, source)


def standards_xlsx(institution: Institution) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Standards"))
    headers: list[Any] = [c.header for c in STANDARDS.columns]
    headers += [_("Competency name"), _("Tier"), _("Where the level comes from")]
    for index, width in enumerate([40, 16, 8, 36, 26, 36]):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text(sheet, h, bold=True) for h in headers])
    tiers = dict(Tier.choices)
    for position, tier, requirement, competency in export_rows(institution):
        sheet.append(
            [
                _text(sheet, position.name),
                _text(sheet, requirement.code),
                requirement.level,
                _text(sheet, competency.name),
                _text(sheet, str(tiers.get(tier, "—"))),
                _text(sheet, source_label(requirement.source)),
            ]
        )
    about = workbook.create_sheet(_("About"))
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 60
    for label, value in (
        (_("Institution"), f"{institution.code} {institution.name}"),
        (_("Data as of"), format_date(timezone.localdate())),
        (_("Dictionary versions"), ", ".join(version_labels(institution.pk))),
        (
            _("Importing this file back"),
            _(
                "A row that asks for the level the position already requires changes "
                "nothing; a level changed here becomes the position's own."
            ),
        ),
    ):
        about.append([_text(about, label, bold=True), _text(about, value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
