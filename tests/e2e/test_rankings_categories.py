"""Award categories in a browser: the national administrator reads a preset's ranking
on the demo data, follows a value to its records (which add up to it) and defines a
category (a period that ends before it starts refused on its field first); a civil
servant on a phone sees the ranking and the value without the records behind it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("TANGGUH_SHOTS_B", "/tmp/shots_b"))
PRESET = "rakornas-2022-peserta-sertifikasi"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_a_preset_its_drill_down_and_a_new_category(page: Any, login: Any) -> None:
    login(page, "nasional")
    page.goto("/peringkat/kategori/")
    assert_shows(page, lang="id", heading="Kategori penghargaan", texts=("Peserta sertifikasi",))
    shot(page, "categories_desktop")

    page.goto(f"/peringkat/kategori/{PRESET}/")
    rows = page.locator("[data-testid=ranking] tbody tr")
    assert rows.count() == 38  # every province, the ones with nobody examined too
    first, second = rows.nth(0), rows.nth(1)
    assert "Jawa Tengah" in first.inner_text().title() and first.get_attribute("data-rank") == "1"
    assert "Jawa Timur" in second.inner_text().title() and second.get_attribute("data-rank") == "2"
    assert page.locator("[data-testid=winner]").count() >= 3
    assert "2020-2022" in page.locator("[data-testid=method]").inner_text()
    shot(page, "category_desktop")

    value = page.locator("tr[data-institution='35'] td.num").nth(1).inner_text()
    page.locator("tr[data-institution='35'] a").click()
    page.wait_for_url(f"**/kategori/{PRESET}/rincian/35/**")
    assert number(page.locator("[data-testid=value]").inner_text()) == number(value)
    records = page.locator("[data-testid=records] tbody tr")
    if records.count():  # the metric lists its records: they add up to the value
        assert number(page.locator("[data-testid=total]").inner_text()) == number(value)
    shot(page, "explain_desktop")

    page.goto("/peringkat/kategori/baru/")
    page.fill("#id_code", "peserta-2023-kota")
    page.fill("#id_name_id", "Peserta Sertifikasi Terbanyak 2023 (Kota)")
    page.fill("#id_name_en", "Most certification participants 2023 (cities)")
    page.select_option("#id_metric", "certification_participants")
    page.fill("#id_first_year", "2023")
    page.fill("#id_last_year", "2021")
    page.check("input[name=competitor_kinds][value=kota]")
    page.locator("[data-testid=category-save]").click()
    error = page.locator("[data-field=last_year] .field-error")
    assert error.inner_text() == "Periode berakhir sebelum dimulai."
    shot(page, "category_form_refused_desktop")
    page.fill("#id_last_year", "2023")
    page.locator("[data-testid=category-save]").click()
    page.wait_for_url("**/kategori/peserta-2023-kota/")
    assert page.locator("[data-testid=ranking] tbody tr").count() == 98  # every city

    # The same page in English, through the ID/EN switch.
    page.goto(f"/peringkat/kategori/{PRESET}/")
    page.locator("[data-testid=lang-en]").click()
    page.wait_for_load_state("load")
    assert_shows(
        page,
        lang="en",
        heading="Government competency certification: most participants, 2020–2022",
        texts=("How it is computed", "Equal values share a rank and the next rank is skipped"),
    )
    shot(page, "category_desktop_en")


def test_a_civil_servant_on_a_phone(phone_page: Any, login: Any) -> None:
    page = phone_page
    login(page, "pegawai.surabaya")
    page.goto(f"/peringkat/kategori/{PRESET}/")
    assert page.locator("[data-testid=ranking] tbody tr").count() == 38
    assert page.locator("[data-testid=category-edit]").count() == 0
    assert page.locator("[data-testid=publish-form]").count() == 0
    assert horizontal_overflow(page) == 0
    shot(page, "category_phone")
    page.goto(f"/peringkat/kategori/{PRESET}/rincian/35/")
    expect(page.locator("[data-testid=records-hidden]")).to_be_visible()
    assert page.locator("[data-testid=records]").count() == 0
    assert horizontal_overflow(page) == 0
    shot(page, "explain_phone")
    page.goto("/peringkat/kategori/")
    assert horizontal_overflow(page) == 0
    shot(page, "categories_phone")
