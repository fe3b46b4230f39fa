"""In the browser: a hostile workbook fails its job with a sentence and can be retried; a
dry run confirmed in two tabs imports once.

Selectors are structural (classes of the forms, badges), so the walk holds in either
language.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.people import hostile_files as hostile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "NIP,Nama,Jenis Kelamin,Tanggal Lahir,Status Kepegawaian"
GOOD = "199003152015032004,Larasati Wulandari,P,15-03-1990,PNS Aktif"


def _upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/pegawai/impor/")
    page.locator("#id_file").set_input_files(str(path))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pegawai/impor/\d+/$"))


def test_a_hostile_workbook_fails_with_a_sentence_and_can_be_retried(page, login, tmp_path):  # type: ignore[no-untyped-def]
    login(page, "operator.surabaya")
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(hostile.cell_at_xfd1048576())
    _upload(page, path)
    assert page.locator(".badge-job-failed").count() >= 1
    sentence = page.locator("p.error-box").first.inner_text()
    assert "XFD1048576" in sentence and "Traceback" not in sentence
    url = page.url

    page.locator("form.retry-import button[type=submit]").click()
    page.wait_for_url(url)
    # The same stored file, a second attempt: refused again, and said so again.
    assert page.locator(".badge-job-failed").count() >= 1
    assert "XFD1048576" in page.locator("p.error-box").first.inner_text()
    assert re.search(r"\b2\b", page.locator(".job-status").inner_text())


def test_a_dry_run_confirmed_twice_imports_once(page, login, tmp_path):  # type: ignore[no-untyped-def]
    login(page, "operator.surabaya")
    path = tmp_path / "pegawai.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    _upload(page, path)
    dry_run = page.url
    other = page.context.new_page()  # a second tab on the same dry run
    other.goto(dry_run)

    page.locator("form.confirm-import button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pegawai/impor/\d+/$"))
    assert page.url != dry_run and page.locator(".badge-job-done").count() >= 1

    other.locator("form.confirm-import button[type=submit]").click()
    other.wait_for_url(dry_run)
    assert other.locator(".messages .message-error").count() == 1  # "confirmed already"
    # No second Import button: the page leads to the import instead.
    assert other.locator("form.confirm-import").count() == 0
    assert other.locator(f"a[href='{urlparse(page.url).path}']").count() >= 1
