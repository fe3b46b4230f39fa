"""The work units' import spec: its columns, header matching against it, its rules, its template."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tangguh.people.exports_units import units_template_xlsx
from tangguh.people.parsing import ParseError
from tangguh.people.parsing.headers import match_headers
from tangguh.people.units_import_spec import UNITS, _code, _name, _parent_code


def test_the_declaration():  # type: ignore[no-untyped-def]
    assert UNITS.target == "units" and UNITS.model == "people.WorkUnit"
    assert UNITS.key.key == "code"
    assert UNITS.required == ("code", "name")
    assert UNITS.template_headers == ("Kode Unit", "Nama Unit", "Kode Unit Induk")
    assert [c.key for c in UNITS.columns if c.text] == ["code", "parent_code"]


@pytest.mark.django_db
def test_the_limits_come_from_the_model():  # type: ignore[no-untyped-def]
    assert UNITS.limits("code") == {"max_length": 50}
    assert UNITS.limits("name") == {"max_length": 255}
    assert UNITS.limits("parent_code") == {"max_length": 50}
    assert len(UNITS.version) == 64


@pytest.mark.parametrize(
    ("headers", "columns"),
    [
        (["Kode Unit", "Nama Unit", "Kode Unit Induk"], {"code": 0, "name": 1, "parent_code": 2}),
        (["KODE SATKER", "unit kerja", "Kode Induk"], {"code": 0, "name": 1, "parent_code": 2}),
        (["Unit Name", "Parent Unit Code", "Unit Code"], {"name": 0, "parent_code": 1, "code": 2}),
        (["Nama Unit Kerja", "Kode Unit Kerja"], {"name": 0, "code": 1}),
    ],
)
def test_headers_in_indonesian_or_english(headers, columns):  # type: ignore[no-untyped-def]
    found = match_headers(headers, UNITS)
    assert found.ok and found.columns == columns


def test_a_register_header_is_not_a_unit_file(english):  # type: ignore[no-untyped-def]
    found = match_headers(["NIP", "Nama", "Unit Kerja"], UNITS)
    assert found.missing_required == ["code"]
    assert [e.message for e in found.errors()] == [
        "The file has no column for the unit code. Add a column with the header “Kode Unit” "
        "(or use the template)."
    ]
    # The register's matching is unchanged: its own spec by default.
    register = match_headers(["NIP", "Nama", "Unit Kerja"])
    assert register.ok and register.columns == {"nip": 0, "full_name": 1, "work_unit": 2}


def test_duplicate_columns_are_named_with_the_unit_s_labels(english):  # type: ignore[no-untyped-def]
    found = match_headers(["Kode Unit", "Kode Satker", "Nama Unit"], UNITS)
    assert [e.message for e in found.errors()] == [
        "Columns A, B (“Kode Unit”, “Kode Satker”) all hold the unit code. Keep one of them "
        "and delete or rename the others."
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" BKD .01 ", "BKD .01"), (7.0, "7"), ("007", "007"), ("", None), (None, None), ("  ", None)],
)
def test_codes_are_cleaned_text(raw, expected):  # type: ignore[no-untyped-def]
    assert _code(raw) == expected == _parent_code(raw)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "raw", "message"),
    [
        (_code, "=A1", "formula"),
        (_code, "#N/A", "spreadsheet error #N/A"),
        (_name, "Bidang\u202eX", "U+202E"),
        (_code, "K" * 51, "longer than 50 characters"),
        (_name, "N" * 256, "longer than 255 characters"),
    ],
)
def test_refused_cells(english, rule, raw, message):  # type: ignore[no-untyped-def]
    with pytest.raises(ParseError) as caught:
        rule(raw)
    assert message in caught.value.message


def test_the_template_is_derived_from_the_spec():  # type: ignore[no-untyped-def]
    workbook = load_workbook(io.BytesIO(units_template_xlsx()))
    assert workbook.sheetnames == ["Unit Kerja", "Petunjuk"]
    sheet = workbook["Unit Kerja"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == UNITS.template_headers
    assert rows[1] == UNITS.example_row()
    assert sheet["A2"].number_format == "@" and sheet["C2"].number_format == "@"
    assert sheet["A3"].number_format == "@" and sheet["B2"].number_format != "@"
    assert "Kode Unit Induk" in workbook["Petunjuk"]["A2"].value
