"""The one neutralising function of spreadsheet cells (OWASP CSV injection, no exceptions)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tangguh.core.spreadsheet_safety import FORMULA_STARTS, neutralise_cell, restore_cell

# OWASP's list: = + - @ tab, carriage return, line feed.
OWASP = ["=", "+", "-", "@", "\t", "\r", "\n"]


def test_the_list_is_owasps() -> None:
    assert sorted(FORMULA_STARTS) == sorted(OWASP)


@pytest.mark.parametrize("prefix", OWASP)
@pytest.mark.parametrize("rest", ["", "1", "2+3+cmd|' /C calc'!A0", "SUM(A1)", "x"])
def test_every_prefix_gets_a_quote_whatever_follows(prefix: str, rest: str) -> None:
    assert neutralise_cell(prefix + rest) == "'" + prefix + rest


@pytest.mark.parametrize("value", ["Budi", "", "'Budi", "1-2", " =1", "#N/A", "O'Brien"])
def test_other_text_is_left_alone(value: str) -> None:
    assert neutralise_cell(value) == value


@pytest.mark.parametrize("value", [-5, -2.5, 0, None, True])
def test_numbers_stay_numbers(value: object) -> None:
    assert neutralise_cell(value) is value


@given(st.text())
def test_the_import_gets_back_what_was_exported(value: str) -> None:
    out = neutralise_cell(value)
    assert not out.startswith(tuple(OWASP))
    assert restore_cell(out) == value


def test_audit_xlsx_takes_control_characters_out_before_the_quote(db) -> None:  # type: ignore[no-untyped-def]
    """A control character before a formula ("\\x07=1") must not leave a bare "=1"."""
    from tangguh.core.audit import audit_record
    from tangguh.core.exports_audit import audit_export_xlsx
    from tangguh.core.models import AuditEntry
    from tests.accounts.factories import UserFactory

    actor = UserFactory(first_name='\x07=HYPERLINK("http://x")', last_name="")
    audit_record(actor=actor, action="people.export", data={"rows": 1})
    sheet = load_workbook(io.BytesIO(audit_export_xlsx(AuditEntry.objects.all()))).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert any(str(c.value).startswith("'=HYPERLINK") for c in cells)


def test_an_export_text_cell_is_safe_text_a_worksheet_can_hold() -> None:
    from openpyxl import Workbook

    from tangguh.core.spreadsheet_safety import MAX_CELL, text_cell

    sheet = Workbook(write_only=True).create_sheet()
    cell = text_cell(sheet, "=1+1\x00\x07 ok" + "x" * 40_000, bold=True)
    assert cell.value.startswith("'=1+1 ok")
    assert "\x00" not in cell.value and "\x07" not in cell.value
    assert len(cell.value) == MAX_CELL
    assert (cell.data_type, cell.number_format, cell.font.bold) == ("s", "@", True)
    assert text_cell(sheet, None).value == ""
