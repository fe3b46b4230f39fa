"""Hostile and messy files through the three doors: the service, the web upload, the CLI.

Every case ends in a clear message (the whole file refused, or rows rejected with
row, column and reason), nothing written for a refused file, no traceback, no 500,
no job left RUNNING.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from tangguh.core.importing import fastpath
from tangguh.core.messages import render
from tangguh.core.roles import Role
from tangguh.people import exports
from tangguh.people.importing import ImportFileError
from tangguh.people.models import Employee, ImportJob, ImportStatus
from tangguh.people.services import employee_import, import_summary
from tests.permissions import client_for as _client_for
from tests.permissions import make_user

from . import hostile_files as hostile
from .factories import EmployeeFactory, make_nip
from .helpers import HEADERS, csv_bytes, person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NIP1 = make_nip(date(1980, 3, 4), "M", 1)
NIP2 = make_nip(date(1981, 4, 5), "F", 2)
NIP3 = make_nip(date(1982, 5, 6), "M", 3)


# --- building files ---------------------------------------------------------------


def _xlsx(build: Any) -> bytes:
    workbook = Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_rows(*rows: list[Any]) -> Any:
    def build(workbook: Workbook) -> None:
        for row in rows:
            workbook.active.append(row)

    return build


def _good_xlsx_rows() -> list[list[Any]]:
    return [
        ["NIP", "Nama", "Tanggal Lahir", "Unit Kerja"],
        [NIP1, "Andi Wijaya", date(1980, 3, 4), "Dinas Pendidikan"],
        [NIP2, "Beti Lestari", "05-04-1981", "Dinas Kesehatan"],
    ]


def _second_sheet(workbook: Workbook) -> None:
    workbook.active.title = "Kosong"
    data = workbook.create_sheet("Data")
    for row in _good_xlsx_rows():
        data.append(row)


def _merged(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.append(["DAFTAR PEGAWAI KOTA SURABAYA"])
    sheet.merge_cells("A1:D1")
    sheet.append(["NIP", "Nama", "Unit Kerja", "Jabatan"])
    sheet.append([NIP1, "Andi Wijaya", "Dinas Pendidikan", "Guru"])
    sheet.append([NIP2, "Beti Lestari", None, "Guru"])
    sheet.merge_cells("C3:C4")  # one unit for both rows, as the operator sees it


def _formulas(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Jabatan"])
    sheet.append([NIP1, '="Andi"&" Wijaya"', "Guru"])
    sheet.append([NIP2, "Beti Lestari", '=UPPER("guru")'])


def _with_cached_values(data: bytes) -> bytes:
    """What Excel saves: each formula with its last result (openpyxl writes none)."""
    results = {'"Andi"&amp;" Wijaya"': "Andi Wijaya", 'UPPER("guru")': "GURU"}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for formula, value in results.items():
                    text = re.sub(
                        r'<c r="([A-Z]+\d+)"([^>]*)><f>' + re.escape(formula) + r"</f><v\s*/>",
                        rf'<c r="\1"\2 t="str"><f>{formula}</f><v>{value}</v>',
                        text,
                    )
                    text = text.replace(
                        f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>"
                    )
                assert text.count("<v>Andi Wijaya</v>") == 1, text
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def _scientific_nip(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.append(["NIP", "Nama"])
    sheet.append([NIP1, "Andi Wijaya"])
    sheet.append([float(NIP2), "Beti Lestari"])
    sheet["A3"].number_format = "0.00E+00"


def _dates(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Tanggal Lahir", "TMT"])
    sheet.append([NIP1, "Andi Wijaya", date(1980, 3, 4), "02-01-2020"])
    sheet.append([NIP2, "Beti Lestari", "5 April 1981", date(2021, 1, 4)])
    sheet.append([NIP3, "Cici Paramita", "31-02-1982", None])


def _wide(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.append(["NIP", "Nama"])
    sheet.cell(row=1, column=16384, value="Catatan")
    sheet.append([NIP1, "Andi Wijaya"])
    sheet.cell(row=2, column=16384, value="catatan di XFD")


def _huge_cells(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Catatan"])
    sheet.append([NIP1, "A" * 100_000, "x"])
    sheet.append(["1" * 100_000, "Beti Lestari", "x"])
    sheet.append([NIP3, "Cici Paramita", "y" * 100_000])


def _error_cells(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Jabatan"])
    sheet.append([NIP1, "#N/A", "Guru"])  # openpyxl stores these as error cells
    sheet.append([NIP2, "Beti Lestari", "#VALUE!"])
    sheet.append([NIP3, "Cici Paramita", "Guru"])


def _encrypted() -> bytes:
    """The outline of a password-protected workbook: an OLE container holding EncryptedPackage."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = "EncryptedPackage".encode("utf-16-le") + b"\x00" * 94
    return head + b"\x00" * 512 + entry + b"\x00" * 4096


