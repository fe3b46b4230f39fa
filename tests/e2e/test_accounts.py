"""Signing in, as every demo role, and the keyboard path through the login page."""

import pytest
from playwright.sync_api import expect

from .helpers import DASHBOARD_PATH, LOGIN_PATH

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JATIM, SURABAYA, KEMENDAGRI = "Jawa Timur", "Kota Surabaya", "Kementerian Dalam Negeri"


ROLES = [
    ("nasional", KEMENDAGRI),
    ("auditor.nasional", KEMENDAGRI),
    ("admin.jatim", JATIM),
    ("operator.jatim", JATIM),
    ("asesor.jatim", JATIM),
    ("auditor.jatim", JATIM),
    ("admin.surabaya", SURABAYA),
    ("operator.surabaya", SURABAYA),
    ("pegawai.surabaya", SURABAYA),
]


def test_each_role_signs_in_and_sees_its_institution(new_page, login):
    # One test for all roles (the demo is loaded once), each in a fresh browser context;
    # every role is tried and all failures are reported together.
    failures = {}
    for username, institution in ROLES:
        page = new_page()
        try:
            login(page, username)
            expect(page.get_by_test_id("my-institution")).to_have_text(institution)
            expect(page.locator("h1")).to_contain_text("Selamat datang")
            expect(page.get_by_role("button", name="Keluar")).to_be_visible()
        except AssertionError as exc:
            failures[username] = str(exc).splitlines()[0]
        finally:
            page.context.close()
    assert not failures, failures


def test_wrong_password_shows_the_error(page, login):
    page.goto(LOGIN_PATH)
    page.locator("#id_username").fill("admin.jatim")
    page.locator("#id_password").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")
    assert page.url.endswith(LOGIN_PATH)
    # The username is kept, the password is not.
    expect(page.locator("#id_username")).to_have_value("admin.jatim")
    expect(page.locator("#id_password")).to_have_value("")


def test_dashboard_needs_sign_in(page):
    page.goto(DASHBOARD_PATH)
    assert LOGIN_PATH in page.url
    expect(page.locator("#id_username")).to_be_visible()


def test_sign_out(page, login):
    login(page, "operator.surabaya")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"**{LOGIN_PATH}")
    page.goto(DASHBOARD_PATH)
    assert LOGIN_PATH in page.url


def _focused(page) -> str:
    return page.evaluate(
        "(() => { const e = document.activeElement; return e.id || e.className || e.tagName; })()"
    )


def _focus_page_start(page) -> None:
    # The login form autofocuses the username; start instead from the top of the document,
    # as a keyboard user who tabs through the page from its beginning.
    page.evaluate(
        "(() => { const h = document.documentElement; h.tabIndex = -1; h.focus();"
        " h.removeAttribute('tabindex'); })()"
    )


def test_keyboard_reaches_skip_link_then_login_fields(page):
    page.goto(LOGIN_PATH)
    assert _focused(page) == "id_username", "the login form starts in the username field"
    _focus_page_start(page)
    page.keyboard.press("Tab")
    assert "skip-link" in _focused(page)
    skip = page.locator(".skip-link")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is on screen"
    seen = []
    for _ in range(10):
        page.keyboard.press("Tab")
        seen.append(_focused(page))
        if seen[-1] == "id_password":
            break
    assert "id_username" in seen and seen[-1] == "id_password", seen
    # The skip link jumps to the main content.
    _focus_page_start(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert _focused(page) == "main"
