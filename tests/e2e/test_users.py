"""An administrator creates an operator's account; the operator sets a password by the link.

Kota Surabaya's administrator opens Pengguna, tries to grant a role above their own
(refused in words, no account), creates an operator, and copies the one-time link.
In a fresh browser the new operator opens the link, chooses a password, signs in and
sees the register. Jawa Timur's administrator may create Kota Surabaya's
administrators but not its operators, and is told so. At desktop and phone width.
Screenshots go to docs/screenshots/users-*.png with TANGGUH_SCREENSHOTS=1.
"""

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tangguh.accounts.models import User
from tangguh.core.roles import Role

from .conftest import PHONE
from .helpers import LOGIN_PATH, assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Rujak-Cingur#2026"


def _id(text: str, **params: Any) -> str:
    with translation.override("id"):
        return translation.gettext(text) % params if params else translation.gettext(text)


def _shoot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    assert horizontal_overflow(page) == 0, f"{page.url} scrolls sideways"
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    assert path.stat().st_size < 400_000, f"{path.name} is {path.stat().st_size} bytes"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_admin_invites_an_operator_who_sets_a_password_and_signs_in(  # type: ignore[no-untyped-def]
    new_page, login, shots_dir, size
):
    viewport = PHONE if size == "phone" else None
    admin = new_page(viewport=viewport)
    # The live server's first answer (templates, catalogs) can be slow on a busy machine.
    admin.goto(LOGIN_PATH, timeout=30_000)
    login(admin, "admin.surabaya")

    # 1. The list of Kota Surabaya's accounts.
    admin.goto("/akun/pengguna/")
    assert_shows(admin, lang="id", heading=_id("Users"), texts=("operator.surabaya",))
    assert "admin.sleman" not in admin.get_by_test_id("users").inner_text()
    _shoot(admin, shots_dir / f"users-list-{size}.png")

    # 2. A role above the administrator's own, forced into the form, is refused in words.
    admin.get_by_test_id("user-create").click()
    admin.wait_for_url("**/akun/pengguna/baru/")
    offered = admin.locator("#id_role option").evaluate_all("os => os.map(o => o.value)")
    assert Role.NATIONAL_ADMIN not in offered and Role.INSTITUTION_ADMIN not in offered
    admin.locator("#id_username").fill("operator.baru")
    admin.locator("#id_first_name").fill("Rudi")
    admin.locator("#id_last_name").fill("Hartono")
    admin.locator("#id_role").evaluate(
        "s => s.add(new Option('Administrator nasional', 'national_admin', true, true))"
    )
    admin.get_by_test_id("user-form").locator("button[type=submit]").click()
    error = admin.get_by_test_id("error-role")
    expect(error).to_have_text(
        _id(
            "Only a national administrator may grant the role %(role)s.",
            role=_id("National administrator"),
        )
    )
    assert not User.objects.filter(username="operator.baru").exists()
    _shoot(admin, shots_dir / f"users-create-error-{size}.png")

    # 3. As an operator: the account is made, the one-time link shown once.
    admin.locator("#id_role").select_option(Role.OPERATOR)
    admin.get_by_test_id("user-form").locator("button[type=submit]").click()
    link = admin.get_by_test_id("invitation-link").input_value()
    assert "/akun/sandi/" in link
    account = User.objects.get(username="operator.baru")
    assert (account.role, account.institution.code) == (Role.OPERATOR, "35.78")
    assert_shows(admin, lang="id", heading=_id("Invitation link"), texts=("operator.baru",))
    _shoot(admin, shots_dir / f"users-invitation-{size}.png")

    # 4. In a browser of their own, the operator chooses a password.
    operator = new_page(viewport=viewport)
    operator.goto(link)
    assert_shows(operator, lang="id", heading=_id("Choose your password"), texts=("operator.baru",))
    _shoot(operator, shots_dir / f"users-set-password-{size}.png")
    operator.locator("#id_new_password1").fill(NEW_PASSWORD)
    operator.locator("#id_new_password2").fill(NEW_PASSWORD)
    operator.get_by_test_id("set-password-form").locator("button[type=submit]").click()
    operator.wait_for_url(f"**{LOGIN_PATH}")
    expect(operator.locator(".messages")).to_contain_text("operator.baru")

    # 5. Signs in with it and sees the register; the link does not work twice.
    login(operator, "operator.baru", NEW_PASSWORD)
    operator.goto("/pegawai/")
    assert_shows(operator, lang="id", heading=_id("Civil servants"))
    expect(operator.get_by_test_id("people-table")).to_be_visible()
    operator.goto(link)
    assert_shows(operator, lang="id", heading=_id("This link no longer works"))

    # 6. The administrator sees the account's history: created, password set.
    admin.goto(f"/akun/pengguna/{account.pk}/")
    trail = admin.get_by_test_id("account-trail").inner_text()
    assert (
        _id("Created an account") in trail and _id("Set the password by a one-time link") in trail
    )
    assert_shows(admin, lang="id", heading="Rudi Hartono", texts=(_id("Institution operator"),))
    _shoot(admin, shots_dir / f"users-detail-{size}.png")


def test_province_admin_may_create_city_admins_not_city_operators(new_page, login):  # type: ignore[no-untyped-def]
    page = new_page()
    page.goto(LOGIN_PATH, timeout=30_000)
    login(page, "admin.jatim")
    page.goto("/akun/pengguna/baru/")
    page.locator("#id_username").fill("admin.baru")
    picker = page.get_by_test_id("picker-institution")
    with page.expect_response(lambda r: "/instansi/pilih/" in r.url and "cari=surab" in r.url):
        page.get_by_label(_id("Institution"), exact=True).fill("surab")
    picker.get_by_role("radio", name=re.compile("Kota Surabaya")).check()
    page.locator("#id_role").select_option(Role.OPERATOR)
    page.get_by_test_id("user-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("error-role")).to_contain_text(_id("Institution administrator"))
    expect(page.get_by_test_id("error-role")).to_contain_text("Kota Surabaya")
    assert not User.objects.filter(username="admin.baru").exists()

    page.locator("#id_role").select_option(Role.INSTITUTION_ADMIN)
    page.get_by_test_id("user-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("invitation-link")).to_be_visible()
    account = User.objects.get(username="admin.baru")
    assert (account.role, account.institution.code) == (Role.INSTITUTION_ADMIN, "35.78")