def _ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
        b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def _random_bytes() -> bytes:
    return random.Random(7).randbytes(6000)


def _rows_csv(*rows: list[str], header: str = "NIP,Nama,Jabatan") -> bytes:
    lines = [header, *(",".join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def _utf16() -> bytes:
    text = "NIP\tNama\tJabatan\r\n" + f"{NIP1}\tAndi Wijaya\tGuru\r\n{NIP2}\tBéti Łestari\tGuru\r\n"
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


# --- the cases ----------------------------------------------------------------------


@dataclass
class Case:
    filename: str
    # The bytes, or a function building them (the costly ones, built when first used).
    source: bytes | Callable[[], bytes]
    # A refused file: one of these fragments is in the message.
    refused: tuple[str, ...] = ()
    created: int = 0
    # Rejected rows: (row, column, fragment of the message).
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    # Fixed expectations on what is imported: {nip: {field: value}}.
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def data(self) -> bytes:
        return self.source() if callable(self.source) else self.source


CASES: dict[str, Case] = {
    "random-bytes.csv": Case("pegawai.csv", _random_bytes(), refused=("not a text (CSV) file",)),
    "random-bytes.xlsx": Case(
        "pegawai.xlsx", _random_bytes(), refused=("not a valid XLSX", "not a real Excel")
    ),
    "png.csv": Case("foto.csv", _png(), refused=("not a text (CSV) file",)),
    "png.xlsx": Case("foto.xlsx", _png(), refused=("not a valid XLSX", "not a real Excel")),
    "zero-bytes.csv": Case("pegawai.csv", b"", refused=("empty",)),
    "zero-bytes.xlsx": Case("pegawai.xlsx", b"", refused=("empty",)),
    "header-only.csv": Case("pegawai.csv", b"NIP,Nama\r\n", refused=("no rows of data",)),
    "xlsx-no-rows": Case("pegawai.xlsx", _xlsx(lambda wb: None), refused=("has no rows",)),
    "xlsx-header-only": Case(
        "pegawai.xlsx", _xlsx(_sheet_rows(["NIP", "Nama"])), refused=("no rows of data",)
    ),
    "xlsx-second-sheet": Case(
        "pegawai.xlsx",
        _xlsx(_second_sheet),
        created=2,
        stored={NIP2: {"birth_date": date(1981, 4, 5)}},
    ),
    "xlsx-merged-cells": Case(
        "pegawai.xlsx",
        _xlsx(_merged),
        created=2,
        stored={NIP2: {"work_unit__name": "Dinas Pendidikan"}},
    ),
    "xlsx-formulas-without-results": Case(
        "pegawai.xlsx",
        _xlsx(_formulas),
        errors=[(2, "Nama", "formula"), (3, "Jabatan", "formula")],
    ),
    "xlsx-formulas-with-results": Case(
        "pegawai.xlsx",
        _with_cached_values(_xlsx(_formulas)),
        created=2,
        stored={NIP1: {"full_name": "Andi Wijaya"}, NIP2: {"position__name": "GURU"}},
    ),
    "xlsx-nip-scientific": Case(
        "pegawai.xlsx",
        _xlsx(_scientific_nip),
        created=1,
        errors=[(3, "NIP", "Format the NIP column as Text")],
    ),
    "xlsx-dates-text-and-real": Case(
        "pegawai.xlsx",
        _xlsx(_dates),
        created=2,
        errors=[(4, "Tanggal Lahir", "does not exist")],
        stored={NIP1: {"birth_date": date(1980, 3, 4)}, NIP2: {"birth_date": date(1981, 4, 5)}},
    ),
    "xlsx-16384-columns": Case("pegawai.xlsx", _xlsx(_wide), created=1),
    "xlsx-100k-cells": Case(
        "pegawai.xlsx",
        _xlsx(_huge_cells),
        created=1,
        errors=[(2, "Nama", "longer than 200"), (3, "NIP", "longer than")],
    ),
    "xlsx-error-cells": Case(
        "pegawai.xlsx",
        _xlsx(_error_cells),
        created=1,
        errors=[(2, "Nama", "#N/A"), (3, "Jabatan", "#VALUE!")],
    ),
    "xlsx-encrypted": Case("pegawai.xlsx", _encrypted(), refused=("password",)),
    "old-excel.xls": Case(
        "pegawai.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, refused=(".xls",)
    ),
    "opendocument.ods": Case("pegawai.ods", _ods(), refused=(".ods",)),
    "utf16-tab.txt": Case(
        "pegawai.txt", _utf16(), created=2, stored={NIP2: {"full_name": "Béti Łestari"}}
    ),
    "ragged-rows.csv": Case(
        "pegawai.csv",
        (
            f"NIP,Nama,Jabatan\r\n{NIP1},Andi Wijaya\r\n{NIP2},Beti Lestari,Guru,extra,more\r\n"
            f"{NIP3},Cici Paramita,Guru\r\n"
        ).encode(),
        created=3,
    ),
    "unbalanced-quote.csv": Case(
        "pegawai.csv",
        _rows_csv(
            [NIP1, "Andi Wijaya", "Guru"], [NIP2, '"Beti Lestari', "Guru"], [NIP3, "Cici", "Guru"]
        ),
        refused=("row 3", "Row 3"),
    ),
    "nul-bytes.csv": Case(
        "pegawai.csv",
        _rows_csv([NIP1, "Andi\x00 Wijaya", "Guru"], [NIP2, "Beti Lestari", "Gu\x00ru"]),
        created=2,
        stored={NIP1: {"full_name": "Andi Wijaya"}},
    ),
    "title-rows.csv": Case(
        "pegawai.csv",
        b"DAFTAR PEGAWAI\r\nKota Surabaya,,\r\n,,\r\n"
        + _rows_csv([NIP1, "Andi Wijaya", "Guru"], ["123", "Beti", "Guru"]),
        created=1,
        errors=[(6, "NIP", "has 3 digits")],
    ),
    "duplicate-headers.csv": Case(
        "pegawai.csv",
        _rows_csv([NIP1, "Andi", "Andi Wijaya"], header="NIP,Nama,Nama"),
        refused=("Columns B, C",),
    ),
    "only-nip-header.csv": Case(
        "pegawai.csv", f"NIP\r\n{NIP1}\r\n".encode(), refused=("no column for the full name",)
    ),
    "long-name.csv": Case(
        "pegawai.csv",
        _rows_csv([NIP1, "Andi " * 60, "Guru"], [NIP2, "Beti", "Guru"]),
        created=1,
        errors=[(2, "Nama", "longer than 200")],
    ),
    "bad-nips.csv": Case(
        "pegawai.csv",
        _rows_csv(
            [NIP1 + "1", "Andi", "Guru"], [NIP2[:-1] + "O", "Beti", "Guru"], [NIP3, "Cici", "Guru"]
        ),
        created=1,
        errors=[(2, "NIP", "has 19 digits"), (3, "NIP", "not digits")],
    ),
    "excel-error-text.csv": Case(
        "pegawai.csv",
        _rows_csv(["#VALUE!", "Andi", "Guru"], [NIP2, "#N/A", "Guru"], [NIP3, "Cici", "#REF!"]),
        errors=[(2, "NIP", "#VALUE!"), (3, "Nama", "#N/A"), (4, "Jabatan", "#REF!")],
    ),
    "formula-injection.csv": Case(
        "pegawai.csv",
        _rows_csv(
            [NIP1, "=1+1", "Guru"],
            [NIP2, "Beti", '"=HYPERLINK(""http://x"",""klik"")"'],
            [NIP3, "Cici", "Guru"],
        ),
        created=1,
        errors=[(2, "Nama", "formula"), (3, "Jabatan", "formula")],
    ),
    # Built to hurt the service (issue 8): refused with a sentence before any reader
    # allocates for them (importing/guard.py); the worker runs on (test_import_worker.py).
    "xlsx-cell-at-XFD1048576": Case(
        "pegawai.xlsx", hostile.cell_at_xfd1048576(), refused=("XFD1048576",)
    ),
    "xlsx-zip-bomb-200-MB": Case(
        "pegawai.xlsx", hostile.zip_bomb, refused=("times its packed size",)
    ),
    "xlsx-deep-xml": Case("pegawai.xlsx", hostile.deep_xml(), refused=("levels deep",)),
    "xlsx-shared-strings-declaring-4-billion": Case(
        "pegawai.xlsx",
        hostile.shared_strings_declaring(4_000_000_000),
        refused=("4,000,000,000 different texts",),
    ),
    "xlsx-lying-zip-directory": Case("pegawai.xlsx", hostile.lying_directory, refused=("damaged",)),
    "csv-enormous-line": Case(
        "pegawai.csv", hostile.enormous_line_csv, refused=("Line 3", "longer than 1,024 KB")
    ),
    "emoji-rtl.csv": Case(
        "pegawai.csv",
        _rows_csv([NIP1, "Siti 😀 Rahma", "Guru"], [NIP2, "محمد عبد الله", "مدرس"]),
        created=2,
        stored={NIP1: {"full_name": "Siti 😀 Rahma"}, NIP2: {"full_name": "محمد عبد الله"}},
    ),
}


# --- the three doors -------------------------------------------------------------------


@dataclass
class Outcome:
    refused: str | None = None
    created: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)


def _write(tmp_path: Path, case: Case) -> Path:
    path = tmp_path / case.filename
    path.write_bytes(case.data)
    return path


def _service(tmp_path: Path, case: Case, surabaya: Any) -> Outcome:
    try:
        result = employee_import(
            source=_write(tmp_path, case),
            filename=case.filename,
            institution=surabaya,
            actor=None,
        )
    except ImportFileError as exc:
        return Outcome(refused=str(exc.message))
    summary = str(import_summary(result))
    assert "Traceback" not in summary
    return Outcome(
        created=result.created, errors=[(e.row, e.column, e.message) for e in result.errors]
    )


def _client(user: Any) -> Any:
    client = _client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _web(case: Case, surabaya: Any) -> Outcome:
    client = _client(make_user(Role.OPERATOR, "35.78"))
    upload = SimpleUploadedFile(case.filename, case.data)
    response = client.post(reverse("people:import"), {"file": upload, "institution": "35.78"})
    text = response.content.decode()
    assert "Traceback" not in text
    if response.status_code == 400:
        assert not ImportJob.objects.exists()
        errors = response.context["form"].errors
        return Outcome(refused=" ".join(str(m) for ms in errors.values() for m in ms))
    assert response.status_code == 302, text[:2000]
    job = ImportJob.objects.get()
    assert job.status in (ImportStatus.DONE, ImportStatus.FAILED), job.status
    assert job.finished_at is not None
    page = client.get(response["Location"])
    assert page.status_code == 200
    _no_python_text(page.content.decode())
    if job.status == ImportStatus.FAILED:
        with translation.override("en"):
            return Outcome(refused=render(job.message))
    assert not Employee.objects.exists()  # a dry run
    errors = client.get(reverse("people:import-errors", args=[job.pk]))
    assert errors.status_code == 200
    openpyxl.load_workbook(io.BytesIO(errors.getvalue()))
    issues = job.issues.order_by("row", "id").values_list("row", "column", "message")
    with translation.override("en"):  # stored as msgids: read in the language asserted
        errors = [(row, column, render(message)) for row, column, message in issues]
    return Outcome(created=job.result["created"], errors=errors)


def _no_python_text(page: str) -> None:
    for word in ("Traceback", "Error:", "Exception", "Errno", "object at 0x", "calamine"):
        assert word not in page, word


def _cli(tmp_path: Path, case: Case) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "employees",
            "import",
            str(_write(tmp_path, case)),
            "--institution",
            "35.78",
            "--json",
            stdout=out,
            stderr=err,
        )
    except CommandError as exc:
        assert json.loads(out.getvalue())["error"] == str(exc)
        return Outcome(refused=str(exc))
    data = json.loads(out.getvalue())
    return Outcome(
        created=data["created"],
        errors=[(e["row"], e["column"], e["message"]) for e in data["errors"]],
    )


