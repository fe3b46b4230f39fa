"""Competency gaps in the browser: an institution's administrator reads its gaps (the
heat map drawn, the table below), narrows them by kind and by work unit, downloads the
XLSX and opens one person's gaps; the same pages on a phone without sideways
scrolling; a province's administrator reads its institutions. Screenshots go to
docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tangguh.competencies.gaps import person_gaps
from tangguh.people.models import Employee

from .helpers import horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PEGAWAI_NIP = "198507122010012003"


def _summary(page: Any) -> None:
    page.goto("/kompetensi/kesenjangan/")
    expect(page.locator("main h1")).to_have_text(re.compile("Kesenjangan Kompetensi", re.I))
    expect(page.get_by_test_id("scope")).to_contain_text("Surabaya")
    expect(page.get_by_test_id("heatmap")).to_have_attribute("data-drawn", "true")
    expect(page.get_by_test_id("gap-table").locator("tbody tr").first).to_be_visible()


def test_an_institution_reads_its_gaps_and_opens_a_person(
    page: Any, phone_page: Any, login: Any, shots_dir: Path
) -> None:
    login(page, "admin.surabaya")
    _summary(page)
    # The heat map is a canvas the size of its rows; the managerial rows are there.
    table = page.get_by_test_id("gap-table")
    expect(table.locator("tr[data-code='M.01']")).to_be_visible()
    expect(table.locator("tr[data-code='S.01']")).to_be_visible()
    page.screenshot(path=str(shots_dir / "competency-gaps.png"), full_page=True)

    # Narrowed to the managerial competencies: the socio-cultural row goes.
    page.select_option("#f-kind", "managerial")
    page.get_by_test_id("gap-filters").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"kind=managerial"))
    expect(table.locator("tr[data-code='S.01']")).to_have_count(0)
    expect(table.locator("tr[data-code='M.01']")).to_be_visible()
    expect(page.get_by_test_id("heatmap")).to_have_attribute("data-drawn", "true")

    # One unit's column opens that unit (its sub-units, or itself).
    first_unit = page.get_by_test_id("gap-matrix").locator("thead a").first
    unit_name = (first_unit.text_content() or "").strip()
    first_unit.click()
    expect(page).to_have_url(re.compile(r"unit=\d+"))
    expect(page.get_by_test_id("scope")).to_contain_text(unit_name)

    # The download holds the same competencies.
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    codes = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "M.01" in codes and "S.01" not in codes

    # One person's gaps, by NIP: the page says what the rule says.
    page.goto("/kompetensi/kesenjangan/")
    page.locator("#f-nip").fill(PEGAWAI_NIP)
    page.get_by_test_id("nip-form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"/kompetensi/pegawai/{PEGAWAI_NIP}/$"))
    gaps = person_gaps(Employee.objects.get(nip=PEGAWAI_NIP))
    assert gaps, "the demo gives the civil servant's position a standard"
    rows = page.get_by_test_id("person-gaps").locator("tbody tr")
    expect(rows).to_have_count(len(gaps))
    for g in gaps:
        row = page.get_by_test_id("person-gaps").locator(f"tr[data-code='{g.code}']")
        expect(row.locator("td").nth(1)).to_have_text(str(g.required))
        expect(row.locator("td").nth(2)).to_have_text("—" if g.current is None else str(g.current))
    expect(page.get_by_test_id("short-count")).to_have_text(str(sum(1 for g in gaps if g.gap)))
    page.screenshot(path=str(shots_dir / "competency-gaps-person.png"), full_page=True)

    # On a phone: both pages fit the screen's width.
    login(phone_page, "admin.surabaya")
    _summary(phone_page)
    assert horizontal_overflow(phone_page) == 0
    phone_page.screenshot(path=str(shots_dir / "competency-gaps-phone.png"), full_page=True)
    phone_page.goto(f"/kompetensi/pegawai/{PEGAWAI_NIP}/")
    expect(phone_page.get_by_test_id("person-gaps")).to_be_visible()
    assert horizontal_overflow(phone_page) == 0
    phone_page.screenshot(path=str(shots_dir / "competency-gaps-person-phone.png"), full_page=True)


def test_a_province_reads_its_institutions_and_a_civil_servant_is_refused(
    page: Any, new_page: Any, login: Any, shots_dir: Path
) -> None:
    login(page, "admin.jatim")
    page.goto("/kompetensi/kesenjangan/")
    expect(page.get_by_test_id("scope")).to_contain_text("Jawa Timur")
    matrix = page.get_by_test_id("gap-matrix")
    expect(matrix.locator("thead th", has_text="Surabaya")).to_have_count(1)
    expect(page.get_by_test_id("heatmap")).to_have_attribute("data-drawn", "true")
    page.screenshot(path=str(shots_dir / "competency-gaps-province.png"), full_page=True)

    other = new_page()
    login(other, "pegawai.surabaya")
    response = other.goto("/kompetensi/kesenjangan/")
    assert response is not None and response.status == 403
