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


# --- formula neutralisation (OWASP CSV injection; issue 8, finding 4) ------------------

# Every prefix OWASP lists, and the payload of the finding ("-" then a digit was exempted).
PAYLOAD = "-2+3+cmd|' /C calc'!A0"
OWASP_PREFIXED = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", PAYLOAD]


def _inert_register(surabaya):  # type: ignore[no-untyped-def]
    """One civil servant per prefix, the prefixed text in every text field the export writes."""
    from .factories import EmployeeFactory, PositionFactory, WorkUnitFactory

    for n, text in enumerate([*OWASP_PREFIXED, "-", "-5", "'=1"]):
        EmployeeFactory(
            institution=surabaya, full_name=text, title_front=text, title_back=text,
            position=PositionFactory(institution=surabaya, name=f"{text} {n}"),
            work_unit=WorkUnitFactory(institution=surabaya, name=f"u{n}", path=f"{text} {n}"),
        )  # fmt: skip
    return Employee.objects.all()


_TEXT_COLUMNS = ("Gelar Depan", "Nama", "Gelar Belakang", "Jabatan", "Unit Kerja")


def test_csv_export_quotes_every_owasp_prefix(surabaya):  # type: ignore[no-untyped-def]
    import csv

    text = "".join(employees_export_csv(_inert_register(surabaya)))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert len(rows) == len(OWASP_PREFIXED) + 3
    cells = [row[column] for row in rows for column in _TEXT_COLUMNS]
    for value in OWASP_PREFIXED:
        assert ("'" + value) in cells, value
    # No exceptions: a lone "-" and a negative number written as text are quoted too, and
    # a text that looks quoted already gets one more (the import takes exactly one off).
    assert "'-" in cells and "'-5" in cells and "''=1" in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), cell
    # Numbers that are numbers stay as they are: the NIP, the birth date.
    assert all(row["NIP"].isdigit() for row in rows)


def test_xlsx_export_quotes_every_owasp_prefix_in_text_cells(surabaya):  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    employees_export_xlsx(_inert_register(surabaya), buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    header = [c.value for c in sheet[1]]
    columns = [header.index(c) for c in _TEXT_COLUMNS]
    cells = [row[i] for row in sheet.iter_rows(min_row=2) for i in columns]
    assert all(c.data_type == "s" for c in cells), {c.data_type for c in cells}
    values = [c.value for c in cells]
    for value in OWASP_PREFIXED:
        # XML reads a carriage return back as a line feed; the quote is there either way.
        assert ("'" + value.replace("\r", "\n")) in values, value
    assert "'-" in values and "'-5" in values
    # A date stays a date: only text is neutralised.
    birth = sheet.cell(row=2, column=header.index("Tanggal Lahir") + 1)
    assert birth.is_date


def test_error_report_quotes_uploaded_cells_and_headers(surabaya):  # type: ignore[no-untyped-def]
    headers = ["NIP", "Nama", '=HYPERLINK("http://x")']
    rows = [["=1+1", PAYLOAD, "@x"], ["-5", "\t=2", "+3"]]
    data = csv_bytes(rows, headers)
    job = ImportJobFactory(
        institution=surabaya, original_name="upload.csv", file=ContentFile(data, name="upload.csv")
    )
    result = run(io.BytesIO(data), surabaya, filename="upload.csv")
    ImportIssue.objects.bulk_create(
        ImportIssue(job=job, row=e.row, column=e.column, value=e.value, message=e.message)
        for e in result.errors
    )
    sheet = load_workbook(io.BytesIO(import_error_report_xlsx(job=job))).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    values = [c.value for c in cells]
    assert '\'=HYPERLINK("http://x")' in values
    for value in ("'=1+1", "'" + PAYLOAD, "'@x", "'-5", "'\t=2", "'+3"):
        assert value in values, value


def test_template_cells_are_neutralised_too(surabaya, monkeypatch):  # type: ignore[no-untyped-def]
    from tangguh.people import exports

    monkeypatch.setattr(
        exports, "_EXAMPLE_ROW", ("198507152010011003", "=1", *exports._EXAMPLE_ROW[2:])
    )
    sheet = load_workbook(io.BytesIO(exports.import_template_xlsx())).worksheets[0]
    assert sheet["B2"].value == "'=1" and sheet["B2"].data_type == "s"


def test_the_finding_payload_is_stored_as_given_and_exported_inert(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    """Names, titles, positions and units accept the payload as typed; every export makes it
    inert; the exported file re-imports as unchanged (the import takes the quote off)."""
    row = person(1, Nama=PAYLOAD, Jabatan=PAYLOAD, **{"Unit Kerja": PAYLOAD})
    row.update({"Gelar Depan": PAYLOAD, "Gelar Belakang": PAYLOAD})
    result = run(write_csv(tmp_path, [row]), surabaya)
    assert (result.created, result.rejected) == (1, 0), result.errors
    employee = Employee.objects.select_related("position", "work_unit").get()
    stored = (employee.full_name, employee.title_front, employee.title_back,
              employee.position.name, employee.work_unit.path)  # fmt: skip
    assert stored == (PAYLOAD,) * 5

    text = "".join(employees_export_csv(Employee.objects.all()))
    assert PAYLOAD in text and f",{PAYLOAD}," not in text and f",'{PAYLOAD}" in text
    again = run(io.BytesIO(text.encode("utf-8")), surabaya, filename="export.csv")
    assert (again.unchanged, again.updated, again.rejected) == (1, 0, 0)

    buffer = io.BytesIO()
    employees_export_xlsx(Employee.objects.all(), buffer)
    again = run(io.BytesIO(buffer.getvalue()), surabaya, filename="export.xlsx")
    assert (again.unchanged, again.updated, again.rejected) == (1, 0, 0)
    assert Employee.objects.get().full_name == PAYLOAD


def test_report_of_a_file_that_cannot_be_read_again_is_neutralised_too(surabaya):  # type: ignore[no-untyped-def]
    """The plain report (the problems without the uploaded rows) writes its cells the same
    way: quoted, and without the control characters a workbook refuses (it used to fail)."""
    from tangguh.people.services_import import import_job_report

    job = ImportJobFactory(
        status="done", institution=surabaya, original_name="x.xlsx",
        file=ContentFile(b"PK not a workbook", name="x.xlsx"),
    )  # fmt: skip
    ImportIssue.objects.create(job=job, row=2, column="Nama", value="\x07=1+1", message="x")
    ImportIssue.objects.create(job=job, row=3, column="Nama", value=PAYLOAD, message="y")
    sheet = load_workbook(io.BytesIO(import_job_report(job=job).read())).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    values = [c.value for c in cells]
    assert "'=1+1" in values and "'" + PAYLOAD in values
    assert all(c.data_type in ("s", "n") for c in cells)
