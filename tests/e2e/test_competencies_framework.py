"""The competency dictionary in the browser: the national administrator opens the
dictionary from the menu, starts version 2 of the national dictionary, edits one
level's text of M.05, publishes it (version 1 is superseded), and what was made
against version 1 — the national default standards and an assessment — still names
version 1. A civil servant reads a competency's five levels on a phone without
sideways scrolling. Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1,
else to a temporary folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tangguh.competencies.models import Competency, FrameworkVersion, StandardItem

from .helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_TEXT = "Menata ulang alur layanan unitnya berdasarkan keluhan dan survei kepuasan."


def _shot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def _national(number: int) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__owner__isnull=True, number=number)


def test_a_national_administrator_publishes_a_dictionary_version(
    page: Any, phone_page: Any, login: Any, shots_dir: Path
) -> None:
    from tests.competencies.factories import AssessmentFactory, competency

    v1 = _national(1)
    old_m05 = competency("M.05")
    assessment = AssessmentFactory(competency=old_m05, code="M.05")

    login(page, "nasional")
    page.get_by_role("link", name=re.compile("Kamus kompetensi", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/kompetensi/kamus/$"))
    national = page.get_by_test_id("dictionary-national")
    expect(national.locator("tr[data-version='1'] [data-testid=version-status]")).to_have_text(
        "Diterbitkan"
    )
    expect(page.get_by_test_id("in-force-table").locator("tr[data-code='P.01']")).to_be_visible()
    assert_shows(page, lang="id", heading="Kamus kompetensi", texts=("Kompetensi yang berlaku",))
    _shot(page, shots_dir / "competency-dictionary-desktop.png")

    # Start version 2: a draft holding a copy of version 1.
    national.get_by_test_id("start-draft").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/kamus/\d+/$"))
    expect(page.get_by_test_id("version-status")).to_have_text("Draf")
    expect(page.get_by_test_id("competencies-table").locator("tbody tr")).to_have_count(10)
    _shot(page, shots_dir / "competency-dictionary-draft-desktop.png")

    # Edit level 3 of M.05.
    page.get_by_test_id("edit-M.05").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/kamus/\d+/M\.05/ubah/$"))
    field = page.locator("#id_level_3_description")
    expect(field).to_have_value(re.compile(r"\S"))
    _shot(page, shots_dir / "competency-dictionary-edit-desktop.png")
    field.fill("")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("form-error")).to_be_visible()
    expect(page.locator("[data-field=level_3_description] .field-error")).to_be_visible()
    assert Competency.objects.get(version__number=2, version__framework__owner__isnull=True,
                                  code="M.05").levels.get(level=3).description  # fmt: skip
    page.locator("#id_level_3_description").fill(NEW_TEXT)
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/kamus/\d+/M\.05/$"))
    expect(page.get_by_test_id("level-3-description")).to_have_text(NEW_TEXT)
    expect(page.get_by_test_id("summary-note")).to_have_count(0)

    # Publish: version 2 is in force, version 1 superseded.
    page.get_by_role("link", name=re.compile(r"v2")).first.click()
    page.locator("#id_note").fill("Uraian level 3 Pelayanan Publik diperbarui.")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Diterbitkan")
    expect(page.get_by_test_id("version-label")).to_have_text("national v2")
    _shot(page, shots_dir / "competency-dictionary-published-desktop.png")

    page.get_by_role("link", name="Kamus kompetensi").first.click()
    national = page.get_by_test_id("dictionary-national")
    expect(national.locator("tr[data-version='1'] [data-testid=version-status]")).to_have_text(
        "Digantikan"
    )
    expect(national.locator("tr[data-version='2'] [data-testid=version-status]")).to_have_text(
        "Diterbitkan"
    )
    national.locator("tr[data-version='1'] a").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Digantikan")
    page.get_by_test_id("competencies-table").locator("tr[data-code='M.05'] a").first.click()
    expect(page.get_by_test_id("level-3-description")).not_to_have_text(NEW_TEXT)

    # What was made against version 1 still names version 1.
    v1.refresh_from_db()
    assert v1.status == "superseded" and _national(2).status == "published"
    standard = StandardItem.objects.get(institution__isnull=True, tier="administrator", code="M.05")
    assert standard.competency.version.number == 1
    assessment.refresh_from_db()
    assert assessment.competency.version.number == 1
    assert competency("M.05").levels.get(level=3).description == NEW_TEXT

    # A civil servant reads the new version on a phone.
    login(phone_page, "pegawai.surabaya")
    phone_page.goto("/kompetensi/kamus/")
    expect(phone_page.get_by_test_id("in-force-table")).to_be_visible()
    assert horizontal_overflow(phone_page) == 0
    expect(phone_page.get_by_test_id("start-draft")).to_have_count(0)
    _shot(phone_page, shots_dir / "competency-dictionary-phone.png")
    phone_page.get_by_test_id("in-force-table").locator("tr[data-code='M.05'] a").click()
    expect(phone_page.get_by_test_id("level-3-description")).to_have_text(NEW_TEXT)
    expect(phone_page.get_by_test_id("levels").locator("li.level-card")).to_have_count(5)
    assert horizontal_overflow(phone_page) == 0
    _shot(phone_page, shots_dir / "competency-dictionary-competency-phone.png")


def test_an_institution_administrator_edits_on_a_phone(
    phone_page: Any, login: Any, shots_dir: Path
) -> None:
    """Kota Surabaya's administrator starts its own technical dictionary on a phone; a
    national code is refused with a sentence and nothing is saved."""
    login(phone_page, "admin.surabaya")
    phone_page.goto("/kompetensi/kamus/")
    expect(phone_page.get_by_test_id("start-draft")).to_have_count(0)
    phone_page.get_by_test_id("start-own").click()
    expect(phone_page.get_by_test_id("version-status")).to_have_text("Draf")
    phone_page.get_by_test_id("add-competency").click()
    expect(phone_page.locator("#id_code")).to_be_visible()
    assert horizontal_overflow(phone_page) == 0
    phone_page.locator("#id_code").fill("M.01")
    phone_page.locator("#id_name").fill("Pengelolaan Arsip Dinamis")
    phone_page.locator("#id_definition").fill("Mengelola arsip dinamis sesuai ketentuan.")
    for n in range(1, 6):
        phone_page.locator(f"#id_level_{n}_description").fill(f"Uraian level {n}.")
    phone_page.get_by_test_id("save").click()
    expect(phone_page.locator("[data-field=code] .field-error")).to_contain_text(
        "kamus kompetensi nasional"
    )
    assert not Competency.objects.filter(version__framework__owner__code="35.78").exists()
    assert horizontal_overflow(phone_page) == 0
    _shot(phone_page, shots_dir / "competency-dictionary-edit-phone.png")
    phone_page.locator("#id_code").fill("T.35.01")
    phone_page.get_by_test_id("save").click()
    expect(
        phone_page.get_by_test_id("competencies-table").locator("tr[data-code='T.35.01']")
    ).to_be_visible()
    assert Competency.objects.filter(
        version__framework__owner__code="35.78", code="T.35.01"
    ).exists()
