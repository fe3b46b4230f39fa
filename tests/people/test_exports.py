"""Template, exports in the template's layout (round trip), error report of an import."""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from tangguh.people.exports import (
    PROBLEM_HEADER,
    employees_export_csv,
    employees_export_xlsx,
    import_error_report_xlsx,
    import_template_xlsx,
)
from tangguh.people.importing import open_table
from tangguh.people.models import Employee, EmploymentHistory, ImportIssue
from tangguh.people.parsing import TEMPLATE_HEADERS

from .factories import ImportJobFactory, make_nip
from .helpers import csv_bytes, person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_template_has_the_headers_an_example_row_and_a_text_nip_column(surabaya):  # type: ignore[no-untyped-def]
    data = import_template_xlsx()
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert tuple(c.value for c in sheet[1]) == TEMPLATE_HEADERS
    for header in (
        "NIP",
        "Nama",
        "Jenis Kelamin",
        "Tanggal Lahir",
        "Jabatan",
        "Golongan",
        "Unit Kerja",
        "Status Kepegawaian",
        "Gelar Depan",
        "Gelar Belakang",
    ):
        assert header in TEMPLATE_HEADERS
    example = sheet["A2"]
    assert isinstance(example.value, str) and len(example.value) == 18
    assert example.number_format == "@"
    assert sheet["A50"].number_format == "@"  # empty rows ready for typing
    # The template itself imports cleanly: the example row is a valid civil servant.
    result = run(io.BytesIO(data), surabaya, filename="template.xlsx")
    assert (result.created, result.rejected, result.skipped) == (1, 0, 0)


def _register(tmp_path, institution):  # type: ignore[no-untyped-def]
    rows = [person(i) for i in range(1, 6)]
    rows[0].update({"Nama": "Dr. Ir. Budi Santoso, M.Si.", "Status Kepegawaian": "PNS Pensiun"})
    rows[1].update({"Status Kepegawaian": "CPNS", "Golongan": "II/a"})
    pppk = {"NIP": "199603282026211001", "Nama": "Rino", "Jenis Kelamin": "L", "Tanggal Lahir": "28-03-1996",
            "Status Kepegawaian": "PPPK", "Golongan": "IX", "Jabatan": "Guru", "Unit Kerja": "SMA 1"}  # fmt: skip
    rows.append(pppk)
    rows[2]["Jenis Jabatan"] = "JPT Pratama"
    for row in rows:
        row.setdefault("Jenis Jabatan", "")
    assert run(write_csv(tmp_path, rows), institution).created == 6


def test_csv_export_round_trip_is_all_unchanged(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _register(tmp_path, surabaya)
    history = EmploymentHistory.objects.count()
    text = "".join(employees_export_csv(Employee.objects.all()))
    assert text.startswith("\ufeff" + ",".join(TEMPLATE_HEADERS))
    assert len(text.strip().splitlines()) == 7
    result = run(io.BytesIO(text.encode("utf-8")), surabaya, filename="export.csv")
    assert (result.unchanged, result.updated, result.created, result.rejected) == (6, 0, 0, 0)
    assert EmploymentHistory.objects.count() == history


def test_xlsx_export_round_trip_is_all_unchanged(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _register(tmp_path, surabaya)
    buffer = io.BytesIO()
    assert employees_export_xlsx(Employee.objects.all(), buffer) == 6
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    assert isinstance(sheet["A2"].value, str) and sheet["A2"].number_format == "@"
    assert isinstance(sheet["F2"].value, date | type(None)) or sheet["F2"].is_date
    result = run(io.BytesIO(buffer.getvalue()), surabaya, filename="export.xlsx")
    assert (result.unchanged, result.updated, result.created, result.rejected) == (6, 0, 0, 0)


def test_export_of_a_filtered_queryset(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _register(tmp_path, surabaya)
    text = "".join(employees_export_csv(Employee.objects.filter(rank="IX")))
    assert len(text.strip().splitlines()) == 2
    assert "199603282026211001" in text and "PPPK Aktif" in text


def test_error_report_lists_rejected_rows_as_uploaded_with_the_problem(surabaya):  # type: ignore[no-untyped-def]
    good = person(1)
    bad_nip = {**person(2), "NIP": "1.96608E+17"}
    bad_date = {**person(3), "Tanggal Lahir": "31-02-1970", "Golongan": "III/z"}
    data = csv_bytes([good, bad_nip, bad_date], headers=[*good.keys(), "Catatan"])
    job = ImportJobFactory(
        institution=surabaya, original_name="upload.csv", file=ContentFile(data, name="upload.csv")
    )
    result = run(io.BytesIO(data), surabaya, filename="upload.csv")
    ImportIssue.objects.bulk_create(
        ImportIssue(job=job, row=e.row, column=e.column, value=e.value, message=e.message)
        for e in result.errors
    )

    sheet = load_workbook(io.BytesIO(import_error_report_xlsx(job=job))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*good.keys(), "Catatan", PROBLEM_HEADER)
    assert len(rows) == 3
    assert rows[1][0] == "1.96608E+17" and sheet["A2"].number_format == "@"
    assert rows[1][1] == bad_nip["Nama"]
    assert "Row 3" in rows[1][-1] and "Format the NIP column as Text" in rows[1][-1]
    assert "Row 4" in rows[2][-1]
    assert "Tanggal Lahir:" in rows[2][-1] and "Golongan:" in rows[2][-1]
    # Fixing the report's rows and uploading it again works: the extra column is ignored.
    with open_table(io.BytesIO(import_error_report_xlsx(job=job)), "report.xlsx") as table:
        assert [h for _i, h in table.header.ignored] == ["Catatan", PROBLEM_HEADER]


def test_error_report_of_a_clean_import_is_just_the_header(surabaya):  # type: ignore[no-untyped-def]
    job = ImportJobFactory(institution=surabaya)
    sheet = load_workbook(io.BytesIO(import_error_report_xlsx(job=job))).worksheets[0]
    assert [c.value for c in sheet[1]] == [PROBLEM_HEADER]
    assert sheet.max_row == 1


def test_factory_nips_are_valid(surabaya):  # type: ignore[no-untyped-def]
    from tangguh.people.parsing import check_consistency, parse_identifier
    from tests.people.factories import EmployeeFactory

    for employee in EmployeeFactory.create_batch(5, institution=surabaya):
        info = parse_identifier(employee.nip, today=date.today())
        assert check_consistency(info, birth_date=employee.birth_date, sex=employee.sex) == []
    assert make_nip(date(1966, 8, 1), "M", 1, appointed=(1988, 3)) == "196608011988031001"
