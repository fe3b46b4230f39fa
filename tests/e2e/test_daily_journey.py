"""The register as a daily tool, one journey through every role that meets it.

Kota Surabaya's administrator creates an operator's account and hands over the one-time
link; the new operator sets a password, signs in, corrects one person's name, checks a
file (the preview names the change, old → new), imports it, opens the rows it touched,
then filters and sorts the register; a civil servant asks for a correction of her record
and downloads her data. Once in Indonesian at desktop width, once in English on a phone.
The pieces have their own, finer tests (test_users, test_employee_edit,
test_import_preview, test_lists, test_self_service); this one proves they join up.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook
from playwright.sync_api import expect

from tangguh.accounts.models import User
from tangguh.core.roles import Role
from tangguh.people.demo import DEMO_EMPLOYEE_NIP
from tangguh.people.models import CorrectionRequest, Employee

from .conftest import DESKTOP, PHONE
from .helpers import LOGIN_PATH, assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT = 30_000  # ms: a write, its audit and the next page, on a shared machine
PASSWORD = "Lontong-Balap#2026"


def _t(language: str, text: str, **params: Any) -> str:
    with translation.override(language):
        said = translation.gettext(text)
    return said % params if params else said


def _xlsx(tmp_path: Path, rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Nama"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "perbaikan-nama.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def _submit(page: Any, test_id: str) -> None:
    page.get_by_test_id(test_id).locator("button[type=submit]").click()


@pytest.mark.parametrize(
    ("language", "viewport"), [("id", DESKTOP), ("en", PHONE)], ids=["id-desktop", "en-phone"]
)
def test_a_day_with_the_register(new_page, login, tmp_path, language, viewport) -> None:  # type: ignore[no-untyped-def]
    locale = "id-ID" if language == "id" else "en-US"
    username = f"operator.{language}"

    # 1. The administrator creates the operator's account and gets the one-time link.
    admin = new_page(locale=locale, viewport=viewport)
    admin.goto(LOGIN_PATH, timeout=WAIT)
    login(admin, "admin.surabaya")
    admin.goto("/akun/pengguna/baru/")
    admin.locator("#id_username").fill(username)
    admin.locator("#id_first_name").fill("Rudi")
    admin.locator("#id_last_name").fill("Hartono")
    admin.locator("#id_role").select_option(Role.OPERATOR)
    _submit(admin, "user-form")
    link = admin.get_by_test_id("invitation-link").input_value()
    assert User.objects.get(username=username).role == Role.OPERATOR

    # 2. The operator sets a password by the link and signs in.
    page = new_page(locale=locale, viewport=viewport)
    page.goto(link, timeout=WAIT)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    _submit(page, "set-password-form")
    page.wait_for_url(f"**{LOGIN_PATH}", timeout=WAIT)
    login(page, username, PASSWORD)

    # 3. Corrects one person's name in the form.
    people = Employee.objects.filter(institution__code="35.78", employee_kind="PNS")
    edited, imported = people.exclude(nip=DEMO_EMPLOYEE_NIP).order_by("nip")[:2]
    page.goto(f"/pegawai/{edited.pk}/ubah/")
    page.locator("#id_full_name").fill("Bagus Wicaksono")
    _submit(page, "employee-form")
    page.wait_for_url(f"**/pegawai/{edited.pk}/", timeout=WAIT)
    expect(page.get_by_test_id("changes")).to_contain_text("Bagus Wicaksono")
    assert horizontal_overflow(page) == 0

    # 4. Checks a file: the preview names the change, old → new; then imports it.
    page.goto("/pegawai/impor/")
    page.locator("#id_file").set_input_files(str(_xlsx(tmp_path, [[imported.nip, "Citra Ayu"]])))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pegawai/impor/\d+/$"), timeout=WAIT)
    change = page.get_by_test_id("preview-updated").locator(".changes li").first
    assert change.locator("del").inner_text().strip() == imported.full_name
    assert change.locator("ins").inner_text().strip() == "Citra Ayu"
    assert Employee.objects.get(pk=imported.pk).full_name == imported.full_name  # a dry run
    check_url = page.url
    page.locator("form.confirm-import button[type=submit]").click()
    page.wait_for_url(lambda url: url != check_url and "/pegawai/impor/" in url, timeout=WAIT)
    page.get_by_test_id("touched-rows").click()
    page.wait_for_url(re.compile(r".*/pegawai/\?impor=\d+$"), timeout=WAIT)
    expect(page.get_by_test_id("people-table").locator("tbody tr")).to_have_count(1)
    assert Employee.objects.get(pk=imported.pk).full_name == "Citra Ayu"

    # 5. Filters and sorts the register, then resets the filters.
    page.goto("/pegawai/?status=active&sort=-name")
    sorted_by = page.locator("#results th[aria-sort=descending]")
    expect(sorted_by).to_contain_text(_t(language, "Name"))
    assert page.locator("#results tbody tr .person-link").count() > 1
    expect(page.get_by_test_id("page-of")).to_be_visible()
    page.get_by_test_id("reset-filters").click()
    page.wait_for_url(lambda url: "status=active" not in url, timeout=WAIT)
    assert horizontal_overflow(page) == 0

    # 6. A civil servant asks for a correction and downloads her data.
    own = new_page(locale=locale, viewport=viewport)
    login(own, "pegawai.surabaya")
    own.goto("/pegawai/saya/koreksi/")
    own.locator("#id_value_full_name").fill("Siti Rahmawati Putri")
    _submit(own, "correction-form")
    own.wait_for_url("**/pegawai/saya/", timeout=WAIT)
    assert_shows(
        own,
        lang=language,
        heading="Siti Rahmawati, S.Psi.",
        texts=(_t(language, "Waiting for a decision"),),
    )
    assert CorrectionRequest.objects.get().requested_value == "Siti Rahmawati Putri"
    with own.expect_download(timeout=WAIT) as info:
        own.get_by_test_id("download-json").click()
    stem = "data-saya" if language == "id" else "my-data"
    assert info.value.suggested_filename == f"{stem}-{DEMO_EMPLOYEE_NIP}.json"
    data = json.loads(Path(info.value.path()).read_bytes())
    assert data["record"]["nip"] == DEMO_EMPLOYEE_NIP
    assert horizontal_overflow(own) == 0
