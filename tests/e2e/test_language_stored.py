"""One language at a time: an import checked in Indonesian is read in English, its
summary, its problems and its problem report, then in Indonesian again; numbers and
dates follow the language; downloads are named in it.

Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "NIP,Nama,Jenis Kelamin,Tanggal Lahir"
GOOD = "199003152015032004,Larasati Wulandari,P,15-03-1990"
BAD_NIP = "19881120201212100"  # 17 digits: one lost
BAD = f"{BAD_NIP},Bayu Prakoso,L,20-11-1988"
# The birth date the file gives disagrees with the one the NIP encodes: a date in a sentence.
MISMATCH = "198507152010011003,Budi Santoso,L,16-07-1985"


def _shoot(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def _upload(page, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "pegawai.csv"
    path.write_text("\n".join([HEADER, GOOD, BAD, MISMATCH]) + "\n", encoding="utf-8")
    page.goto("/pegawai/impor/")
    page.locator("#id_file").set_input_files(str(path))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pegawai/impor/\d+/$"))
    return page.url


def _problems(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_test_id("problems").inner_text()


def test_an_import_checked_in_indonesian_reads_in_english(new_page, login, tmp_path, shots_dir):  # type: ignore[no-untyped-def]
    page = new_page()
    login(page, "operator.surabaya")
    url = _upload(page, tmp_path)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "id")
    assert "terdiri atas 17 digit" in _problems(page)
    assert "16 Juli 1985" in _problems(page)
    expect(page.locator("main")).to_contain_text("Pemeriksaan, tidak ada yang disimpan.")
    with page.expect_download() as download:
        page.locator("a[href$='/masalah.xlsx']").click()
    assert re.fullmatch(r"masalah-impor-\d+\.xlsx", download.value.suggested_filename)

    # The same job, read in English: every stored sentence follows the reader.
    page.get_by_test_id("lang-en").click()
    expect(html).to_have_attribute("lang", "en")
    assert page.url == url
    problems = _problems(page)
    assert "has 17 digits, but a NIP or NI PPPK has 18" in problems
    assert "16 July 1985" in problems
    assert "terdiri" not in problems and "Juli" not in problems
    expect(page.locator("main")).to_contain_text("Dry run, nothing was saved.")
    expect(page.locator("main")).not_to_contain_text("Pemeriksaan, tidak ada")
    with page.expect_download() as download:
        page.locator("a[href$='/masalah.xlsx']").click()
    assert re.fullmatch(r"import-problems-\d+\.xlsx", download.value.suggested_filename)
    _shoot(page, shots_dir / "language-stored-en-desktop.png")

    # The register's export and the template are named in English too.
    page.goto("/pegawai/")
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert re.fullmatch(
        r"civil-servants-\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename
    )

    # Back in Indonesian, on a phone.
    phone = new_page(viewport=PHONE)
    login(phone, "operator.surabaya")
    phone.goto(url)
    expect(phone.locator("html")).to_have_attribute("lang", "id")
    assert "terdiri atas 17 digit" in _problems(phone)
    phone.goto("/pegawai/")
    with phone.expect_download() as download:
        phone.get_by_test_id("export-csv").click()
    assert re.fullmatch(r"pegawai-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    phone.goto(url)
    _shoot(phone, shots_dir / "language-stored-id-phone.png")
