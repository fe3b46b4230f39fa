"""Indonesian first, English second: the switch, and that the choice sticks."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import LOGIN_PATH

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_indonesian_by_default_on_the_login_page(page):
    page.goto(LOGIN_PATH)
    assert page.locator("html").get_attribute("lang") == "id"
    expect(page.get_by_role("button", name="Masuk")).to_be_visible()


def test_switch_to_english_and_back(page, login):
    login(page, "admin.jatim")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "id")
    expect(page.get_by_role("navigation", name="Navigasi utama")).to_contain_text("Beranda")

    page.get_by_test_id("lang-en").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.get_by_test_id("lang-en")).to_have_attribute("aria-pressed", "true")

    # The choice persists on another page.
    page.get_by_role("link", name="Institutions").first.click()
    page.wait_for_url("**/instansi/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Institutions")

    page.get_by_test_id("lang-id").click()
    expect(html).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_have_text("Instansi")
    # ...and back on the dashboard, still Indonesian; the switch returned to the same page.
    assert page.url.endswith("/instansi/")
    page.get_by_role("link", name="Beranda").first.click()
    expect(html).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_contain_text("Selamat datang")


def test_switching_language_keeps_a_live_search(page, login):
    login(page, "nasional")
    page.goto("/instansi/")
    with page.expect_response(lambda r: "q=malang" in r.url):
        page.get_by_role("searchbox", name="Cari").fill("malang")
    expect(page).to_have_url(re.compile(r"/instansi/\?q=malang"))
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/instansi/\?q=malang"))
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("malang")