def _check(case: Case, outcome: Outcome, *, wrote: bool) -> None:
    if case.refused:
        assert outcome.refused is not None, outcome
        assert any(f in outcome.refused for f in case.refused), outcome.refused
        assert len(outcome.refused) < 600
        assert not Employee.objects.exists()
        return
    assert outcome.refused is None, outcome.refused
    assert outcome.created == case.created, outcome
    assert len(outcome.errors) == len(case.errors), outcome.errors
    for (row, column, fragment), (got_row, got_column, message) in zip(
        case.errors, outcome.errors, strict=True
    ):
        assert (got_row, got_column) == (row, column), outcome.errors
        assert fragment in message, message
        assert len(message) < 600, message[:300]
    if wrote:
        assert Employee.objects.count() == case.created
        for nip, fields in case.stored.items():
            values = Employee.objects.filter(nip=nip).values(*fields).get()
            assert values == fields


@pytest.mark.parametrize("name", CASES)
def test_service(tmp_path, surabaya, name):  # type: ignore[no-untyped-def]
    case = CASES[name]
    _check(case, _service(tmp_path, case, surabaya), wrote=True)


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.filename.endswith(".csv")])
def test_service_column_wise_path(tmp_path, surabaya, monkeypatch, name):  # type: ignore[no-untyped-def]
    """The column-wise reader of big CSV files gives the same verdicts."""
    monkeypatch.setattr(fastpath, "FAST_MIN_ROWS", 1)
    case = CASES[name]
    _check(case, _service(tmp_path, case, surabaya), wrote=True)


