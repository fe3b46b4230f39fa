"""The Content-Security-Policy in a real browser: the main pages break none of it.

Chromium reports every blocked script, style, image or eval in the console
("Refused to ... because it violates the following Content Security Policy
directive"); the pages are walked with htmx at work, and any such report fails.
"""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def watch(page: Any) -> list[str]:
    """Collect the CSP violations the page reports, from now on."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def visit(page: Any, path: str, then: Callable[[Any], None] | None = None) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"], path
    if then:
        then(page)
    page.wait_for_load_state("networkidle")
    # htmx's indicator style would be an inline <style>: it is switched off (base.html).
    assert page.evaluate("document.querySelectorAll('style').length") == 0, path


def test_the_watch_catches_a_violation(page):
    # The check below would be worthless if a blocked inline script went unnoticed.
    violations = watch(page)
    page.goto("/akun/masuk/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert violations, "an inline script must be blocked and reported"


def _search_institutions(page: Any) -> None:
    with page.expect_response(lambda r: "q=surabaya" in r.url):
        page.get_by_role("searchbox", name="Cari").fill("surabaya")
    expect(page.locator("#results tbody tr")).to_have_count(1)


def _search_people(page: Any) -> None:
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request")):
        page.locator("input[name=q]").fill("siti")


def _open_first_person(page: Any) -> None:
    page.locator("#results tbody a").first.click()
    page.wait_for_url("**/pegawai/*/")


def _create_token(page: Any) -> None:
    page.locator("form[action$='/akun/token/baru/'] input[name=name]").fill("skrip laptop")
    page.locator("form[action$='/akun/token/baru/'] button[type=submit]").click()
    expect(page.get_by_test_id("new-token")).to_contain_text("tgh_")


def test_main_pages_of_staff_break_no_rule(page):
    violations = watch(page)
    visit(page, "/akun/masuk/")
    login(page, "admin.surabaya")
    visit(page, "/beranda/")
    visit(page, "/instansi/", _search_institutions)
    visit(page, "/instansi/35.78/")
    visit(page, "/pegawai/", _search_people)
    visit(page, "/pegawai/", _open_first_person)
    visit(page, "/pegawai/impor/")
    visit(page, "/pegawai/mutasi/")
    visit(page, "/akun/token/", _create_token)
    visit(page, "/audit/")
    assert not violations, violations


def test_pages_of_a_civil_servant_break_no_rule(page):
    violations = watch(page)
    login(page, "pegawai.surabaya")
    visit(page, "/beranda/")
    visit(page, "/pegawai/saya/")
    visit(page, "/akun/token/")
    assert not violations, violations


def test_pages_of_a_visitor_break_no_rule(page):
    violations = watch(page)
    visit(page, "/instansi/", _search_institutions)
    response = page.goto("/halaman-yang-tidak-ada/")
    assert response.status == 404
    assert not violations, violations
