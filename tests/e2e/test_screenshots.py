"""Screenshots of the main pages, for the README and for looking at what we build.

The pages are rendered (and must not error) on every run; the PNGs are written to
docs/screenshots/ only when asked, so a normal test run leaves the checkout clean:

    TANGGUH_SCREENSHOTS=1 .venv/bin/pytest tests/e2e/test_screenshots.py
"""

from pathlib import Path

import pytest

from .conftest import PHONE
from .helpers import horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_BYTES = 300_000


def _shoot(page, path: Path, *, full_page: bool = False) -> None:
    # Pages here make no background requests: the load event and the fonts are enough.
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_screenshots_desktop(new_page, shots_dir, lang):
    page = new_page(locale="id-ID" if lang == "id" else "en-US")
    page.goto("/akun/masuk/")
    if lang == "id":
        _shoot(page, shots_dir / "login-id.png")
    login(page, "admin.jatim")
    _shoot(page, shots_dir / f"dashboard-{lang}.png")
    page.goto("/instansi/")
    _shoot(page, shots_dir / f"institutions-{lang}.png")
    if lang == "id":
        page.goto("/instansi/35/")
        _shoot(page, shots_dir / "institution-jawa-timur-id.png", full_page=True)


def test_screenshots_phone(new_page, shots_dir):
    page = new_page(viewport=PHONE)
    page.goto("/akun/masuk/")
    _shoot(page, shots_dir / "login-phone-id.png")
    login(page, "pegawai.surabaya")
    assert horizontal_overflow(page) <= 0
    _shoot(page, shots_dir / "dashboard-phone-id.png", full_page=True)
    page.goto("/instansi/?q=kota+s")
    _shoot(page, shots_dir / "institutions-phone-id.png")
