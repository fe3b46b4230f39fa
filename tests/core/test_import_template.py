"""The generic XLSX template of an import spec (core.importing.template)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from tangguh.core.importing import Column, ImportSpec, Merge
from tangguh.core.importing.template import BLANK_ROWS, template_xlsx

_S = ("", "x")  # every spec's columns declare samples (tests/people/test_import_fastpath.py)
SPEC = ImportSpec(
    target="template-sample",
    model="auth.User",
    columns=(
        Column("key", "the key", ("Key",), header="Kunci", example="007", text=True,
               merge=Merge.KEY, samples=_S),
        Column("when", "the date", ("When",), header="=Tanggal", example=date(2024, 5, 1),
               samples=_S),
        Column("note", "a note", ("Note",), header="Catatan", example="-2+3", width=30,
               samples=_S),
        Column("hidden", "hidden", ("Hidden",), header="Tersembunyi", in_template=False,
               samples=_S),
    ),
)  # fmt: skip


def _load(content: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(content))


def test_headers_example_and_formats():  # type: ignore[no-untyped-def]
    workbook = _load(template_xlsx(SPEC, sheet_title="Data"))
    assert workbook.sheetnames == ["Data"]
    sheet = workbook["Data"]
    rows = list(sheet.iter_rows(values_only=True))
    # Nothing can run: a header or value that looks like a formula keeps a leading quote.
    assert rows[0] == ("Kunci", "'=Tanggal", "Catatan")
    assert rows[1][0] == "007" and rows[1][1].date() == date(2024, 5, 1)
    assert rows[1][2] == "'-2+3"
    assert sheet["A2"].number_format == "@" and sheet["B2"].number_format == "DD-MM-YYYY"
    assert sheet.column_dimensions["C"].width == 30
    assert sheet.max_row == 2 + BLANK_ROWS and sheet[f"A{2 + BLANK_ROWS}"].number_format == "@"


def test_notes_go_on_their_own_sheet():  # type: ignore[no-untyped-def]
    content = template_xlsx(SPEC, sheet_title="Data", notes=("=1+1", "b"), notes_title="Petunjuk")
    notes = _load(content)["Petunjuk"]
    assert [r[0] for r in notes.iter_rows(values_only=True)] == ["'=1+1", "b"]
