"""The work-unit tree's import spec: the columns of a file of an institution's units.

One row per unit kerja: its code (the key within the institution), its name, and
the code of the unit it belongs to (empty: a top-level unit). Header matching,
the template and the import (:mod:`.importing.units`) are derived from
:data:`UNITS`. The cell rules clean a text as the register's do and refuse what
the register refuses (a spreadsheet error or formula, an invisible direction
control, a text longer than the model allows), with a sentence for the user: each
rule does it all, since the tree's import has no engine doing part of it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge, ParseError, Shape
from tangguh.core.importing.cells import label_problem, sheet_problem
from tangguh.people.import_rules import clean_text
from tangguh.people.parsing import check_text

_FIELD = Merge.COMPARED | Merge.WRITTEN


def _checked(raw: Any, key: str) -> str | None:
    """The cleaned text of a cell of column ``key``; None when empty; ParseError when refused."""
    if raw is None:
        return None
    text = clean_text(raw)
    if not text:
        return None
    problem = label_problem(text, UNITS.limits(key)["max_length"])
    if problem is not None:
        raise ParseError(problem, f"unit_{key}_refused")
    if not text.isprintable():
        check_text(text, "work_unit")  # a direction control: the message names the work unit
    return text


def _code(raw: Any) -> str | None:
    """A unit code: kept as typed (cleaned), never read as a number."""
    return _checked(raw, "code")


def _name(raw: Any) -> str | None:
    return _checked(raw, "name")


def _parent_code(raw: Any) -> str | None:
    return _checked(raw, "parent_code")


_DEPENDS = (clean_text, label_problem, sheet_problem, check_text)
# Codes as people type them, and what a spreadsheet makes of them; names likewise.
_CODE_SAMPLES = (
    "", "BKD", "BKD.02", " bkd.02 ", "007", "7", "4.01.02", "K" * 51, "=A1", "#N/A",
    "'=A1", "BKD\u202e", "-", "Kode\nUnit",
)  # fmt: skip

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
            depends=_DEPENDS, model_field="code", width=16,
            merge=Merge.KEY, shape=Shape.MAPPED, samples=_CODE_SAMPLES,
        ),
        Column(
            "name", _("the unit name"),
            ("Nama Unit", "Unit Kerja", "Nama Unit Kerja", "Nama Satker", "Nama Satuan Kerja",
             "Unit Name", "Work Unit", "Work Unit Name"),
            header="Nama Unit", example="Bidang Mutasi dan Promosi", required=True, rule=_name,
            depends=_DEPENDS, model_field="name", width=40,
            merge=_FIELD, shape=Shape.LABEL,
            samples=(
                "", "Bidang Mutasi", "  Bidang   Mutasi ", "N" * 256, "=SUM(A1)", "#REF!",
                "Bidang\u202eMutasi", "Sekretariat / Umum", "'-2+3",
            ),
        ),
        Column(
            "parent_code", _("the parent unit's code"),
            ("Kode Unit Induk", "Kode Induk", "Kode Unit Atasan", "Kode Satker Induk",
             "Parent Code", "Parent Unit Code", "Parent Unit ID"),
            header="Kode Unit Induk", example="BKD", text=True, rule=_parent_code,
            depends=_DEPENDS, model_field="parent__code",
            width=18, merge=_FIELD, shape=Shape.MAPPED, samples=_CODE_SAMPLES,
        ),
    ),
)  # fmt: skip