@pytest.mark.parametrize("name", CASES)
def test_web_upload(surabaya, name):  # type: ignore[no-untyped-def]
    case = CASES[name]
    _check(case, _web(case, surabaya), wrote=False)


@pytest.mark.parametrize("name", CASES)
def test_command_line(tmp_path, surabaya, name):  # type: ignore[no-untyped-def]
    case = CASES[name]
    _check(case, _cli(tmp_path, case), wrote=True)


# --- what the case list does not say ----------------------------------------------------


def test_the_sheet_read_is_named(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    case = CASES["xlsx-second-sheet"]
    result = employee_import(
        source=_write(tmp_path, case), filename=case.filename, institution=surabaya, actor=None
    )
    assert result.sheet == "Data"
    assert "“Data”" in str(import_summary(result))
    assert result.counts()["sheet"] == "Data"


def test_a_refused_sheet_is_named(surabaya):  # type: ignore[no-untyped-def]
    def build(workbook: Workbook) -> None:
        workbook.active.title = "Kosong"
        workbook.create_sheet("Rekap").append(["Nomor", "Nama"])

    with pytest.raises(ImportFileError, match="“Rekap”"):
        employee_import(
            source=io.BytesIO(_xlsx(build)), filename="a.xlsx", institution=surabaya, actor=None
        )


def test_unbalanced_quote_names_the_rows_it_swallowed(surabaya):  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFileError) as info:
        employee_import(
            source=io.BytesIO(CASES["unbalanced-quote.csv"].data),
            filename="a.csv",
            institution=surabaya,
            actor=None,
        )
    assert "quotation mark" in str(info.value.message)
    assert not Employee.objects.exists()


