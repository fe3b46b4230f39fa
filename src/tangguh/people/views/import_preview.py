"""A dry run's preview on the job page, in the reader's language.

The preview is stored as values (``ImportJob.result["preview"]``, built by
:mod:`tangguh.people.importing.preview`); labels come from the import spec (the
file's column headers) and choices from the model, translated when the page is drawn.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tangguh.people.import_spec import REGISTER
from tangguh.people.models import Employee
from tangguh.people.parsing.nip import format_nip

# (preview key, result count key, title), in the order the page shows them.
CATEGORIES = (
    ("created", "created", gettext_lazy("New")),
    ("updated", "updated", gettext_lazy("Updated")),
    ("transfers", "transfers_pending", gettext_lazy("Transfer requests")),
    ("unchanged", "unchanged", gettext_lazy("Unchanged")),
)
# Fields shown through the model's choices (codes in the preview).
_CHOICES = ("sex", "education", "position_kind")


def number(n: int) -> str:
    return number_format(n, force_grouping=True)


def preview_context(result: dict[str, Any]) -> dict[str, Any] | None:
    """The preview's sections and warnings; None for a job without one."""
    preview = result.get("preview")
    if not isinstance(preview, dict):
        return None
    sections = []
    for key, count_key, title in CATEGORIES:
        count = int(result.get(count_key) or 0)
        if not count:
            continue
        rows = [_row(key, r) for r in preview.get(key) or []]
        sections.append(
            {
                "key": key,
                "title": title,
                "count": count,
                "rows": rows,
                "shown_note": _shown(len(rows), count),
                "open": key in ("created", "updated", "transfers"),
            }
        )
    warnings = [
        w
        for kind in ("new_units", "new_positions")
        if (w := _warning(kind, preview.get(kind) or {})) is not None
    ]
    return {"sections": sections, "warnings": warnings}


def _shown(shown: int, count: int) -> str:
    if shown >= count:
        return ""
    if shown == 0:
        return _("These rows are counted, not listed one by one.")
    return _("Showing the first %(shown)s of %(count)s.") % {
        "shown": number(shown),
        "count": number(count),
    }


def _row(key: str, r: dict[str, Any]) -> dict[str, Any]:
    row = {"row": r.get("row"), "nip": _nip(str(r.get("nip", ""))), "name": r.get("name", "")}
    if key == "updated":
        row["changes"] = [
            {
                "label": _label(c.get("field", "")),
                "old": _value(c.get("field", ""), c.get("old")),
                "new": _value(c.get("field", ""), c.get("new")),
            }
            for c in r.get("changes") or []
        ]
    elif key == "transfers":
        if r.get("from"):
            row["note"] = _("From %(source)s to %(target)s") % {
                "source": r["from"],
                "target": r.get("to", ""),
            }
        else:
            row["note"] = _(
                "Registered in another institution: a request to move to %(target)s, "
                "decided by that institution"
            ) % {"target": r.get("to", "")}
    return row


def _nip(nip: str) -> str:
    return format_nip(nip) if len(nip) == 18 and nip.isdigit() else nip


def _label(field: str) -> str:
    if field == "institution":
        return _("Institution")
    column = REGISTER.by_key.get(field)
    return column.header if column is not None else field


def _choice(field: str, value: str) -> str:
    choices = getattr(Employee._meta.get_field(field), "choices", None) or ()
    return str(dict(choices).get(value, value))


def _value(field: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if field == "employment_status":
        kind, status = [*list(value), None, None][:2]
        parts = [
            _choice("employee_kind", kind) if kind else "",
            _choice("status", status) if status else "",
        ]
        return " · ".join(p for p in parts if p) or "—"
    if field in ("birth_date", "tmt"):
        try:
            return date_format(date.fromisoformat(str(value)[:10]), "DATE_FORMAT")
        except ValueError:
            return str(value)
    if field in _CHOICES:
        return _choice(field, str(value))
    return str(value)


def _warning(kind: str, found: dict[str, Any]) -> dict[str, Any] | None:
    """'3 rows would create the new work unit “Bidang Perencanan”', per new value."""
    values = found.get("values") or []
    if not values:
        return None
    items = []
    for v in values:
        count = int(v.get("count") or 0)
        rows = ", ".join(number(n) for n in v.get("first_rows") or [])
        if count > len(v.get("first_rows") or []):
            rows += ", …"
        if kind == "new_units":
            text = ngettext(
                "%(count)s row would create the new work unit “%(value)s”",
                "%(count)s rows would create the new work unit “%(value)s”",
                count,
            )
        else:
            text = ngettext(
                "%(count)s row would create the new position “%(value)s”",
                "%(count)s rows would create the new position “%(value)s”",
                count,
            )
        items.append(
            {
                "text": text % {"count": number(count), "value": v.get("value", "")},
                "rows": rows,
                "institution": v.get("institution", ""),
            }
        )
    total = int(found.get("total") or len(values))
    title = (
        ngettext(
            "%(count)s work unit new to the institution",
            "%(count)s work units new to the institution",
            total,
        )
        if kind == "new_units"
        else ngettext(
            "%(count)s position new to the institution",
            "%(count)s positions new to the institution",
            total,
        )
    )
    return {
        "kind": kind,
        "title": title % {"count": number(total)},
        "items": items,
        "shown_note": _shown(len(values), total),
    }


def confirm_question(result: dict[str, Any]) -> str:
    """'Import 120 new civil servants, 15 updates and 2 transfer requests?'"""
    parts = []
    created, updated = int(result.get("created") or 0), int(result.get("updated") or 0)
    transfers = int(result.get("transfers_pending") or 0)
    if created:
        parts.append(
            ngettext("%(n)s new civil servant", "%(n)s new civil servants", created)
            % {"n": number(created)}
        )
    if updated:
        parts.append(ngettext("%(n)s update", "%(n)s updates", updated) % {"n": number(updated)})
    if transfers:
        parts.append(
            ngettext("%(n)s transfer request", "%(n)s transfer requests", transfers)
            % {"n": number(transfers)}
        )
    if not parts:
        return ""
    joined = (
        parts[0]
        if len(parts) == 1
        else _("%(first)s and %(last)s")
        % {
            "first": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    )
    return _("Import %(changes)s?") % {"changes": joined}
