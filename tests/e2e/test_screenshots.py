"""Screenshots of the main pages, for the README and for looking at what we build.

The pages are rendered (and must not error) on every run; the PNGs are written to
docs/screenshots/ only when asked, so a normal test run leaves the checkout clean:

    TANGGUH_SCREENSHOTS=1 .venv/bin/pytest tests/e2e/test_screenshots.py

Before each picture the test reads what the page shows: its language, its heading
and its key values (figures from the database, rows of the directory), so a
screenshot of an error page, of the wrong language or of an empty table fails.
"""

from pathlib import Path
from typing import Any

import pytest

from tangguh.accounts.models import User
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, EmploymentStatus, TransferRequest, TransferStatus

from .conftest import PHONE
from .helpers import assert_shows, horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_BYTES = 300_000

# What the pages say, written out here rather than taken from the catalog: a missing
# translation must show up as a failure, not as the same English on both sides.
WORDS = {
    "id": {
        "sign_in": "Masuk ke Tangguh",
        "username": "Nama pengguna",
        "password": "Kata sandi",
        "welcome": "Selamat datang, {name}",
        "active": "ASN aktif",
        "pending": "Mutasi menunggu konfirmasi",
        "institutions": "Instansi",
        "count": "{n} instansi",
        "province": "Provinsi",
        "children": "{n} kabupaten/kota",
    },
    "en": {
        "sign_in": "Sign in to Tangguh",
        "username": "Username",
        "password": "Password",
        "welcome": "Welcome, {name}",
        "active": "Active civil servants",
        "pending": "Transfers waiting for confirmation",
        "institutions": "Institutions",
        "count": "{n} institutions",
        "province": "Province",
        "children": "{n} regencies and cities",
    },
}
ROLE = {"id": {Role.INSTITUTION_ADMIN: "Administrator instansi", Role.CIVIL_SERVANT: "ASN"},
        "en": {Role.INSTITUTION_ADMIN: "Institution administrator"}}  # fmt: skip


def number(n: int, lang: str) -> str:
    """As the page writes it: 1.500 in Indonesian, 1,500 in English."""
    return f"{n:,}".replace(",", "." if lang == "id" else ",")


def short_name(institution: Any) -> str:
    return str(institution.short_name or institution.name)


def _shoot(page: Any, path: Path, *, full_page: bool = False) -> None:
    # Pages here make no background requests: the load event and the fonts are enough.
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"


def _card(page: Any, label: str) -> str:
    """The value of the dashboard's figure labelled ``label``."""
    card = page.locator("li.stat").filter(has=page.locator("p.stat-label", has_text=label))
    return str(card.locator("p.stat-value").inner_text().strip())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_screenshots_desktop(new_page, shots_dir, lang):  # type: ignore[no-untyped-def]
    words = WORDS[lang]
    page = new_page(locale="id-ID" if lang == "id" else "en-US")
    page.goto("/akun/masuk/")
    assert_shows(page, lang=lang, heading=words["sign_in"], texts=(words["username"], words["password"]))  # fmt: skip
    if lang == "id":
        _shoot(page, shots_dir / "login-id.png")

    login(page, "admin.jatim")
    admin = User.objects.get(username="admin.jatim")
    active = Employee.objects.restrict(admin, "view").filter(status=EmploymentStatus.ACTIVE)
    pending = TransferRequest.objects.restrict(admin, "view").filter(status=TransferStatus.PENDING)
    assert active.count() > 0 and pending.count() > 0  # the demo's figures, not zeros
    role = ROLE[lang][Role.INSTITUTION_ADMIN]
    assert_shows(
        page,
        lang=lang,
        heading=words["welcome"].format(name=admin.display_name),
        texts=(f"{role} · {short_name(admin.institution)}",),
    )
    assert _card(page, words["active"]) == number(active.count(), lang)
    assert _card(page, words["pending"]) == number(pending.count(), lang)
    assert page.get_by_test_id("my-institution").inner_text().strip() == "Jawa Timur"
    _shoot(page, shots_dir / f"dashboard-{lang}.png")

    page.goto("/instansi/")
    total = Institution.objects.count()
    first = Institution.objects.order_by("code").first()
    assert first is not None
    assert_shows(
        page,
        lang=lang,
        heading=words["institutions"],
        texts=(
            words["count"].format(n=number(total, lang)),
            f"{first.code} {first.name} {words['province']}",  # the first row, by code
        ),
    )
    _shoot(page, shots_dir / f"institutions-{lang}.png")

    if lang == "id":
        page.goto("/instansi/35/")
        children = Institution.objects.filter(parent__code="35")
        assert_shows(
            page,
            lang=lang,
            heading="Jawa Timur",
            texts=(words["children"].format(n=children.count()), "35.78 Kota Surabaya"),
        )
        listed = page.get_by_test_id("children").locator("li")
        assert listed.count() == children.count()
        _shoot(page, shots_dir / "institution-jawa-timur-id.png", full_page=True)


def test_screenshots_phone(new_page, shots_dir):  # type: ignore[no-untyped-def]
    words = WORDS["id"]
    page = new_page(viewport=PHONE)
    page.goto("/akun/masuk/")
    assert_shows(page, lang="id", heading=words["sign_in"], texts=(words["username"],))
    _shoot(page, shots_dir / "login-phone-id.png")

    login(page, "pegawai.surabaya")
    assert horizontal_overflow(page) <= 0
    person = User.objects.get(username="pegawai.surabaya")
    assert_shows(
        page,
        lang="id",
        heading=words["welcome"].format(name=person.display_name),
        texts=(f"{ROLE['id'][Role.CIVIL_SERVANT]} · {short_name(person.institution)}",),
    )
    _shoot(page, shots_dir / "dashboard-phone-id.png", full_page=True)

    page.goto("/instansi/?q=kota+s")
    assert_shows(page, lang="id", heading=words["institutions"], texts=("Kota Surabaya",))
    rows = page.locator("main table tbody tr")
    names = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert names and all("Kota S" in n for n in names), names  # only what the search asked for
    _shoot(page, shots_dir / "institutions-phone-id.png")
