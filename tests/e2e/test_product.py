"""A product, not a debug server (issue 10, items 9 and 10): the 404 page a visitor meets,
the API docs with no internet, and the navigation as a menu on a phone.

Screenshots (``TANGGUH_SCREENSHOTS=1``): docs/screenshots/product-*.png.
"""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .helpers import assert_shows, horizontal_overflow, login
from .test_accessibility import CHECKS
from .test_csp import watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_BYTES = 400_000


def _shoot(page: Any, path: Path, *, full_page: bool = False) -> None:
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"


def _offline(page: Any, origin: str) -> list[str]:
    """Refuse every request that leaves the live server; return the refused addresses."""
    refused: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(origin):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return refused


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_404_page_is_styled_and_offers_sign_in(new_page, shots_dir, viewport):  # type: ignore[no-untyped-def]
    page = new_page(viewport=PHONE) if viewport == "phone" else new_page()
    response = page.goto("/pegawai/tidak-ada/halaman/")
    assert response.status == 404
    assert_shows(
        page,
        lang="id",
        heading="Halaman tidak ditemukan",
        texts=("Halaman ini tidak ada, atau berada di luar cakupan yang boleh Anda lihat.",),
    )
    # The stylesheet applies (the brand's top bar), and nothing of Django's debug page.
    topbar = page.locator("header.topbar")
    assert topbar.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 79, 108)"
    assert "URLconf" not in page.content()
    sign_in = page.locator("header").get_by_role("link", name="Masuk")
    expect(sign_in).to_be_visible()
    assert horizontal_overflow(page) <= 0
    assert page.evaluate(CHECKS) == []
    _shoot(page, shots_dir / f"product-404-{viewport}.png")
    sign_in.click()
    page.wait_for_url("**/akun/masuk/")
    expect(page.locator("#id_username")).to_be_visible()


def test_404_page_in_english_for_a_signed_in_user(new_page):  # type: ignore[no-untyped-def]
    page = new_page(locale="en-US")
    login(page, "operator.jatim")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert_shows(page, lang="en", heading="Page not found")
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_have_count(0)
    page.get_by_role("link", name="Back to the dashboard").click()
    page.wait_for_url("**/beranda/")


def test_api_docs_render_operations_offline(page, live_server, shots_dir):  # type: ignore[no-untyped-def]
    refused = _offline(page, live_server.url)
    violations = watch(page)
    response = page.goto("/api/v1/docs/")
    assert response.status == 200
    # Swagger UI has fetched the schema and drawn the operations.
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert page.locator(".opblock").count() > 5
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/institutions/").first
    ).to_be_visible()
    expect(page.locator(".info .title")).to_contain_text("Tangguh API")
    page.wait_for_load_state("networkidle")
    assert not refused, f"the docs page asked the internet for {refused}"
    assert not violations, violations
    _shoot(page, shots_dir / "product-api-docs.png")
    # Its header leads back to Tangguh.
    page.locator("header.api-topbar a").click()
    page.wait_for_url("**/akun/masuk/")


