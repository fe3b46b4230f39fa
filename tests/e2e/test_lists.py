"""Lists people expect: sort by a column, the count and "page N of M", filters applied and
reset, the filters behind a button on a phone, the institution picker of the import form,
and dashboard cards that open the list they count.

``TANGGUH_SCREENSHOTS=1`` writes docs/screenshots/lists-*.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REGISTER = "/pegawai/"
PAGE_SIZE = 50
WAIT = 20_000  # ms: a list page swapped in after a click, on a busy machine


def _count(page: Any) -> Any:
    return page.get_by_test_id("result-count")


def _number(page: Any) -> int:
    """The exact count the list states ("1.560 ASN")."""
    text = _count(page).inner_text()
    match = re.search(r"([\d.]+) ASN", text)
    assert match, text
    return int(match.group(1).replace(".", ""))


def _names(page: Any) -> list[str]:
    return page.locator("#results tbody tr .person-link").all_inner_texts()


def _pages(n: int) -> int:
    return -(-n // PAGE_SIZE)


def test_sort_count_pages_filter_and_reset(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    page = new_page()
    login(page, "operator.jatim")
    page.goto(REGISTER)
    total = _number(page)
    assert total > PAGE_SIZE
    expect(page.get_by_test_id("page-of")).to_contain_text(f"halaman 1 dari {_pages(total)}")
    name = page.locator("th", has_text="Nama")
    expect(name).to_have_attribute("aria-sort", "ascending")
    ascending = _names(page)

    # Name, descending: the header says so, and the rows come the other way round.
    name.get_by_role("link").click()
    expect(page.locator("th", has_text="Nama")).to_have_attribute(
        "aria-sort", "descending", timeout=WAIT
    )
    descending = _names(page)
    assert descending[0] not in ascending  # the other end of the register
    page.get_by_role("link", name=re.compile("Berikutnya")).click()
    expect(page.get_by_test_id("page-of")).to_contain_text(
        f"halaman 2 dari {_pages(total)}", timeout=WAIT
    )
    expect(page).to_have_url(re.compile("sort=-name"))
    assert _names(page)[0] not in descending[:1]

    # A filter narrows the list (the sort stays) and keeps its value; reset clears it.
    with page.expect_response(lambda r: "status=active" in r.url):
        page.get_by_role("combobox", name="Status", exact=True).select_option("active")
    expect(page.get_by_test_id("page-of")).to_contain_text("halaman 1 dari")
    active = _number(page)
    assert 0 < active <= total
    expect(page).to_have_url(re.compile("sort=-name"))
    page.reload()
    expect(page.get_by_role("combobox", name="Status", exact=True)).to_have_value("active")
    assert _number(page) == active
    page.screenshot(path=str(shots_dir / "lists-register-desktop.png"))
    page.get_by_test_id("reset-filters").click()
    expect(page.get_by_role("combobox", name="Status", exact=True)).to_have_value("")
    assert _number(page) == total
    expect(page.locator("th", has_text="Nama")).to_have_attribute("aria-sort", "descending")


def test_on_a_phone_the_filters_are_behind_a_button(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    page = new_page(viewport=PHONE)
    login(page, "operator.jatim")
    page.goto(f"{REGISTER}?status=active")
    search = page.get_by_role("searchbox", name="Cari")
    expect(search).to_be_hidden()
    # The results come first: the count is on the first screen, the button says a filter applies.
    expect(_count(page)).to_be_in_viewport()
    toggle = page.get_by_test_id("filter-toggle")
    expect(toggle).to_contain_text("1")
    page.screenshot(path=str(shots_dir / "lists-register-phone.png"))
    toggle.click()
    expect(search).to_be_visible()
    # No headers on a phone (the rows are cards): the sort is a select in the panel.
    with page.expect_response(lambda r: "sort=-name" in r.url):
        page.get_by_role("combobox", name="Urutkan menurut").select_option("-name")
    expect(_count(page)).to_be_visible()
    expect(page).to_have_url(re.compile(r"(?=.*sort=-name)(?=.*status=active)"))
    page.screenshot(path=str(shots_dir / "lists-register-filters-phone.png"))
    page.goto("/instansi/")
    expect(page.get_by_role("searchbox", name="Cari")).to_be_hidden()
    expect(page.get_by_test_id("filter-toggle")).to_be_visible()
    page.screenshot(path=str(shots_dir / "lists-institutions-phone.png"))


def test_national_admin_picks_the_institution_of_an_import_by_typing(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    page = new_page()
    login(page, "nasional")
    page.goto("/pegawai/impor/")
    picker = page.get_by_test_id("picker-institution")
    expect(picker.locator("input[type=radio]:checked")).to_have_count(0)  # no default
    with page.expect_response(lambda r: "/instansi/pilih/" in r.url and "cari=surab" in r.url):
        page.get_by_label("Instansi", exact=True).fill("surab")
    option = picker.get_by_role("radio", name=re.compile("Kota Surabaya"))
    option.check()
    expect(option).to_be_checked()
    chosen = page.evaluate("new FormData(document.querySelector('form.form')).get('institution')")
    assert chosen == "35.78"
    page.screenshot(path=str(shots_dir / "lists-import-picker-desktop.png"), full_page=True)
    # Searching again keeps the choice first and checked.
    with page.expect_response(lambda r: "cari=sleman" in r.url):
        page.get_by_label("Instansi", exact=True).fill("sleman")
    expect(picker.get_by_role("radio", name=re.compile("Kota Surabaya"))).to_be_checked()
    expect(picker.get_by_role("radio", name=re.compile("Kabupaten Sleman"))).to_be_visible()


def _card(page: Any, label: str) -> Any:
    return page.locator("li.stat", has=page.locator(".stat-label", has_text=label))


@pytest.mark.parametrize(
    ("label", "path"),
    [
        ("Pemerintah daerah", "/instansi/?group=regional"),
        ("Kementerian dan lembaga", "/instansi/?group=central"),
        ("ASN aktif", "/pegawai/?status=active"),
    ],
)
def test_a_dashboard_card_opens_the_list_it_counts(new_page, login, label, path, shots_dir):  # type: ignore[no-untyped-def]
    page = new_page()
    login(page, "nasional")
    card = _card(page, label)
    if path.startswith("/pegawai/"):
        page.screenshot(path=str(shots_dir / "lists-dashboard-desktop.png"), full_page=True)
    value = card.locator(".stat-value").inner_text().strip()
    card.get_by_role("link").click()
    page.wait_for_url(f"**{path}")
    expect(_count(page)).to_contain_text(f"{value} ")


def test_the_institutions_list_sorts_and_resets(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    page = new_page()
    login(page, "nasional")
    page.goto("/instansi/?group=central")
    expect(page.get_by_role("combobox", name="Tingkat")).to_have_value("central")
    page.locator("th", has_text="Nama").get_by_role("link").click()
    expect(page.locator("th", has_text="Nama")).to_have_attribute("aria-sort", "ascending")
    names = page.locator("#results tbody tr td:nth-child(2) a").all_inner_texts()
    assert names == sorted(names, key=str.casefold) or names[0] < names[-1]
    page.screenshot(path=str(shots_dir / "lists-institutions-desktop.png"))
    page.get_by_test_id("reset-filters").click()
    expect(_count(page)).to_contain_text("627")
