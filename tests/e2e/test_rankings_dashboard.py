"""The Rakornas dashboard in the browser: every chart drawn beside its table, the
published winners, the province selector, the printable report and the workbook.

The national administrator reads the dashboard on a desktop, picks Jawa Timur in the
selector and reads its regencies and cities, then downloads the PDF report (its first
page rendered to PNG) and the workbook; Surabaya's civil servant reads the same
dashboard on a phone, in English, without links to publish and nothing wider than the
screen. Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a
temporary folder.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tangguh.rankings.models import Category, Publication

from .helpers import assert_shows, horizontal_overflow
from .test_accessibility import CHECKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _watch_csp(page: Any) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def _charts_drawn(page: Any, count: int) -> None:
    """``count`` charts at least (a trend is drawn only where someone has a value), each
    drawn on a canvas and pointing at the table with its figures."""
    charts = page.locator("[data-chart]")
    expect(charts.nth(count - 1)).to_be_attached()
    count = charts.count()
    for i in range(count):
        expect(charts.nth(i)).to_have_attribute("data-drawn", "true")
        box = charts.nth(i).locator("canvas").first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150, box
        # The chart names the table that gives its figures, and that table exists.
        table_id = charts.nth(i).get_attribute("aria-describedby")
        expect(page.locator(f"table#{table_id}")).to_have_count(1)


def _shoot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CHECKS) == [], page.url
    page.wait_for_timeout(600)  # the charts' short animation
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def test_national_admin_reads_the_dashboard_a_province_and_the_report(  # type: ignore[no-untyped-def]
    new_page, login, shots_dir
):
    active = Category.objects.filter(is_active=True).count()
    published = Publication.objects.values("category").distinct().count()
    page = new_page()
    violations = _watch_csp(page)
    login(page, "nasional")
    page.get_by_role("link", name="Dasbor Rakornas").first.click()
    page.wait_for_url("**/peringkat/")
    assert_shows(
        page, lang="id", heading="Dasbor Rakornas", texts=("Jawa Timur", "Tren lima teratas")
    )
    expect(page.get_by_test_id("panel")).to_have_count(active)
    _charts_drawn(page, 2 * active)  # the leaders' bars and their trend, per category
    expect(page.get_by_test_id("leaders").first.locator("tbody tr")).to_have_count(10)
    # The presets as the demo publishes them: the winners named, compared with today.
    expect(page.locator('[data-testid="same"], [data-testid="differs"]')).to_have_count(published)
    expect(page.get_by_test_id("unpublished")).to_have_count(active - published)
    peserta = page.locator('[data-category="rakornas-2022-peserta-sertifikasi"]')
    expect(peserta.get_by_test_id("leaders").locator("tbody tr").nth(1)).to_contain_text(
        "Jawa Timur"  # second, as at Rakornas 2022
    )
    expect(page.get_by_test_id("publish-link")).to_have_count(active)
    _shoot(page, shots_dir / "rankings-dashboard-desktop.png")

    page.get_by_label("Kabupaten dan kota suatu provinsi").select_option("35")
    page.get_by_test_id("province-form").get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**/peringkat/provinsi/35/")
    assert_shows(page, lang="id", heading="Peringkat di Jawa Timur", texts=("Kota Surabaya",))
    _charts_drawn(page, active)  # a trend only where a regency has a value
    expect(page.get_by_test_id("published")).to_have_count(0)  # nobody publishes this view
    _shoot(page, shots_dir / "rankings-province-desktop.png")

    page.goto("/peringkat/")
    with page.expect_download() as pdf_download:
        page.get_by_test_id("report-pdf").click()
    pdf = shots_dir / "rankings-report.pdf"
    pdf_download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert b"Laporan Rakornas" in text and b"Jawa Timur" in text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(shots_dir / "rankings-report"),
        ],
        check=True,
    )
    assert (shots_dir / "rankings-report-1.png").stat().st_size > 20_000  # drawn, not blank

    with page.expect_download() as xlsx_download:
        page.get_by_test_id("report-xlsx").click()
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert len(book.sheetnames) == active + 1
    assert not violations, violations


def test_civil_servant_reads_it_on_a_phone_in_english(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    active = Category.objects.filter(is_active=True).count()
    page = new_page(locale="en-US", viewport={"width": 390, "height": 844})
    violations = _watch_csp(page)
    login(page, "pegawai.surabaya")
    page.goto("/peringkat/")
    assert_shows(page, lang="en", heading="Rakornas dashboard", texts=("Trend of the first five",))
    _charts_drawn(page, 2 * active)
    expect(page.get_by_test_id("publish-link")).to_have_count(0)
    assert horizontal_overflow(page) == 0
    _shoot(page, shots_dir / "rankings-dashboard-phone.png")

    page.goto("/peringkat/provinsi/35/")
    _charts_drawn(page, active)
    assert horizontal_overflow(page) == 0
    _shoot(page, shots_dir / "rankings-province-phone.png")
    assert not violations, violations