def test_quoted_cells_on_several_lines_are_still_read(surabaya):  # type: ignore[no-untyped-def]
    data = (
        f'NIP,Nama,Alamat\r\n{NIP1},Andi,"Jl. Merdeka 1,\r\nSurabaya, Jawa Timur"\r\n'
        f"{NIP2},Beti,Jl. Sudirman\r\n"
    ).encode()
    result = employee_import(
        source=io.BytesIO(data), filename="a.csv", institution=surabaya, actor=None
    )
    assert (result.created, result.errors) == (2, [])


def test_a_stray_nul_in_the_first_kilobytes_is_not_a_binary_file(surabaya):  # type: ignore[no-untyped-def]
    data = csv_bytes([{**person(1), "Nama": "Andi\x00"}], HEADERS)
    result = employee_import(
        source=io.BytesIO(data), filename="a.csv", institution=surabaya, actor=None
    )
    assert result.created == 1
    assert Employee.objects.get().full_name == "Andi"


def test_utf16_without_bom_is_read(surabaya):  # type: ignore[no-untyped-def]
    data = _utf16()[2:]
    result = employee_import(
        source=io.BytesIO(data), filename="a.txt", institution=surabaya, actor=None
    )
    assert result.created == 2


def test_control_characters_are_dropped_from_text(surabaya):  # type: ignore[no-untyped-def]
    data = _rows_csv([NIP1, "Andi\x07 Wij\x1baya", "Gu\x01ru"])
    employee_import(source=io.BytesIO(data), filename="a.csv", institution=surabaya, actor=None)
    employee = Employee.objects.select_related("position").get()
    assert (employee.full_name, employee.position.name) == ("Andi Wijaya", "Guru")


