"""Steps shared by the end-to-end tests (imported by tests, also offered as fixtures)."""

from typing import Any

from tangguh.accounts.demo import DEMO_PASSWORD

LOGIN_PATH = "/akun/masuk/"
DASHBOARD_PATH = "/beranda/"


def login(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait for the dashboard."""
    page.goto(LOGIN_PATH)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(f"**{DASHBOARD_PATH}")


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no sideways scrolling).

    Measured once the page has loaded; a page caught between two documents (a click that
    navigates) is measured again once the new one is there."""
    script = """() => {
        const root = document.scrollingElement || document.documentElement;
        return root && document.body ? root.scrollWidth - document.documentElement.clientWidth : null;
    }"""
    for _ in range(20):
        page.wait_for_load_state("load")
        try:
            width = page.evaluate(script)
        except Exception as exc:  # the document went away while it was measured
            if "context was destroyed" not in str(exc):
                raise
            width = None
        if width is not None:
            return int(width)
        page.wait_for_timeout(100)
    raise AssertionError(f"{page.url} never finished loading to be measured")


def assert_shows(page: Any, *, lang: str, heading: str, texts: tuple[str, ...] = ()) -> None:
    """What a page (and so its screenshot) shows: the language it is in (``<html lang>``),
    its heading (``<h1>``, exactly), and each of ``texts`` among the rendered text of the
    page's main part (``innerText``: nothing hidden counts)."""
    page.wait_for_load_state("load")
    shown_lang = page.locator("html").get_attribute("lang")
    assert shown_lang == lang, f"{page.url} is in {shown_lang!r}, not {lang!r}"
    shown_heading = page.locator("main h1").inner_text().strip()
    assert shown_heading == heading, f"{page.url} is headed {shown_heading!r}, not {heading!r}"
    shown = " ".join(page.locator("main").inner_text().split())
    missing = [text for text in texts if " ".join(text.split()) not in shown]
    assert not missing, f"not shown on {page.url}: {missing}"
