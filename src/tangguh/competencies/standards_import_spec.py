"""The standards sheet: one row per position and competency, with the required level.

Columns ``Jabatan`` (the position's name as the register writes it), ``Kode Kompetensi``
(``M.01``, ``P.01``, an institution's own technical code) and ``Level`` (1–5), with
English headers too; the export writes the same columns (and two more for the reader,
which an import ignores). Header matching and the template are derived from
:data:`STANDARDS`; the import is :mod:`.standards_import`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge, ParseError, Shape
from tangguh.core.importing.cells import label_problem, sheet_problem
from tangguh.people.import_rules import clean_text


def _text(raw: Any, limit: int) -> str | None:
    """A cleaned text; None when empty; ParseError for a formula, an error or too long."""
    if raw is None:
        return None
    text = clean_text(raw)
    if not text:
        return None
    problem = label_problem(text, limit)
    if problem is not None:
        raise ParseError(problem, "standard_cell_refused")
    if character := text_safety.bidi_control_in(text):
        raise ParseError(
            text_safety.BIDI_MESSAGE,
            text_safety.BIDI_CODE,
            {"field": _("The cell"), "character": character},
        )
    return text


def position_name(raw: Any) -> str | None:
    return _text(raw, 255)


def competency_code(raw: Any) -> str | None:
    """A code as the dictionary writes it, compared without case (``m.01`` is M.01)."""
    text = _text(raw, 20)
    return text.upper().replace(" ", "") if text else None


def level(raw: Any) -> int | None:
    """A whole number from 1 to 5 (``3``, ``3.0`` from a number cell)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "standard_level_refused")
    value: int | None = None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        value = int(raw.strip())
    if value is None or not 1 <= value <= 5:
        shown = int(raw) if isinstance(raw, float) and raw.is_integer() else raw
        raise ParseError(
            _("“%(value)s” is not a level: a level is a whole number from 1 to 5."),
            "standard_level_invalid",
            {"value": str(shown).strip()},
        )
    return value


STANDARDS = ImportSpec(
    target="competencies_standards",
    model="competencies.StandardItem",
    sources=(spreadsheet_safety, text_safety, _text),
    columns=(
        Column(
            "position", _("the position"),
            ("Jabatan", "Nama Jabatan", "Position", "Position Name", "Job"),
            header="Jabatan", example="Camat Tegalsari", required=True, rule=position_name,
            model_field="position__name", width=40, merge=Merge.KEY, shape=Shape.LABEL,
            samples=("Camat Tegalsari", "", " camat  tegalsari ", "=A1", "X" * 256),
        ),
        Column(
            "code", _("the competency code"),
            ("Kode Kompetensi", "Kode", "Kompetensi", "Competency Code", "Competency", "Code"),
            header="Kode Kompetensi", example="P.01", text=True, required=True,
            rule=competency_code, model_field="code", width=16, shape=Shape.LABEL,
            samples=("M.01", "p.01", "", "X.99", "#N/A"),
        ),
        Column(
            "level", _("the required level"),
            ("Level", "Level Kompetensi", "Tingkat", "Level Standar", "Required Level"),
            header="Level", example=3, required=True, rule=level,
            model_field="required_level", width=10, shape=Shape.MAPPED,
            samples=("3", "1", "5", "", "0", "6", "3.5", "tiga", "=1+1"),
        ),
    ),
)  # fmt: skip
