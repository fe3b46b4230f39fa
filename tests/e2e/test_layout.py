"""The layout on a phone and the sidebar on a desktop."""

import pytest
from playwright.sync_api import expect

from .helpers import horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("username", ["pegawai.surabaya", "nasional"])
def test_phone_dashboard_has_no_horizontal_overflow(phone_page, username):
    login(phone_page, username)
    expect(phone_page.get_by_test_id("my-institution")).to_be_visible()
    assert horizontal_overflow(phone_page) <= 0


def test_phone_institution_pages_have_no_horizontal_overflow(phone_page):
    login(phone_page, "nasional")
    for path in ("/instansi/", "/instansi/35/", "/instansi/35.78/"):
        phone_page.goto(path)
        assert horizontal_overflow(phone_page) <= 0, path


def test_phone_login_page_fits(phone_page):
    phone_page.goto("/akun/masuk/")
    assert horizontal_overflow(phone_page) <= 0
    expect(phone_page.get_by_role("button", name="Masuk")).to_be_in_viewport()


def test_current_page_is_marked_in_navigation(page):
    login(page, "admin.jatim")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_role("link", name="Beranda")).to_have_attribute("aria-current", "page")
    nav.get_by_role("link", name="Instansi").click()
    expect(nav.get_by_role("link", name="Instansi")).to_have_attribute("aria-current", "page")
