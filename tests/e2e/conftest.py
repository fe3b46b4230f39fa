"""End-to-end fixtures: one headless Chromium per run, a fresh browser context per test.

Reuse them from any ``tests/e2e/test_*.py``::

    pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

    def test_people_list(page, login):
        login(page, "operator.jatim")          # demo users, see tangguh.accounts.demo
        page.goto("/pegawai/")                  # paths are relative to the live server

``page`` loads the demo (``tangguh demo``: institutions and demo users) into the
database first: the live server needs committed rows, so these tests are
transactional and the database is flushed after each one.

Chromium is Debian's (/usr/bin/chromium, or $TANGGUH_CHROMIUM); Playwright's own
browser download is not used. Without the browser the tests skip, unless
TANGGUH_REQUIRE_E2E=1 (CI), where a missing browser is a failure.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders

from . import demo_snapshot
from .helpers import login as _login

CHROMIUM = Path(os.environ.get("TANGGUH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test in this folder is end-to-end, even if a new file forgets its pytestmark.
    for item in items:
        if E2E_DIR in Path(item.path).parents and not item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason: str) -> None:
    if os.environ.get("TANGGUH_REQUIRE_E2E") == "1":
        pytest.fail(f"{reason} (TANGGUH_REQUIRE_E2E=1: end-to-end tests may not skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed")
    # Playwright's sync API marks its event loop as running on this thread, which trips
    # Django's guard against ORM calls from async code (fixtures and the DB flush run here).
    # Nothing here is async, so the guard is lifted while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def static_files() -> Iterator[None]:
    """The live server serves src/tangguh/static through the normal finders; fail loudly if not."""
    assert finders.find("css/tangguh.css"), "STATICFILES_DIRS must list src/tangguh/static"
    yield


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """The deterministic demo: real institutions and one user per role, loaded by the
    run's first test and copied back for the others (``demo_snapshot.py``)."""
    demo_snapshot.load()


@pytest.fixture
def new_page(
    browser: Any, live_server: Any, static_files: None, demo_data: None
) -> Iterator[Callable[..., Any]]:
    """A factory for pages in fresh contexts: ``new_page(locale="en-US", viewport=PHONE)``.

    A non-Indonesian locale also sets the language cookie (as the ID/EN switch does).
    """
    contexts: list[Any] = []
    errors: list[str] = []

    def make(*, locale: str = "id-ID", viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport=viewport or DESKTOP
        )
        context.set_default_timeout(5_000)
        if not locale.startswith("id"):
            # Pages ignore the browser's language: an English page means the user chose
            # English with the switch, which leaves this cookie.
            context.add_cookies(
                [{"name": "django_language", "value": locale[:2], "url": live_server.url}]
            )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A desktop-size page, Indonesian browser locale, no one signed in."""
    return new_page()


@pytest.fixture
def phone_page(new_page: Callable[..., Any]) -> Any:
    """A 390×844 page, the size of a common phone."""
    return new_page(viewport=PHONE)


@pytest.fixture
def login() -> Callable[..., None]:
    """``login(page, username)``: sign in as a demo user through the form."""
    return _login


DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    if os.environ.get("TANGGUH_SCREENSHOTS") == "1":
        DOCS_DIR.mkdir(parents=True, exist_ok=True)
        return DOCS_DIR
    return tmp_path