def test_error_report_writes_formulas_and_odd_characters_as_text(surabaya):  # type: ignore[no-untyped-def]
    client = _client(make_user(Role.OPERATOR, "35.78"))
    data = _rows_csv(
        [NIP1, "=1+1", "Guru"],
        [NIP2, "@SUM(A1)", "=cmd|' /C calc'!A0"],
        ["\x07" + NIP3[:5], "Cici\x01", "+1-1"],
    )
    upload = SimpleUploadedFile("pegawai.csv", data)
    client.post(reverse("people:import"), {"file": upload, "institution": "35.78"})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE
    report = exports.import_error_report_xlsx(job=job)
    sheet = openpyxl.load_workbook(io.BytesIO(report)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert cells and all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    # Text, with OWASP's neutralising quote (see core.spreadsheet_safety).
    assert "'=1+1" in values and "'=cmd|' /C calc'!A0" in values


def test_exports_write_formula_like_values_as_text(surabaya, tmp_path):  # type: ignore[no-untyped-def]
    EmployeeFactory(institution=surabaya, full_name="=1+1", title_back="-", title_front="@x")
    queryset = Employee.objects.all()
    path = tmp_path / "out.xlsx"
    exports.employees_export_xlsx(queryset, path)
    sheet = openpyxl.load_workbook(path).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "'=1+1" in [c.value for c in cells]
    text = "".join(exports.employees_export_csv(queryset))
    # No exceptions to the quote, not even a lone "-" (OWASP).
    assert ",'=1+1," in text and ",'@x," in text and ",'-," in text


def test_job_never_stays_running(surabaya, monkeypatch):  # type: ignore[no-untyped-def]
    from tangguh.people import services

    def interrupted(**kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(services, "run_import", interrupted)
    with pytest.raises(KeyboardInterrupt):
        services.import_job_create(
            uploaded_file=SimpleUploadedFile("a.csv", _rows_csv([NIP1, "Andi", "Guru"])),
            institution=surabaya,
            actor=make_user(Role.OPERATOR, "35.78"),
            dry_run=True,
            strict=False,
        )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert "internal error" in render(job.message) and job.finished_at is not None
