"""Certification reports in the browser: charts drawn, tables beside them, no CSP report.

The national administrator opens the roll-up by province (two bar charts and the
table), follows Jawa Timur to its regencies and cities, then one city; Jawa Timur's
administrator reads the same on a phone (its own tree only, nothing wider than the
screen); Surabaya's operator downloads the certificates expiring within 90 days.
Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tangguh.accounts.models import User
from tangguh.certification import metrics
from tangguh.certification.metrics import Period
from tangguh.certification.models import Outcome
from tangguh.certification.selectors_reports import expiring_certificates
from tangguh.institutions.models import Institution
from tests.certification.factories import CertificateFactory
from tests.certification.reports_data import camat, participate

from .helpers import assert_shows, horizontal_overflow
from .test_accessibility import CHECKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _spread() -> None:
    """The demo's batches (2020 to 2025, several provinces), plus three serving camat of
    Kota Surabaya, two of them certified with certificates that expire in 20 and 50 days."""
    today = timezone.localdate()
    for n, name in enumerate(("Camat Uji Genteng", "Camat Uji Bubutan", "Camat Uji Tegalsari")):
        person = camat("35.78", name)
        if n < 2:
            participation = participate(
                "35.78",
                exam=today - timedelta(days=900),
                outcome=Outcome.CERTIFIED,
                employee=person,
            )
            CertificateFactory(
                participation=participation,
                issued_on=today - timedelta(days=3 * 365 - 20 - 30 * n),
                expires_on=today + timedelta(days=20 + 30 * n),
            )


def _expected(user_code: str | None = None) -> tuple[Any, ...]:
    """What the pages must show, from the metrics (tested on their own): the provinces
    with participations in the default period, and Surabaya's camat coverage."""
    period = Period.default()
    provinces = metrics.participants(period, by=metrics.PROVINCE)
    coverage = metrics.camat_coverage(timezone.localdate())[
        Institution.objects.get(code="35.78").pk
    ]
    percent = Decimal(100 * coverage.certified / coverage.serving).quantize(0, ROUND_HALF_UP)
    return len(provinces), f"{coverage.certified}/{coverage.serving}", f"{percent} %"


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
        # ECharts drew on a canvas of the chart's size: something is on screen.
        box = charts.nth(i).locator("canvas").first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150, box


def _shoot(page: Any, path: Path) -> None:
    """The page's structure checked (one h1, labelled fields, no duplicate id…), then shot."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CHECKS) == [], page.url
    page.wait_for_timeout(600)  # the bars' short animation
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    assert path.stat().st_size < 600_000, f"{path.name} is {path.stat().st_size} bytes"


def test_national_roll_up_province_and_city_on_a_desktop(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    _spread()
    provinces, covered, percent = _expected()
    assert provinces >= 3, "the demo has batches in several provinces"
    page = new_page()
    violations = _watch_csp(page)
    login(page, "nasional")
    page.get_by_role("link", name="Laporan sertifikasi").first.click()
    page.wait_for_url("**/sertifikasi/laporan/")
    assert_shows(
        page, lang="id", heading="Laporan sertifikasi", texts=("Per provinsi", "Jawa Timur")
    )
    _charts_drawn(page, 2)
    table = page.get_by_test_id("province-table")
    expect(table.locator("tbody tr")).to_have_count(provinces)
    _shoot(page, shots_dir / "certification-report-national-desktop.png")

    table.get_by_role("link", name="Jawa Timur").click()
    page.wait_for_url("**/sertifikasi/laporan/provinsi/35/**")
    assert_shows(
        page, lang="id", heading="Jawa Timur", texts=("Per kabupaten dan kota", "Kota Surabaya")
    )
    _charts_drawn(page, 2)
    regencies = page.get_by_test_id("regency-table")
    expect(regencies.locator("tbody tr").filter(has_text="Kota Surabaya")).to_contain_text(covered)
    _shoot(page, shots_dir / "certification-report-province-desktop.png")

    regencies.get_by_role("link", name="Kota Surabaya").click()
    page.wait_for_url("**/sertifikasi/laporan/instansi/35.78/**")
    _charts_drawn(page, 2)
    expect(page.get_by_test_id("figure-coverage")).to_have_text(percent)
    _shoot(page, shots_dir / "certification-report-institution-desktop.png")
    assert not violations, violations


def test_province_administrator_on_a_phone_in_english(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    _spread()
    page = new_page(locale="en-US", viewport={"width": 390, "height": 844})
    violations = _watch_csp(page)
    login(page, "admin.jatim")
    page.goto("/sertifikasi/laporan/")
    rows = page.get_by_test_id("province-table").locator("tbody tr")
    expect(rows).to_have_count(1)  # its own tree only
    expect(page.get_by_test_id("partial-note")).to_be_visible()
    _charts_drawn(page, 2)
    assert horizontal_overflow(page) == 0
    _shoot(page, shots_dir / "certification-report-national-phone.png")

    page.goto("/sertifikasi/laporan/provinsi/35/?period=nonsense")
    expect(page.get_by_test_id("period-error")).to_contain_text("is not a period")
    page.get_by_role("textbox", name="Period").fill("2020-2030")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("period-error")).to_contain_text("between")
    page.get_by_role("link", name=str(timezone.localdate().year), exact=True).click()
    assert_shows(page, lang="en", heading="Jawa Timur", texts=("By regency and city",))
    page.get_by_role(
        "link", name=f"{timezone.localdate().year - 2}-{timezone.localdate().year}"
    ).click()
    _charts_drawn(page, 2)
    assert horizontal_overflow(page) == 0
    _shoot(page, shots_dir / "certification-report-province-phone.png")
    assert not violations, violations


def test_expiring_certificates_listed_and_downloaded(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    _spread()
    page = new_page(viewport={"width": 390, "height": 844})
    violations = _watch_csp(page)
    login(page, "operator.surabaya")
    page.goto("/sertifikasi/laporan/akan-berakhir/")
    user = User.objects.get(username="operator.surabaya")
    expiring = list(expiring_certificates(user=user))
    assert len(expiring) >= 2
    rows = page.get_by_test_id("expiring-table").locator("tbody tr")
    expect(rows).to_have_count(len(expiring))
    expect(rows.first).to_contain_text(expiring[0].number)
    assert horizontal_overflow(page) == 0
    _shoot(page, shots_dir / "certification-expiring-phone.png")
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [c.number for c in expiring]
    assert not violations, violations
