"""Budgets in the browser: the budget page shows allocation, revisions, realisation and
per-person figures, approved by a second person.

Jawa Timur's administrator opens the province's list (its regencies and cities, a chart
beside the table), then its budget for this year, where the demo's APBD-P entered by
its operator awaits approval; a negative allocation is refused on its field and nothing
is saved; a shift entered by the administrator cannot be approved by them (refused,
still awaiting); they approve the operator's APBD-P, and the national administrator
approves the shift: the page then shows the shift's figures. The operator's budget
sheet with bad rows is refused whole, each row named; the national page draws its
chart over all 38 provinces; the budget page reads on a phone.
Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import importlib
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from tangguh.development.budgets_display import rupiah
from tangguh.development.models import BudgetRevision, RevisionStatus
from tangguh.development.selectors_budgets import figures_for
from tangguh.institutions.models import Institution

from .helpers import assert_shows, horizontal_overflow
from .test_accessibility import CHECKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """The demo, after the shipped forms and JP rules: an earlier transactional test's
    flush removed the rows the data migration wrote, and the demo's catalogue needs them."""
    shipped = importlib.import_module(
        "tangguh.development.migrations.0002_default_forms_rules_duties"
    )
    shipped.load(apps, None)
    call_command("demo", stdout=io.StringIO())


def _year() -> int:
    return timezone.localdate().year


def _watch_csp(page: Any) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def _charts_drawn(page: Any, count: int) -> None:
    charts = page.locator("[data-chart]")
    expect(charts).to_have_count(count)
    for i in range(count):
        expect(charts.nth(i)).to_have_attribute("data-drawn", "true")
        box = charts.nth(i).locator("canvas").first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150, box


def _shoot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CHECKS) == [], page.url
    page.wait_for_timeout(600)
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    assert path.stat().st_size < 900_000, f"{path.name} is {path.stat().st_size} bytes"


def _revisions() -> list[tuple[int, str, str | None, str | None]]:
    return list(
        BudgetRevision.objects.filter(institution__code="35", fiscal_year=_year())
        .order_by("number")
        .values_list("number", "status", "entered_by__username", "decided_by__username")
    )


def _bad_sheet(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Kode Instansi", "Tahun Anggaran", "Jenis Revisi", "Total Anggaran",
                  "Alokasi Pengembangan Kompetensi"])  # fmt: skip
    sheet.append(["35.78", _year(), "Pergeseran", 50_000_000_000, 90_000_000])
    sheet.append(["35.15", _year(), "Pergeseran", 40_000_000_000, -5])
    sheet.append(["34.04", _year(), "Pergeseran", 40_000_000_000, 70_000_000])
    book.save(path)
    return path


