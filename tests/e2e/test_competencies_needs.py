"""The needs analysis (AKPK) in the browser: Kota Surabaya's administrator opens
"Analisis kebutuhan (AKPK)" from the menu, computes this year's draft from the gaps,
adjusts a line (a negative JP is refused on its field, nothing saved), recomputes
(the adjustment is kept), files it (the buttons go), and downloads the XLSX and the
PDF the institution files; the pages read on a phone. Screenshots go to
docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tangguh.competencies.models import NeedsAnalysis, NeedsStatus
from tests.pdf_tools import first_page_png

from .conftest import PHONE
from .helpers import horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def test_an_institution_produces_adjusts_files_and_downloads_its_akpk(
    page: Any, new_page: Any, login: Any, shots_dir: Path, tmp_path: Path
) -> None:
    year = date.today().year
    NeedsAnalysis.objects.filter(institution__code="35.78", year=year).delete()

    login(page, "admin.surabaya")
    page.get_by_role("link", name="Analisis kebutuhan (AKPK)").first.click()
    expect(page).to_have_url(re.compile(r"/kompetensi/akpk/$"))
    _shot(page, shots_dir / "needs-list.png")
    page.get_by_test_id("needs-create").click()
    page.fill("#id_year", str(year))
    page.get_by_role("button", name="Hitung draf").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/akpk/\d+/$"))
    analysis = NeedsAnalysis.objects.get(institution__code="35.78", year=year)
    lines = page.get_by_test_id("needs-lines").locator("tbody tr")
    expect(lines).to_have_count(analysis.lines.count())
    assert analysis.lines.count() > 0, "the demo's people fall short somewhere"
    expect(page.get_by_test_id("needs-status")).to_have_text("Draf")
    _shot(page, shots_dir / "needs-detail.png")

    # Adjust the first line: a negative JP is refused, then a sensible figure is kept.
    first = analysis.lines.order_by("priority", "code").first()
    assert first is not None
    page.get_by_test_id(f"edit-{first.code}").click()
    expect(page.get_by_test_id("needs-line-form")).to_be_visible()
    page.fill("#id_estimated_jp", "-5")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("error-estimated_jp")).to_be_visible()
    first.refresh_from_db()
    before_jp = first.estimated_jp
    assert before_jp >= 0
    _shot(page, shots_dir / "needs-line-refused.png")
    page.fill("#id_estimated_jp", "16")
    page.fill("#id_estimated_cost", "12500000")
    page.fill("#id_note", "Coaching oleh atasan langsung")
    page.get_by_role("button", name="Simpan").click()
    expect(page).to_have_url(re.compile(rf"/kompetensi/akpk/\d+/#line-{re.escape(first.code)}$"))
    row = page.locator(f"tr[data-code='{first.code}']")
    expect(row).to_contain_text("Coaching oleh atasan langsung")
    expect(row).to_contain_text("Rp 12.500.000")

    # Recompute: the adjustment stays.
    page.get_by_test_id("needs-recompute").click()
    expect(page.locator(".messages, [role=status]").first).to_be_visible()
    expect(page.locator(f"tr[data-code='{first.code}']")).to_contain_text("Coaching oleh atasan")
    first.refresh_from_db()
    assert first.estimated_jp == Decimal("16")

    # File it: frozen, no more buttons to change it.
    page.get_by_test_id("needs-file").click()
    expect(page.get_by_test_id("needs-status")).to_have_text("Ditetapkan")
    expect(page.get_by_test_id("needs-recompute")).to_have_count(0)
    expect(page.get_by_test_id(f"edit-{first.code}")).to_have_count(0)
    assert NeedsAnalysis.objects.get(pk=analysis.pk).status == NeedsStatus.FILED
    _shot(page, shots_dir / "needs-filed.png")

    # The documents an institution files.
    with page.expect_download() as got:
        page.get_by_test_id("needs-xlsx").click()
    xlsx = tmp_path / got.value.suggested_filename
    got.value.save_as(xlsx)
    assert xlsx.name == f"akpk-3578-{year}.xlsx"
    rows = list(load_workbook(io.BytesIO(xlsx.read_bytes())).active.iter_rows(values_only=True))
    assert any(r[0] == "Status" and r[1] == "Ditetapkan" for r in rows if r)
    assert any(r[1] == first.code and r[-1] == "Coaching oleh atasan langsung" for r in rows if r)

    with page.expect_download() as got:
        page.get_by_test_id("needs-pdf").click()
    pdf = tmp_path / got.value.suggested_filename
    got.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    png = first_page_png(pdf, tmp_path)
    (shots_dir / "needs-pdf.png").write_bytes(png.read_bytes())

    # On a phone: the list and the analysis read without sideways scrolling.
    phone = new_page(viewport=PHONE)
    login(phone, "admin.surabaya")
    phone.goto("/kompetensi/akpk/")
    expect(phone.get_by_test_id("needs-table")).to_contain_text("Kota Surabaya")
    assert horizontal_overflow(phone) == 0
    _shot(phone, shots_dir / "needs-list-phone.png")
    phone.goto(f"/kompetensi/akpk/{analysis.pk}/")
    expect(phone.get_by_test_id("needs-lines")).to_be_visible()
    assert horizontal_overflow(phone) == 0
    _shot(phone, shots_dir / "needs-detail-phone.png")
