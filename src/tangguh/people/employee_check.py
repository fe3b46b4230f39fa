"""One civil servant's values checked as one row of a register file, by the import's own rules.

The form and the API write one record, the import writes many; all go through the
register's spec (:data:`.import_spec.REGISTER`): each column's rule, then the row rule
that checks the NIP against the birth date, the sex and the employee kind
(:func:`.import_rules.row_rule`). The values are written as the cells a person would
type (the spec's ``to_cell``), so a value refused in a file is refused here with the
same message, and nothing is checked twice in two ways.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tangguh.core.importing import Merge
from tangguh.core.importing.rows import make_normalizer

from . import import_rules as R
from .import_spec import REGISTER, WRITTEN_FIELDS

# A record field that is not its column's key: the status's two fields share one column,
# and the effective date of a change is the TMT column.
FIELD_COLUMN = {
    "employee_kind": "employment_status",
    "status": "employment_status",
    "valid_from": "tmt",
}
# Where a column's message is shown: its field (the status column's: on the status).
COLUMN_FIELD = {"employment_status": "status", "tmt": "valid_from"}

# The record's fields an edit may write: those an import writes (people/import_spec.py).
EDITABLE_FIELDS: tuple[str, ...] = WRITTEN_FIELDS
# Those whose change opens a new period in the history, as in an import (Merge.HISTORY).
HISTORY_FIELDS: tuple[str, ...] = tuple(
    f for f in WRITTEN_FIELDS if Merge.HISTORY in REGISTER.by_key[FIELD_COLUMN.get(f, f)].merge
)

_COLUMNS = {c.key: i for i, c in enumerate(REGISTER.columns)}


def column_of(field: str) -> str:
    return FIELD_COLUMN.get(field, field)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def as_cells(values: dict[str, Any]) -> list[str]:
    """The row of a register file holding ``values`` (record fields), in the spec's order."""
    row = []
    for column in REGISTER.columns:
        key = column.key
        if key == "employment_status":
            cell = R.status_cell(values.get("employee_kind") or None, values.get("status") or None)
        elif key == "tmt":
            cell = _text(values.get("valid_from"))
        elif column.to_cell is not None:
            cell = column.to_cell(values.get(key) or None)
        else:
            cell = _text(values.get(key))
        row.append(cell)
    return row


def check_values(
    values: dict[str, Any], *, today: date
) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """``(staged, [])`` when the import would accept ``values`` as a row, else ``(None, errors)``.

    ``staged``: the staged value of each field (``REGISTER.stage_columns``; ``None``:
    not given). ``errors``: ``{"field", "message"}`` per problem, the field being the
    record field the message belongs on, the message the import's own.
    """
    normalize = make_normalizer(REGISTER, _COLUMNS, today=today)
    result = normalize(1, as_cells(values))
    if isinstance(result, list):
        return None, [
            {"field": COLUMN_FIELD.get(field, field), "message": str(message)}
            for field, _raw, message in result
        ]
    return dict(zip(REGISTER.stage_columns, result, strict=False)), []