def test_a_budget_approved_by_a_second_person(new_page, login, shots_dir, tmp_path):  # type: ignore[no-untyped-def]
    year = _year()
    assert _revisions()[-1][:3] == (2, RevisionStatus.SUBMITTED, "operator.jatim")
    page = new_page()
    violations = _watch_csp(page)
    login(page, "admin.jatim")

    # The province's list: its own budget and its regencies' and cities'.
    page.goto("/pengembangan/anggaran/")
    assert_shows(page, lang="id", heading=f"Anggaran · tahun anggaran {year}", texts=("Kota Surabaya",))  # fmt: skip
    _charts_drawn(page, 1)
    _shoot(page, shots_dir / "development-budgets-list-desktop.png")
    page.get_by_test_id("budgets-table").get_by_role("link", name="Jawa Timur", exact=True).click()
    page.wait_for_url(f"**/anggaran/35/{year}/")
    expect(page.get_by_test_id("status-2")).to_have_text("Menunggu persetujuan")

    # A negative allocation: refused on its field, nothing saved.
    before = _revisions()
    page.get_by_test_id("new-revision").click()
    page.get_by_label("Jenis revisi").select_option("shift")
    page.get_by_label("Total anggaran (Rp)").fill("48.000.000.000.000")
    page.get_by_label("Alokasi pengembangan kompetensi (Rp)").fill("-150.000.000.000")
    page.get_by_role("button", name="Simpan untuk disetujui").click()
    expect(page.get_by_test_id("error-development_allocation")).to_contain_text(
        "tidak boleh negatif"
    )
    _shoot(page, shots_dir / "development-budgets-negative-refused-desktop.png")
    assert _revisions() == before

    # A shift by the administrator: awaiting, and theirs is not theirs to approve.
    page.get_by_label("Alokasi pengembangan kompetensi (Rp)").fill("Rp 150.000.000.000")
    page.get_by_label("Dokumen").fill("Pergub Jatim No. 40 Tahun 2026 tentang Pergeseran Anggaran")
    page.get_by_role("button", name="Simpan untuk disetujui").click()
    page.wait_for_url(f"**/anggaran/35/{year}/")
    expect(page.get_by_test_id("status-3")).to_have_text("Menunggu persetujuan")
    page.get_by_test_id("decide-3").get_by_role("button", name="Setujui").click()
    expect(page.locator(".messages .message-error")).to_contain_text("administrator lain")
    assert _revisions()[2][:4] == (3, RevisionStatus.SUBMITTED, "admin.jatim", None)

    # The operator's APBD-P: approved by the administrator, a second person.
    page.get_by_test_id("decide-2").get_by_role("button", name="Setujui").click()
    expect(page.get_by_test_id("status-2")).to_have_text("Disetujui")
    assert _revisions()[1] == (2, RevisionStatus.APPROVED, "operator.jatim", "admin.jatim")

    # The national administrator approves the administrator's shift.
    other = new_page()
    login(other, "nasional")
    other.goto(f"/pengembangan/anggaran/35/{year}/")
    other.get_by_test_id("decide-3").get_by_role("button", name="Setujui").click()
    expect(other.get_by_test_id("status-3")).to_have_text("Disetujui")
    assert _revisions()[2] == (3, RevisionStatus.APPROVED, "admin.jatim", "nasional")

    # The page: the shift's figures, per civil servant, realisation, the revisions.
    page.reload()
    jatim = Institution.objects.get(code="35")
    (f,) = figures_for([jatim], year)
    assert f.development_allocation == Decimal("150000000000")
    expect(page.get_by_test_id("allocation")).to_have_text(rupiah(f.development_allocation))
    expect(page.get_by_test_id("per-person")).to_have_text(rupiah(f.per_civil_servant))
    expect(page.get_by_test_id("realisation")).to_have_text(rupiah(f.realisation))
    assert f.realisation > 0, "the demo's sessions this year give the page a realisation"
    expect(page.get_by_test_id("revisions").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("pieces").locator("tbody tr").first).to_contain_text("Rp")
    _charts_drawn(page, 1)
    _shoot(page, shots_dir / "development-budgets-budget-desktop.png")

    # Every piece of the realisation, each linked to its session.
    page.get_by_test_id("realisation-link").click()
    page.wait_for_url(f"**/anggaran/35/{year}/realisasi/")
    expect(page.get_by_test_id("pieces").locator("tbody tr")).to_have_count(len(f.realised.pieces))
    assert not violations, violations


def test_a_budget_sheet_with_bad_rows_is_refused_whole(new_page, login, shots_dir, tmp_path):  # type: ignore[no-untyped-def]
    before = BudgetRevision.objects.count()
    page = new_page()
    violations = _watch_csp(page)
    login(page, "operator.jatim")
    page.goto("/pengembangan/anggaran/impor/")
    page.get_by_label("Lembar anggaran (XLSX atau CSV)").set_input_files(
        str(_bad_sheet(tmp_path / "anggaran-jatim.xlsx"))
    )
    page.get_by_role("button", name="Unggah").click()
    expect(page.get_by_test_id("import-refused")).to_be_visible()
    problems = page.get_by_test_id("problems").locator("tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("tidak boleh negatif")
    expect(problems.nth(1)).to_contain_text("di luar cakupan")
    _shoot(page, shots_dir / "development-budgets-import-refused-desktop.png")
    assert BudgetRevision.objects.count() == before
    assert not violations, violations


def test_the_nation_by_province_and_a_budget_on_a_phone(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    year = _year()
    page = new_page()
    violations = _watch_csp(page)
    login(page, "auditor.nasional")
    page.goto(f"/pengembangan/anggaran/nasional/?tahun={year - 4}")
    assert_shows(page, lang="id", heading=f"Anggaran nasional · tahun anggaran {year - 4}")
    expect(page.get_by_test_id("province-table").locator("tbody tr")).to_have_count(38)
    _charts_drawn(page, 1)
    _shoot(page, shots_dir / "development-budgets-national-desktop.png")

    phone = new_page(viewport=PHONE)
    phone_violations = _watch_csp(phone)
    login(phone, "admin.surabaya")
    phone.goto(f"/pengembangan/anggaran/35.78/{year}/")
    assert_shows(phone, lang="id", heading="Kota Surabaya", texts=("Realisasi", "Per ASN"))
    _charts_drawn(phone, 1)
    _shoot(phone, shots_dir / "development-budgets-budget-phone.png")
    assert horizontal_overflow(phone) == 0
    assert not violations and not phone_violations, violations + phone_violations
    # Another province's budget is not Surabaya's to read.
    response = phone.goto(f"/pengembangan/anggaran/34.04/{year}/")
    assert response is not None and response.status == 404
