"""Gap closure in the browser: an institution's administrator goes from its gaps to
their closure over the years (the line chart drawn, the table of each year); a
province's administrator reads one of its cities on a phone without sideways
scrolling; a civil servant is refused. Screenshots go to docs/screenshots/ with
TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_institution_follows_its_gaps_to_their_closure(
    page: Any, login: Any, shots_dir: Path
) -> None:
    login(page, "admin.surabaya")
    page.goto("/kompetensi/kesenjangan/")
    page.get_by_test_id("closure-link").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/penutupan/\?institution=35\.78$"))
    expect(page.locator("main h1")).to_have_text(re.compile("Penutupan kesenjangan", re.I))
    expect(page.get_by_test_id("closure-institution")).to_have_text("Kota Surabaya")
    expect(page.get_by_test_id("chart")).to_have_attribute("data-drawn", "true")
    table = page.get_by_test_id("closure-table")
    this_year = table.locator("tbody tr").first
    expect(this_year.locator("th")).to_contain_text(str(date.today().year))
    # The demo's first results fall last year, the reassessments this year: gaps open
    # on 31 December and some of them closed since.
    cells = this_year.locator("td")
    expect(cells.nth(0)).not_to_have_text("0")
    expect(cells.nth(1)).not_to_have_text("0")
    expect(cells.nth(4)).to_have_text(re.compile(r"^\d+(,\d)? %$"))
    page.wait_for_timeout(1500)  # the chart's one-second animation, for the picture only
    page.screenshot(path=str(shots_dir / "competency-closure.png"), full_page=True)
    # And back to the gaps.
    page.get_by_test_id("gaps-link").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/kesenjangan/\?institution=35\.78$"))


def test_a_province_reads_a_city_on_a_phone(phone_page: Any, login: Any, shots_dir: Path) -> None:
    page = phone_page
    login(page, "admin.jatim")
    page.goto("/kompetensi/penutupan/")
    expect(page.get_by_test_id("closure-institution")).to_have_text("Jawa Timur")
    page.select_option("#institution-select", "35.78")
    page.get_by_test_id("institution-form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"institution=35\.78"))
    expect(page.get_by_test_id("closure-institution")).to_have_text("Kota Surabaya")
    expect(page.get_by_test_id("chart")).to_have_attribute("data-drawn", "true")
    expect(page.get_by_test_id("closure-table").locator("tbody tr").first).to_be_visible()
    assert horizontal_overflow(page) <= 0
    page.wait_for_timeout(1500)  # the chart's one-second animation, for the picture only
    page.screenshot(path=str(shots_dir / "competency-closure-phone.png"), full_page=True)


def test_a_civil_servant_is_refused(page: Any, login: Any) -> None:
    login(page, "pegawai.surabaya")
    response = page.goto("/kompetensi/penutupan/")
    assert response is not None and response.status == 403
