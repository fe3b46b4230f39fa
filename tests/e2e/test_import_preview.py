"""An operator checks a file before importing it: what each row would do, the values new
to the institution, a confirmation that restates the counts, then the rows it touched.

Selectors are structural (data-testid), the texts checked are the Indonesian page's.
Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from tangguh.people.models import Employee
from tangguh.people.parsing.nip import format_nip
from tests.people.factories import make_nip

from .conftest import PHONE
from .helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TYPO = "Bidang Perencanan"


def _xlsx(tmp_path: Path, rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Unit Kerja"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "pegawai-surabaya.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def _new_nip(n: int) -> str:
    for sequence in range(n, 999):
        nip = make_nip(date(1994, 2, 10 + n), "F", sequence=sequence)
        if not Employee.objects.filter(nip=nip).exists():
            return nip
    raise AssertionError("no free NIP")


def _shoot(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def test_operator_previews_confirms_and_finds_the_rows_touched(  # type: ignore[no-untyped-def]
    new_page, login, tmp_path, shots_dir
):
    # PNS: a file without a status column reads every identifier as a NIP.
    registered = Employee.objects.filter(institution__code="35.78", employee_kind="PNS")
    renamed, kept = (
        registered.exclude(work_unit=None).select_related("work_unit").order_by("nip")[:2]
    )
    unit = renamed.work_unit.path
    first, second = _new_nip(1), _new_nip(2)
    path = _xlsx(
        tmp_path,
        [
            [first, "Ayu Lestari", unit],  # new
            [renamed.nip, "Nama Baru Sekali", ""],  # its name changes
            [kept.nip, kept.full_name, ""],  # unchanged
            [second, "Dimas Saputra", TYPO],  # new, in a work unit nobody has yet
        ],
    )
    page = new_page()
    login(page, "operator.surabaya")
    page.goto("/pegawai/impor/")
    page.locator("#id_file").set_input_files(str(path))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pegawai/impor/\d+/$"))
    check_url = page.url

    # 1. Each row by what the import would do to it.
    created = page.get_by_test_id("preview-created")
    assert created.locator("tbody tr").count() == 2
    assert "Ayu Lestari" in created.inner_text() and "Dimas Saputra" in created.inner_text()
    updated = page.get_by_test_id("preview-updated").locator("tbody tr")
    assert updated.count() == 1
    change = updated.first.locator(".changes li").first
    assert change.locator(".change-label").inner_text().strip() == "Nama"
    assert change.locator("del").inner_text().strip() == renamed.full_name
    assert change.locator("ins").inner_text().strip() == "Nama Baru Sekali"
    unchanged = page.get_by_test_id("preview-unchanged")
    assert unchanged.locator("summary .badge").inner_text().strip() == "1"
    # 2. The typo is caught before it becomes a unit: the value and its row.
    warning = page.get_by_test_id("preview-warning-new_units")
    assert f"1 baris akan membuat unit kerja baru “{TYPO}”" in warning.inner_text()
    assert "baris 5" in warning.inner_text()
    assert page.get_by_test_id("problems").count() == 0
    # 3. The confirmation restates the counts.
    question = page.get_by_test_id("confirm-question").inner_text().strip()
    assert question == "Impor 2 pegawai baru dan 1 pembaruan?"
    assert_shows(page, lang="id", heading="pegawai-surabaya.xlsx", texts=("Nama Baru Sekali",))
    _shoot(page, shots_dir / "import-preview-desktop.png")

    phone = new_page(viewport=PHONE)
    login(phone, "operator.surabaya")
    phone.goto(check_url)
    assert phone.get_by_test_id("preview-updated").count() == 1
    assert horizontal_overflow(phone) <= 0
    _shoot(phone, shots_dir / "import-preview-phone.png")

    # 4. The import, then exactly the rows it created or updated.
    page.locator("form.confirm-import button[type=submit]").click()
    page.wait_for_url(lambda url: url != check_url and "/pegawai/impor/" in url)
    page.get_by_test_id("touched-rows").click()
    page.wait_for_url(re.compile(r".*/pegawai/\?impor=\d+$"))
    rows = page.get_by_test_id("people-table").locator("tbody tr")
    rows.first.wait_for()
    shown = sorted(
        rows.nth(i).locator("td").nth(1).inner_text().strip() for i in range(rows.count())
    )
    assert shown == sorted(format_nip(n) for n in (first, second, renamed.nip))
    _shoot(page, shots_dir / "import-preview-touched.png")
    assert Employee.objects.get(nip=second).work_unit.path == TYPO
