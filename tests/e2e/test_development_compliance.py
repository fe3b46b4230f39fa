"""The 20-JP duty in the browser: a civil servant's own progress on a phone, and the
drill-down national → province → institution → unit → names on a desktop, with the
charts drawn, the tables beside them, the XLSX downloaded and no CSP report.
Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import importlib
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from openpyxl import load_workbook
from playwright.sync_api import expect

from tangguh.accounts.models import User
from tangguh.development import compliance
from tangguh.development.models import LedgerEntry
from tangguh.development.selectors_compliance import my_development
from tangguh.development.templatetags.development_compliance import jp_figure
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee
from tests.development.compliance_helpers import credit, this_year

from .helpers import assert_shows, horizontal_overflow
from .test_accessibility import CHECKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PEGAWAI_NIP = "198507122010012003"


@pytest.fixture(autouse=True)
def _shipped_forms(transactional_db: None) -> None:
    """The forms, JP rules and duties migration 0002 ships: a transactional test before
    this one flushed them, and the demo (run next) needs them."""
    shipped = importlib.import_module(
        "tangguh.development.migrations.0002_default_forms_rules_duties"
    )
    shipped.load(django_apps, None)


def _credits() -> Employee:
    """Some JP this year for Surabaya's people and a few elsewhere, so every level has
    something to show; pegawai.surabaya keeps the demo's ledger (below 20 JP this year),
    or gets 12 JP this year and 20 last year where the demo has none."""
    me = Employee.objects.get(nip=PEGAWAI_NIP)
    if not LedgerEntry.objects.filter(employee=me).exists():
        credit(me, 8, date(this_year(), 2, 10))
        credit(me, 4, date(this_year(), 3, 3))
        credit(me, 20, date(this_year() - 1, 5, 5))
    for n, person in enumerate(
        Employee.objects.filter(institution__code="35.78").exclude(pk=me.pk)[:12]
    ):
        if n % 3:
            credit(person, 8 + n * 2)
    for code in ("35", "34.04"):
        for n, person in enumerate(Employee.objects.filter(institution__code=code)[:6]):
            credit(person, 5 + n * 4)
    return me


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


def _shoot(page: Any, path: Path, *, full_page: bool = True) -> None:
    """The page's structure checked (one h1, labelled fields…), then shot; a page with a
    long table is shot to the first screen only (``full_page=False``)."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CHECKS) == [], page.url
    page.wait_for_timeout(600)
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    assert path.stat().st_size < 600_000, f"{path.name} is {path.stat().st_size} bytes"


def test_a_civil_servant_sees_their_progress_on_a_phone(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    me = _credits()
    mine = my_development(user=User.objects.get(username="pegawai.surabaya"))
    assert mine.current is not None and mine.current.jp < 20, "the bar must mean something"
    jp, left = jp_figure(mine.current.jp), jp_figure(mine.current.remaining)
    entries = LedgerEntry.objects.filter(employee=me, year=this_year()).count()
    page = new_page(viewport={"width": 390, "height": 844})
    violations = _watch_csp(page)
    login(page, "pegawai.surabaya")
    page.goto("/pengembangan/saya/")
    assert_shows(
        page,
        lang="id",
        heading="Pengembangan saya",
        texts=(f"{jp} dari 20 JP", f"{left} JP lagi tahun ini."),
    )
    expect(page.get_by_test_id("jp-progress")).to_have_attribute("value", str(mine.current.percent))
    expect(page.get_by_test_id("my-entries").locator("li")).to_have_count(entries)
    if mine.past:
        expect(page.get_by_test_id("past-years")).to_contain_text(str(mine.past[0].year))
    _shoot(page, shots_dir / "development-compliance-my-phone.png")
    assert horizontal_overflow(page) == 0
    assert not violations, violations


def test_national_drill_down_to_the_names_on_a_desktop(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    me = _credits()
    surabaya = Institution.objects.get(code="35.78")
    figures = compliance.summaries(this_year(), [surabaya.pk])[surabaya.pk]
    page = new_page()
    violations = _watch_csp(page)
    login(page, "nasional")
    page.goto("/pengembangan/kepatuhan-jp/")
    assert_shows(page, lang="id", heading="Kewajiban 20 JP", texts=("Per provinsi", "Jawa Timur"))
    _charts_drawn(page, 1)
    _shoot(page, shots_dir / "development-compliance-national-desktop.png")
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert "35" in [row[0].value for row in sheet.iter_rows(min_row=2)]

    page.get_by_test_id("province-table").get_by_role("link", name="Jawa Timur").click()
    page.wait_for_url("**/kepatuhan-jp/provinsi/35/**")
    _charts_drawn(page, 1)
    row = (
        page.get_by_test_id("institution-table")
        .locator("tbody tr")
        .filter(has_text="Kota Surabaya")
    )
    expect(row).to_contain_text(str(figures.civil_servants))
    _shoot(page, shots_dir / "development-compliance-province-desktop.png", full_page=False)

    row.get_by_role("link", name="Kota Surabaya").click()
    page.wait_for_url("**/kepatuhan-jp/instansi/35.78/**")
    expect(page.get_by_test_id("figure-civil-servants")).to_have_text(str(figures.civil_servants))
    expect(page.get_by_test_id("figure-reached")).to_have_text(str(figures.reached))
    _charts_drawn(page, 1)
    _shoot(page, shots_dir / "development-compliance-institution-desktop.png", full_page=False)

    unit_name = me.work_unit.path if me.work_unit else "Tanpa unit kerja"
    page.get_by_test_id("unit-table").get_by_role("link", name=unit_name, exact=True).click()
    page.wait_for_url("**/unit/**")
    people = page.get_by_test_id("people-table")
    mine = my_development(user=User.objects.get(username="pegawai.surabaya"))
    assert mine.current is not None
    expect(people.locator("tbody tr").filter(has_text=PEGAWAI_NIP)).to_contain_text(
        jp_figure(mine.current.jp)
    )
    _shoot(page, shots_dir / "development-compliance-unit-desktop.png")
    assert not violations, violations


def test_a_province_administrator_in_english_on_a_phone(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    _credits()
    page = new_page(locale="en-US", viewport={"width": 390, "height": 844})
    violations = _watch_csp(page)
    login(page, "admin.jatim")
    page.goto("/pengembangan/kepatuhan-jp/")
    expect(page.get_by_test_id("partial-note")).to_be_visible()
    expect(page.get_by_test_id("province-table").locator("tbody tr")).to_have_count(1)
    _charts_drawn(page, 1)
    assert horizontal_overflow(page) == 0
    page.get_by_role("combobox", name="Year").select_option(str(this_year() - 1))
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**year={this_year() - 1}**")
    assert_shows(page, lang="en", heading="20-JP duty", texts=("By province",))
    _shoot(page, shots_dir / "development-compliance-national-phone.png")
    assert not violations, violations
