"""An operator imports civil servants in the browser: a bad row, its fix, the import, the result.

Selectors are structural (ids, data-testid), so the walk holds in either language.
Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

import re
from pathlib import Path

import pytest

from tangguh.accounts.models import User
from tangguh.people.models import Employee, TransferRequest
from tangguh.people.parsing.nip import format_nip

from .helpers import assert_shows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "NIP,Nama,Gelar Belakang,Jenis Kelamin,Tanggal Lahir,Status Kepegawaian,Jabatan,Jenis Jabatan,Golongan,Unit Kerja"
GOOD = "199003152015032004,Larasati Wulandari,S.Psi.,P,15-03-1990,PNS Aktif,Analis SDM Aparatur,Fungsional,III/b,Badan Kepegawaian dan Pengembangan SDM"
FIRST = "198811202012121001,Bayu Prakoso,S.T.,L,20-11-1988,PNS Aktif,Pengelola Data,Pelaksana,III/a,Dinas Komunikasi dan Informatika"
BAD_NIP = "19881120201212100"  # 17 digits: one lost
BAD = FIRST.replace("198811202012121001", BAD_NIP)


def _csv(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _shoot(page, path: Path, *, full_page: bool = True) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    assert path.stat().st_size < 300_000, f"{path.name} is {path.stat().st_size} bytes"


def _upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/pegawai/impor/")
    page.locator("#id_file").set_input_files(str(path))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pegawai/impor/\d+/$"))


def test_operator_fixes_a_bad_row_imports_and_finds_the_person(page, login, tmp_path, shots_dir):  # type: ignore[no-untyped-def]
    login(page, "operator.surabaya")

    # 1. A file with one bad row: the dry run names its row, column and value.
    _upload(page, _csv(tmp_path, "pegawai.csv", GOOD, BAD))
    problems = page.get_by_test_id("problems")
    problem = problems.locator("tbody tr").first
    assert problems.locator("tbody tr").count() == 1
    assert problem.locator("td").nth(0).inner_text().strip() == "3"  # the header is row 1
    assert problem.locator("td").nth(1).inner_text().strip() == "NIP"
    assert BAD_NIP in problem.locator("td").nth(2).inner_text()
    assert problem.locator("td").nth(3).inner_text().strip()  # a sentence saying what to do
    assert_shows(page, lang="id", heading="pegawai.csv", texts=("Kota Surabaya", BAD_NIP))
    _shoot(page, shots_dir / "people-import-job.png")

    # 2. The problems also come as a workbook to correct offline.
    with page.expect_download() as download:
        page.locator("a[href$='/masalah.xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # 3. The fixed file: a clean dry run, then the import itself.
    _upload(page, _csv(tmp_path, "pegawai-diperbaiki.csv", GOOD, FIRST))
    assert page.get_by_test_id("problems").count() == 0
    page.locator("form.confirm-import button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pegawai/impor/\d+/$"))
    assert page.locator("form.confirm-import").count() == 0
    assert page.locator(".badge-job-done").count() >= 1

    # 4. The person is in the list (live search by NIP prefix) and has a history.
    page.goto("/pegawai/")
    page.locator("#id_q").fill("19881120")
    row = page.get_by_test_id("people-table").locator("tbody tr")
    row.filter(has_text=format_nip("198811202012121001")).wait_for()
    assert row.count() == 1
    page.locator("#id_q").fill("")
    page.get_by_test_id("people-table").locator("tbody tr").nth(1).wait_for()
    assert_shows(page, lang="id", heading="ASN")
    _shoot(page, shots_dir / "people-list.png", full_page=False)

    page.goto("/pegawai/?q=19881120")
    page.locator("a.person-link").first.click()
    page.wait_for_url(re.compile(r".*/pegawai/\d+/$"))
    assert page.get_by_test_id("nip").inner_text().strip() == format_nip("198811202012121001")
    history = page.get_by_test_id("history").locator("tbody tr")
    assert history.count() >= 1
    assert "Kota Surabaya" in history.first.inner_text()
    person = Employee.objects.get(nip="198811202012121001")
    assert_shows(page, lang="id", heading=person.display_name, texts=("Pengelola Data",))
    _shoot(page, shots_dir / "people-person.png")


def test_register_pages_render_for_an_administrator_and_on_a_phone(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    from .conftest import PHONE
    from .helpers import horizontal_overflow

    page = new_page()
    login(page, "admin.surabaya")
    page.goto("/pegawai/impor/")
    assert page.locator("#id_file").count() == 1
    assert_shows(page, lang="id", heading="Impor data ASN", texts=("Unduh templat",))
    _shoot(page, shots_dir / "people-import.png", full_page=False)
    page.goto("/pegawai/mutasi/?status=all")
    assert page.get_by_test_id("transfers").count() == 1
    admin = User.objects.get(username="admin.surabaya")
    transfers = TransferRequest.objects.restrict(admin, "view").select_related("employee")
    assert transfers.exists()  # the demo's transfers, listed
    assert_shows(
        page,
        lang="id",
        heading="Mutasi",
        texts=tuple(format_nip(t.employee.nip) for t in transfers),
    )
    _shoot(page, shots_dir / "people-transfers.png", full_page=False)

    phone = new_page(viewport=PHONE)
    login(phone, "operator.surabaya")
    phone.goto("/pegawai/")
    assert horizontal_overflow(phone) <= 0
    assert_shows(phone, lang="id", heading="ASN")
    assert phone.get_by_test_id("people-table").locator("tbody tr").count() > 1
    _shoot(phone, shots_dir / "people-list-phone.png", full_page=False)