def test_phone_menu_reaches_every_section(phone_page, shots_dir):  # type: ignore[no-untyped-def]
    page = phone_page
    login(page, "operator.jatim")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    toggle = nav.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_contain_text("Beranda")  # the current page, beside the word "Menu"
    # Closed, the menu takes one line: the page's content starts on the first screen.
    expect(nav.get_by_role("link", name="Impor")).to_be_hidden()
    assert nav.bounding_box()["height"] < 80

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for name in ("Beranda", "ASN", "Impor", "Mutasi", "Instansi"):
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        expect(link).to_be_in_viewport()
    assert horizontal_overflow(page) <= 0
    assert page.evaluate(CHECKS) == []
    _shoot(page, shots_dir / "product-phone-menu.png")

    # Escape closes it; each section is reached through it.
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")  # the keyboard opens it again
    expect(nav.get_by_role("link", name="Mutasi", exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    for name, path in (
        ("Impor", "/pegawai/impor/"),
        ("Mutasi", "/pegawai/mutasi/"),
        ("Instansi", "/instansi/"),
    ):
        nav.get_by_role("button", name="Menu").click()
        nav.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(f"**{path}")
        expect(nav.get_by_role("button", name="Menu")).to_contain_text(name)
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_hidden()


def test_desktop_navigation_has_no_menu_button(page):  # type: ignore[no-untyped-def]
    login(page, "operator.jatim")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_role("button", name="Menu")).to_be_hidden()
    expect(nav.get_by_role("link", name="Instansi", exact=True)).to_be_visible()


IMPORT_HEADER = (
    "NIP,Nama,Gelar Belakang,Jenis Kelamin,Tanggal Lahir,Status Kepegawaian,Jabatan,"
    "Jenis Jabatan,Golongan,Unit Kerja"
)
IMPORT_ROWS = (
    # 17 digits: one lost
    "19881120201212100,Bayu Prakoso,S.T.,L,20-11-1988,PNS Aktif,Pengelola Data,Pelaksana,"
    "III/a,Dinas Komunikasi dan Informatika",
    # a date that does not exist, and a rank that is not one
    "199003152015032004,Larasati Wulandari,S.Psi.,P,31-02-1990,PNS Aktif,Analis SDM Aparatur,"
    "Fungsional,III/z,Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Surabaya",
)


def test_import_problems_on_a_phone_lay_out_as_on_the_desktop(phone_page, tmp_path, shots_dir):  # type: ignore[no-untyped-def]
    page = phone_page
    login(page, "operator.surabaya")
    path = tmp_path / "pegawai-bermasalah.csv"
    path.write_text("\n".join([IMPORT_HEADER, *IMPORT_ROWS]) + "\n", encoding="utf-8")
    page.goto("/pegawai/impor/")
    page.locator("#id_file").set_input_files(str(path))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/pegawai/impor/*/")
    cards = page.get_by_test_id("problems").locator("tbody tr")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 2
    assert horizontal_overflow(page) <= 0
    # Each card lists row, column, value and problem as label and value, one under the
    # other, every value starting at the same place (the row number too), none cut off.
    for i in range(cards.count()):
        cells = cards.nth(i).locator("td")
        starts = cells.evaluate_all(
            "tds => tds.map(td => { const r = document.createRange();"
            " r.selectNodeContents(td.lastChild || td); return Math.round(r.getBoundingClientRect().left); })"
        )
        assert len(set(starts)) == 1, f"card {i}: values start at {starts}"
        labels = cells.evaluate_all(
            "tds => tds.map(td => { const s = getComputedStyle(td, '::before');"
            " return [s.textAlign, s.fontFamily, s.fontSize].join(' | '); })"
        )
        assert len(set(labels)) == 1, f"card {i}: labels differ: {labels}"
        assert labels[0].startswith("left"), labels[0]
        widths = cells.evaluate_all("tds => tds.map(td => td.scrollWidth - td.clientWidth)")
        assert max(widths) <= 0, f"card {i}: a value is wider than its card ({widths})"
    problems = page.locator("#problems")
    problems.scroll_into_view_if_needed()
    _shoot(page, shots_dir / "product-import-problems-phone.png")


def test_superuser_reaches_the_admin_from_the_navigation(page):  # type: ignore[no-untyped-def]
    from tangguh.accounts.demo import DEMO_PASSWORD
    from tangguh.accounts.models import User

    User.objects.create_superuser("root", "", DEMO_PASSWORD)
    violations = watch(page)
    page.goto("/admin/", timeout=20_000)  # the first page of the run may start slowly
    page.wait_for_url("**/akun/masuk/?next=/admin/")  # Tangguh's sign-in, not a second form
    page.locator("#id_username").fill("root")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto("/beranda/")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Admin Django"
    ).click()
    page.wait_for_url("**/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    assert not violations, violations


def test_administrator_meets_access_denied_at_the_admin(page):  # type: ignore[no-untyped-def]
    login(page, "nasional")
    expect(page.get_by_role("link", name="Admin Django")).to_have_count(0)
    response = page.goto("/admin/")
    assert response.status == 403
    assert_shows(page, lang="id", heading="Akses ditolak")
