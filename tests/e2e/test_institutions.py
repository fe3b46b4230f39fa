"""The institutions directory: live search, filters, and the hierarchy on detail pages."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LIST = "/instansi/"


def _rows(page):
    return page.locator("#results tbody tr")


def test_live_search_updates_results_without_reload(page, login):
    login(page, "nasional")
    page.goto(LIST)
    expect(page.locator("h1")).to_have_text("Instansi")
    # A marker on window survives only if the page is not reloaded.
    page.evaluate("window.__noReload = true")
    with page.expect_response(
        lambda r: "q=surabaya" in r.url and r.request.headers.get("hx-request")
    ):
        page.get_by_role("searchbox", name="Cari").fill("surabaya")
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first).to_contain_text("Kota Surabaya")
    assert page.evaluate("window.__noReload === true")
    # The search is in the address bar, so it can be shared.
    expect(page).to_have_url(re.compile("q=surabaya"))


def test_filter_by_kind_and_province(page, login):
    login(page, "nasional")
    page.goto(LIST)
    page.evaluate("window.__noReload = true")
    with page.expect_response(lambda r: "kind=kota" in r.url):
        page.get_by_role("combobox", name="Jenis", exact=True).select_option("kota")
    expect(page.locator("#results .result-count")).to_contain_text("98")
    with page.expect_response(lambda r: "parent_code=35" in r.url):
        page.get_by_role("combobox", name="Provinsi", exact=True).select_option(label="Jawa Timur")
    expect(_rows(page)).to_have_count(9)
    for name in ("Kota Surabaya", "Kota Malang", "Kota Batu"):
        expect(page.locator("#results")).to_contain_text(name)
    expect(page.locator("#results tbody")).not_to_contain_text("Kabupaten")
    assert page.evaluate("window.__noReload === true")


def test_province_page_lists_its_regencies_and_cities(page, login):
    login(page, "nasional")
    page.goto(LIST + "?q=jawa+timur")
    page.locator("#results").get_by_role("link", name="Jawa Timur", exact=True).click()
    page.wait_for_url("**/instansi/35/")
    expect(page.locator("h1")).to_have_text("Jawa Timur")
    children = page.get_by_test_id("children").locator("li")
    expect(children).to_have_count(38)
    expect(page.get_by_test_id("children")).to_contain_text("Kota Surabaya")


def test_city_breadcrumb_leads_to_its_province(page, login):
    login(page, "admin.jatim")
    page.goto(LIST + "35.78/")
    expect(page.locator("h1")).to_have_text("Kota Surabaya")
    crumbs = page.get_by_role("navigation", name="Jejak navigasi")
    expect(crumbs.get_by_role("link", name="Jawa Timur")).to_have_attribute("href", LIST + "35/")
    crumbs.get_by_role("link", name="Jawa Timur").click()
    page.wait_for_url("**/instansi/35/")
    expect(page.locator("h1")).to_have_text("Jawa Timur")


def test_kind_chips_count_and_filter(page, login):
    login(page, "nasional")
    page.goto(LIST)
    chips = page.get_by_test_id("kind-chips")
    expect(chips).to_contain_text("38")  # provinces
    expect(chips).to_contain_text("416")  # regencies
    chips.get_by_role("link", name="Kota").click()
    expect(page.locator("#results .result-count")).to_contain_text("98")
    expect(page.get_by_role("combobox", name="Jenis", exact=True)).to_have_value("kota")
