"""An operator imports the work-unit tree of their institution: the check, a bad row,
the confirmation, the tree.

Selectors are structural (ids, data-testid, form classes), so the walk holds in either
language. Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a
temporary folder.
"""

from pathlib import Path

import pytest

from tangguh.people.models import WorkUnit

from .helpers import assert_shows, login
from .test_accessibility import CHECKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = (
    "Kode Unit,Nama Unit,Kode Unit Induk",
    "UK.01,Badan Kepegawaian dan Pengembangan SDM,",
    "UK.01.1,Bidang Mutasi dan Promosi,UK.01",
    "UK.01.1.1,Subbidang Promosi,UK.01.1",
    "UK.09,Bidang Tanpa Induk,UK.99",
)


def test_operator_checks_confirms_and_sees_the_tree(page, login, tmp_path, shots_dir):  # type: ignore[no-untyped-def]
    path = tmp_path / "unit-kerja.csv"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    login(page, "operator.surabaya")

    # 1. The menu leads to the institution's tree and its upload form (a check by default).
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Unit kerja"
    ).click()
    page.wait_for_url("**/pegawai/unit-kerja/")
    assert page.locator("#id_dry_run").is_checked()
    page.locator("#id_file").set_input_files(str(path))
    page.locator("form.units-import button[type=submit]").click()
    page.wait_for_url("**/pegawai/unit-kerja/impor/")

    # 2. The check: three new units, the row with an unknown parent named, nothing saved.
    assert page.locator(".stat-created .stat-value").inner_text().strip() == "3"
    problems = page.get_by_test_id("problems").locator("tbody tr")
    assert problems.count() == 1
    cells = problems.first.locator("td")
    assert cells.nth(0).inner_text().strip() == "5"
    assert cells.nth(1).inner_text().strip() == "Kode Unit Induk"
    assert cells.nth(2).inner_text().strip() == "UK.99"
    assert_shows(page, lang="id", heading="unit-kerja.csv", texts=("Kota Surabaya", "UK.99"))
    assert not WorkUnit.objects.filter(code__startswith="UK.").exists()
    assert page.evaluate(CHECKS) == []
    page.screenshot(path=str(shots_dir / "units-import-check.png"), full_page=True)

    # 3. Confirmed: the same file is imported; the bad row is left out.
    page.locator("form.confirm-import button[type=submit]").click()
    page.wait_for_url("**/pegawai/unit-kerja/impor/konfirmasi/")
    assert page.locator("form.confirm-import").count() == 0
    assert page.locator(".stat-created .stat-value").inner_text().strip() == "3"
    assert WorkUnit.objects.filter(code__startswith="UK.").count() == 3

    # 4. The tree: each unit under its parent, with its full name.
    page.locator(".message-success a").click()
    page.wait_for_url("**/pegawai/unit-kerja/?institution=35.78")
    tree = page.get_by_test_id("unit-tree")
    rows = tree.locator("tbody tr")
    codes = [rows.nth(i).locator("td").first.inner_text().strip() for i in range(rows.count())]
    i = codes.index("UK.01")
    assert codes[i : i + 3] == ["UK.01", "UK.01.1", "UK.01.1.1"]
    assert [rows.nth(i + k).get_attribute("data-depth") for k in range(3)] == ["0", "1", "2"]
    deepest = rows.nth(i + 2)
    assert "Bidang Mutasi dan Promosi" in deepest.locator("td").nth(2).inner_text()
    assert (
        "Badan Kepegawaian dan Pengembangan SDM / Bidang Mutasi dan Promosi / Subbidang Promosi"
        in deepest.inner_text()
    )
    assert "UK.09" not in codes
    assert_shows(page, lang="id", heading="Unit kerja", texts=("Subbidang Promosi",))
    assert page.evaluate(CHECKS) == []
    page.screenshot(path=str(Path(shots_dir) / "units-tree.png"), full_page=True)


def test_a_province_reads_a_regency_s_tree_and_imports_its_own(page):  # type: ignore[no-untyped-def]
    """Both forms on one page (which tree, the upload): every field labelled, ids unique."""
    login(page, "admin.jatim")
    page.goto("/pegawai/unit-kerja/?institution=35.78")
    assert_shows(page, lang="id", heading="Unit kerja", texts=("Kota Surabaya",))
    assert page.locator("form.units-import").count() == 0  # not the province's to import
    page.goto("/pegawai/unit-kerja/")
    assert_shows(page, lang="id", heading="Unit kerja", texts=("Jawa Timur",))
    assert page.locator("#choose_institution").count() == 1
    assert page.locator("form.units-import input[name=institution]").get_attribute("value") == "35"
    assert page.evaluate(CHECKS) == []
