"""Position standards in the browser: Kota Surabaya's administrator opens the standards
from the menu, sets the institution's own default for a tier, sets a position's own
items (a government competency P.01 for an administrator's position), imports a
standards sheet with bad rows (refused whole, each row named, nothing changed), then a
good one, and downloads the standards in the same columns; the pages read on a phone
without sideways scrolling. Screenshots go to docs/screenshots/ with
TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from tangguh.competencies.models import StandardItem
from tangguh.people.models import Position, PositionKind

from .helpers import horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sheet(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["Jabatan", "Kode Kompetensi", "Level"])
    for row in rows:
        ws.append(list(row))
    workbook.save(path)
    return path


def _surabaya_items() -> list[tuple[str, str, int]]:
    return sorted(
        StandardItem.objects.filter(institution__code="35.78").values_list(
            "tier", "code", "required_level"
        )
    ) + sorted(
        StandardItem.objects.filter(position__institution__code="35.78").values_list(
            "position__name", "code", "required_level"
        )
    )


def _positions() -> tuple[Position, Position]:
    found = list(
        Position.objects.filter(institution__code="35.78", kind=PositionKind.ADMINISTRATOR)
        .exclude(standard_items__code__in=["P.01", "M.02"])
        .order_by("name")[:2]
    )
    assert len(found) == 2, "the demo has administrators' positions in Surabaya"
    return found[0], found[1]


def _shot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def test_an_administrator_sets_imports_and_exports_position_standards(
    page: Any, phone_page: Any, login: Any, shots_dir: Path, tmp_path: Path
) -> None:
    first, second = _positions()
    login(page, "admin.surabaya")
    page.get_by_role("link", name=re.compile("Standar kompetensi jabatan", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/kompetensi/standar/$"))
    grid = page.get_by_test_id("tier-grid")
    expect(grid.locator("tbody tr").first).to_be_visible()
    _shot(page, shots_dir / "competency-standards.png")

    # The institution's own default for the administrator tier.
    page.get_by_test_id("tier-administrator").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/standar/jenjang/administrator/"))
    _shot(page, shots_dir / "competency-standard-tier.png")
    page.locator("[id='id_level_M.04']").select_option("4")
    page.get_by_test_id("tier-form").get_by_role("button", name=re.compile("Simpan")).click()
    expect(page).to_have_url(re.compile(r"/kompetensi/standar/$"))
    expect(page.locator(".message, .messages").first).to_be_visible()
    cell = grid.locator("tr[data-code='M.04'] td[data-tier='administrator']")
    expect(cell).to_have_text("4")
    expect(cell).to_have_class(re.compile("std-own"))
    assert (
        StandardItem.objects.filter(
            institution__code="35.78", position__isnull=True, tier="administrator", code="M.04"
        ).values_list("required_level", flat=True)[0]
        == 4
    )

    # A position's own item: the government competency P.01.
    page.goto("/kompetensi/standar/jabatan/")
    page.locator("#id_q").fill(first.name)
    page.get_by_role("button", name=re.compile("Cari")).click()
    _shot(page, shots_dir / "competency-positions.png")
    page.get_by_role("link", name=first.name, exact=True).click()
    expect(page.locator("main h1")).to_have_text(first.name)
    expect(page.get_by_test_id("level-M.04")).to_have_text("4")
    expect(page.get_by_test_id("level-P.01")).to_have_text("—")
    page.locator("[id='id_level_P.01']").select_option("3")
    page.get_by_test_id("position-form").get_by_role("button").click()
    expect(page.get_by_test_id("level-P.01")).to_have_text("3")
    _shot(page, shots_dir / "competency-position-standard.png")

    # A sheet with bad rows: refused whole, each row named, nothing changed.
    before = _surabaya_items()
    page.goto("/kompetensi/standar/impor/")
    _shot(page, shots_dir / "competency-standards-import.png")
    bad = _sheet(
        tmp_path / "standar-salah.xlsx",
        [
            (second.name, "P.01", 2),
            ("Jabatan Yang Tidak Ada", "M.01", 3),
            (second.name, "X.99", 3),
            (second.name, "M.02", 7),
        ],
    )
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("import-refused")).to_be_visible()
    problems = page.get_by_test_id("problems").locator("tbody tr")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text("Jabatan Yang Tidak Ada")
    expect(problems.nth(1)).to_contain_text("X.99")
    expect(problems.nth(2)).to_contain_text("7")
    assert [problems.nth(i).locator("td").first.inner_text() for i in range(3)] == ["3", "4", "5"]
    _shot(page, shots_dir / "competency-standards-import-refused.png")
    assert _surabaya_items() == before

    # The good sheet.
    page.goto("/kompetensi/standar/impor/")
    good = _sheet(tmp_path / "standar.xlsx", [(second.name, "P.01", 2), (second.name, "M.02", 4)])
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    expect(page.get_by_test_id("import-summary")).to_contain_text("2")
    own = dict(StandardItem.objects.filter(position=second).values_list("code", "required_level"))
    assert own == {"P.01": 2, "M.02": 4}

    # The download: the same columns, with what was set.
    page.goto("/kompetensi/standar/")
    with page.expect_download() as info:
        page.get_by_test_id("export-link").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    rows = [r[:3] for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == ("Jabatan", "Kode Kompetensi", "Level")
    assert (first.name, "P.01", 3) in rows
    assert (second.name, "M.02", 4) in rows
    assert (first.name, "M.04", 4) in rows
    assert (first.name, "M.01", 3) in rows  # the national default, untouched

    # On a phone: no sideways scrolling on the grid, a position, the import's problems.
    login(phone_page, "admin.surabaya")
    for path, name in (
        ("/kompetensi/standar/", "competency-standards-phone.png"),
        (f"/kompetensi/standar/jabatan/{first.pk}/", "competency-position-standard-phone.png"),
        ("/kompetensi/standar/jabatan/", "competency-positions-phone.png"),
        ("/kompetensi/standar/jenjang/administrator/", "competency-standard-tier-phone.png"),
        ("/kompetensi/standar/impor/", "competency-standards-import-phone.png"),
    ):
        phone_page.goto(path)
        expect(phone_page.locator("main h1")).to_be_visible()
        assert horizontal_overflow(phone_page) == 0, path
        _shot(phone_page, shots_dir / name)
    phone_page.goto("/kompetensi/standar/impor/")
    phone_page.locator("#id_file").set_input_files(str(bad))
    phone_page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(phone_page.get_by_test_id("import-refused")).to_be_visible()
    assert horizontal_overflow(phone_page) == 0
    _shot(phone_page, shots_dir / "competency-standards-import-refused-phone.png")
