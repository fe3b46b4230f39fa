"""Reading what people upload: encodings, delimiters, XLSX cells, headers, blank rows."""

import io
from datetime import date, datetime

import pytest

from tangguh.people.importing import ImportFileError
from tangguh.people.models import Employee

from .factories import make_nip
from .helpers import csv_bytes, person, run, write_csv, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _rows(n: int = 3) -> list[dict[str, str]]:
    return [person(i) for i in range(1, n + 1)]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "newline"),
    [
        ("utf-8", ",", "\r\n"),
        ("utf-8-sig", ",", "\n"),
        ("utf-8", ";", "\r\n"),
        ("cp1252", ";", "\r\n"),
        ("utf-8", "\t", "\n"),
    ],
)
def test_csv_variants(tmp_path, surabaya, encoding, delimiter, newline):  # type: ignore[no-untyped-def]
    rows = _rows()
    rows[0]["Nama"] = "José Muñoz Andrés"
    path = write_csv(tmp_path, rows, encoding=encoding, delimiter=delimiter, newline=newline)
    result = run(path, surabaya)
    assert result.errors == []
    assert result.created == 3
    assert Employee.objects.filter(full_name="José Muñoz Andrés").exists()


def test_cp1252_file_is_not_misread_as_utf8(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = _rows(1)
    rows[0]["Nama"] = "Señora Dédé"
    data = csv_bytes(rows, encoding="cp1252")
    assert data.decode("cp1252").count("é") == 2
    run(io.BytesIO(data), surabaya, filename="x.csv")
    assert Employee.objects.get().full_name == "Señora Dédé"


def test_headers_in_any_order_with_synonyms_and_unknown_columns(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    nip = make_nip(date(1975, 5, 6), "F", 12)
    headers = [
        "Catatan",
        "Unit Organisasi",
        "Gol/Ruang",
        "Date of Birth",
        "Full Name",
        "JK",
        "NIP Baru",
        "Position",
        "Warna Favorit",
    ]
    path = tmp_path / "f.csv"
    path.write_bytes(
        csv_bytes(
            [
                [
                    "x",
                    "Dinas Kesehatan",
                    "III/b",
                    "06/05/1975",
                    "Rina Wulandari",
                    "P",
                    nip,
                    "Perawat",
                    "biru",
                ]
            ],
            headers,
        )
    )
    result = run(path, surabaya)
    assert result.errors == []
    assert result.ignored_columns == ["Catatan", "Warna Favorit"]
    employee = Employee.objects.select_related("work_unit", "position").get()
    assert (employee.nip, employee.full_name, employee.rank) == (nip, "Rina Wulandari", "III/b")
    assert (employee.work_unit.path, employee.position.name) == ("Dinas Kesehatan", "Perawat")


def test_only_nip_and_name_are_required(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path, [{"Nama": "Dr. Budi Santoso, M.Si.", "NIP": make_nip(date(1970, 1, 1))}]
    )
    result = run(path, surabaya)
    assert result.created == 1
    employee = Employee.objects.get()
    assert (employee.title_front, employee.full_name, employee.title_back) == (
        "Dr.",
        "Budi Santoso",
        "M.Si.",
    )
    assert (employee.employee_kind, employee.status) == ("PNS", "active")


def test_blank_rows_are_skipped_and_counted(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = _rows(3)
    data = csv_bytes(rows).replace(b"\r\n", b"\r\n,,,,\r\n\r\n", 2) + b" , ,\r\n\r\n"
    result = run(io.BytesIO(data), surabaya, filename="x.csv")
    # Two blank rows after the header and two after row 2; trailing blanks are just the end.
    assert (result.created, result.skipped, result.rejected) == (3, 4, 0)
    assert result.total_rows == 3


def test_row_numbers_are_those_the_spreadsheet_shows(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = _rows(4)
    rows[2]["NIP"] = "123"
    data = csv_bytes(rows).replace(b"\r\n", b"\r\n\r\n", 1)  # a blank row 2 after the header
    result = run(io.BytesIO(data), surabaya, filename="x.csv")
    assert [(e.row, e.column) for e in result.errors] == [(5, "NIP")]


def test_xlsx_numbers_text_and_real_dates(surabaya):  # type: ignore[no-untyped-def]
    headers = ["NIP", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Golongan", "TMT"]
    nip1, nip2, nip3 = (
        make_nip(date(1980, 3, 4), "M", 1),
        make_nip(date(1981, 4, 5), "F", 2),
        make_nip(date(1982, 5, 6)),
    )
    data = xlsx_bytes(
        [
            [nip1, "Andi", date(1980, 3, 4), "L", "III/a", datetime(2020, 1, 2)],
            [nip2, "Beti", "05-04-1981", 2, "IV/a", None],
            [float(nip3), "Cici", date(1982, 5, 6), "L", "II/b", None],  # a NIP typed as a number
        ],
        headers,
    )
    result = run(io.BytesIO(data), surabaya, filename="pegawai.xlsx")
    assert result.created == 2
    assert result.rejected == 1
    [error] = result.errors
    assert (error.row, error.column) == (4, "NIP")
    assert "Format the NIP column as Text" in error.message
    andi = Employee.objects.get(nip=nip1)
    assert andi.birth_date == date(1980, 3, 4)
    assert andi.current_period().valid_from == date(2020, 1, 2)
    assert Employee.objects.get(nip=nip2).sex == "F"


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("pegawai.pdf", b"%PDF-1.4", "not a CSV or XLSX"),
        ("pegawai.xlsx", b"NIP,Nama\n", "not a valid XLSX"),
        ("pegawai.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "Excel 97"),
        ("pegawai.csv", b"Nomor,Nama\n1,Budi\n", "no column for the NIP"),
        ("pegawai.csv", b"", "empty"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(surabaya, name, data, fragment):  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFileError) as info:
        run(io.BytesIO(data), surabaya, filename=name)
    assert fragment in str(info.value.message)
    assert not Employee.objects.exists()


def test_missing_file(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFileError, match="does not exist"):
        run(tmp_path / "nothing.csv", surabaya)


def test_title_row_above_the_header_is_tolerated(surabaya):  # type: ignore[no-untyped-def]
    data = b"DAFTAR PEGAWAI 2026\r\n" + csv_bytes(_rows(2))
    result = run(io.BytesIO(data), surabaya, filename="x.csv")
    assert result.created == 2
