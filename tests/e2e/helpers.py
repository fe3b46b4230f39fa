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
    """How many CSS pixels the page is wider than the viewport (0: no sideways scrolling)."""
    return int(
        page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
    )
