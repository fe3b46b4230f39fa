"""The audit as rows for people: the page's columns, and its CSV and XLSX exports.

Every text cell of a file goes through ``neutralise_cell``: an entry holds what
users typed (search text, file names, reasons), which must never run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .audit import action_label
from .formatting import format_number
from .models import AuditEntry
from .spreadsheet_safety import neutralise_cell

# An XLSX is for reading, not for archives: past this, the CSV has every entry.
XLSX_MAX_ROWS = 100_000
# Excel's limit on a cell's characters; a workbook may hold no control character.
XLSX_CELL_LIMIT = 32_767
_XLSX_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def describe_query(query: dict[str, Any]) -> str:
    """A read's query in one line: where it came from, the path and its parameters."""
    if not query:
        return ""
    via = {"web": _("web"), "api": _("API"), "cli": _("command line")}.get(
        str(query.get("via", "")), str(query.get("via", ""))
    )
    path = str(query.get("path") or query.get("command") or "")
    params = query.get("params") or {}
    text = f"{path}?{urlencode(params, doseq=True)}" if params else path
    extra = [f"{k}={v}" for k, v in query.items() if k not in ("via", "path", "command", "params")]
    return " ".join(p for p in (via, text, " ".join(extra)) if p)


def actor_text(entry: AuditEntry) -> str:
    if entry.actor is None:
        return _("System (command line or background task)")
    return entry.actor.username


def _headers() -> list[str]:
    return [
        _("Time"), _("User"), _("Name"), _("Action"), _("Action code"), _("Institution code"),
        _("Institution"), _("People"), _("Query"), _("Target"), _("Details"),
    ]  # fmt: skip


def _row(entry: AuditEntry) -> list[Any]:
    local = timezone.localtime(entry.created_at)
    return [
        local.strftime("%Y-%m-%d %H:%M:%S"),
        actor_text(entry),
        entry.actor.display_name if entry.actor is not None else "",
        action_label(entry.action),
        entry.action,
        entry.institution.code if entry.institution is not None else "",
        entry.institution.name if entry.institution is not None else "",
        entry.people_count,
        describe_query(entry.query),
        entry.target_repr,
        json.dumps(entry.data, ensure_ascii=False, sort_keys=True) if entry.data else "",
    ]


def _safe(cells: list[Any]) -> list[Any]:
    return [neutralise_cell(c) for c in cells]


def _xlsx_safe(cells: list[Any]) -> list[Any]:
    # Control characters out first, then the quote: "\x07=1" would otherwise become "=1".
    cleaned = [c.translate(_XLSX_ILLEGAL) if isinstance(c, str) else c for c in cells]
    return [c[:XLSX_CELL_LIMIT] if isinstance(c, str) else c for c in _safe(cleaned)]


def audit_export_csv(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """Stream the entries as CSV text (UTF-8 with BOM when encoded, for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(_safe(_headers()))
    for count, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
        writer.writerow(_safe(_row(entry)))
        if count % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def audit_export_xlsx(entries: QuerySet[AuditEntry]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit"))
    sheet.append(_xlsx_safe(_headers()))
    for rows, entry in enumerate(entries[: XLSX_MAX_ROWS + 1].iterator(chunk_size=2000)):
        if rows == XLSX_MAX_ROWS:
            sheet.append(
                [
                    _(
                        "Only the first %(rows)s entries are in this workbook: narrow the filters or export CSV."
                    )
                    % {"rows": format_number(XLSX_MAX_ROWS)}
                ]
            )
            break
        sheet.append(_xlsx_safe(_row(entry)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
