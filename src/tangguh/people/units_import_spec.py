"""The work-unit tree's import spec: the columns of a file of an institution's units.

One row per unit kerja: its code (the key within the institution), its name, and
the code of the unit it belongs to (empty: a top-level unit). Header matching,
the template and the import (:mod:`.importing.units`) are derived from
:data:`UNITS`. The cell rules clean a text as the register's do and refuse what
the register refuses (a spreadsheet error or formula, an invisible direction
control, a text longer than the model allows), with a sentence for the user.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge
from tangguh.people.import_spec import _blank, _clean_text
from tangguh.people.importing.rows import _text_problem, _too_long, sheet_problem
from tangguh.people.parsing import ParseError

_FIELD = Merge.COMPARED | Merge.WRITTEN


def _checked(raw: Any, key: str) -> str | None:
    """The cleaned text of a cell of column ``key``; None when empty; ParseError when refused."""
    if _blank(raw):
        return None
    text = _clean_text(raw)
    if not text:
        return None
    problem = sheet_problem(text) if text[0] in "=#" else None
    if problem is None:
        # The register's check of typed text: the message names the work unit.
        problem = _text_problem(text, "work_unit")
    if problem is None:
        limit = UNITS.limits(key)["max_length"]
        if len(text) > limit:
            problem = _too_long(limit)
    if problem is not None:
        raise ParseError(problem, f"unit_{key}_refused")
    return text


def _code(raw: Any) -> str | None:
    """A unit code: kept as typed (cleaned), never read as a number."""
    return _checked(raw, "code")


def _name(raw: Any) -> str | None:
    return _checked(raw, "name")


def _parent_code(raw: Any) -> str | None:
    return _checked(raw, "parent_code")


UNITS = ImportSpec(
    target="units",
    model="people.WorkUnit",
    sources=(spreadsheet_safety, text_safety, _checked),
    columns=(
        Column(
            "code", _("the unit code"),
            ("Kode Unit", "Kode Unit Kerja", "Kode Satker", "Kode Satuan Kerja", "Kode UK",
             "Kode Unit Organisasi", "Unit Code", "Work Unit Code", "Unit ID"),
            header="Kode Unit", example="BKD.02", text=True, required=True, rule=_code,
            depends=(_clean_text, sheet_problem, _text_problem), model_field="code", width=16,
            merge=Merge.KEY,
        ),
        Column(
            "name", _("the unit name"),
            ("Nama Unit", "Unit Kerja", "Nama Unit Kerja", "Nama Satker", "Nama Satuan Kerja",
             "Unit Name", "Work Unit", "Work Unit Name"),
            header="Nama Unit", example="Bidang Mutasi dan Promosi", required=True, rule=_name,
            depends=(_clean_text, sheet_problem, _text_problem), model_field="name", width=40,
            merge=_FIELD,
        ),
        Column(
            "parent_code", _("the parent unit's code"),
            ("Kode Unit Induk", "Kode Induk", "Kode Unit Atasan", "Kode Satker Induk",
             "Parent Code", "Parent Unit Code", "Parent Unit ID"),
            header="Kode Unit Induk", example="BKD", text=True, rule=_parent_code,
            depends=(_clean_text, sheet_problem, _text_problem), model_field="parent__code",
            width=18, merge=_FIELD,
        ),
    ),
)  # fmt: skip
