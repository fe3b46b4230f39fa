"""The holding institution's administrator decides a transfer in the browser.

Jawa Timur's operator imported a Kota Surabaya civil servant with another
name and titles. Surabaya's administrator opens the pending transfer, sees both sides'
values, tries to reject without a reason (refused, nothing changes), then confirms
without taking the identity values: the person moves, their name stays.
Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from tangguh.accounts.models import User
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, TransferRequest
from tangguh.people.parsing.nip import format_nip
from tangguh.people.services import employee_import

from .helpers import assert_shows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "NIP,Gelar Depan,Nama,Gelar Belakang,Status Kepegawaian,Jabatan,Golongan,Unit Kerja"


def _requested(tmp_path: Path) -> tuple[Employee, TransferRequest, str]:
    """A Surabaya civil servant in Jawa Timur's file, with other name and titles."""
    surabaya = Institution.objects.get(code="35.78")
    person = (
        Employee.objects.filter(institution=surabaya, status="active", transfers__isnull=True)
        .order_by("nip")
        .first()
    )
    assert person is not None
    rank = "IV/a" if person.rank != "IV/a" else "IV/b"
    path = tmp_path / "jatim.csv"
    line = f"{person.nip},Dr.,Nama Dari Provinsi,M.Si.,PNS Aktif,Analis Kebijakan,{rank},Biro Organisasi"
    path.write_text(f"{HEADER}\n{line}\n", encoding="utf-8")
    result = employee_import(
        source=path,
        filename=path.name,
        institution=Institution.objects.get(code="35"),
        actor=User.objects.get(username="operator.jatim"),
    )
    assert result.transfers_pending == 1
    return person, TransferRequest.objects.get(employee=person, status="pending"), rank


def _shoot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    assert path.stat().st_size < 300_000, f"{path.name} is {path.stat().st_size} bytes"


def test_source_administrator_decides_a_transfer(new_page, login, tmp_path, shots_dir):  # type: ignore[no-untyped-def]
    person, transfer, rank = _requested(tmp_path)
    name = person.full_name
    page = new_page()  # Indonesian, the interface's first language
    login(page, "admin.surabaya")

    # 1. The list links to the decide page; no one-click decision there.
    page.goto("/pegawai/mutasi/")
    listed = page.get_by_test_id("transfers").locator("tbody tr").filter(has_text=name)
    assert listed.locator("form").count() == 0
    listed.locator(f"a[href$='/pegawai/mutasi/{transfer.pk}/']").click()
    page.wait_for_url(f"**/pegawai/mutasi/{transfer.pk}/")

    # 2. Both sides' values, side by side; taking the identity values is off.
    compare = page.get_by_test_id("compare")
    name_row = compare.locator("tr[data-field=full_name]")
    assert name_row.locator("[data-side=current]").inner_text().strip() == name
    assert name_row.locator("[data-side=sent]").inner_text().startswith("Nama Dari Provinsi")
    rank_row = compare.locator("tr[data-field=rank]")
    assert rank_row.locator("[data-side=current]").inner_text().strip() == person.rank
    assert rank in rank_row.locator("[data-side=sent]").inner_text()
    assert not page.locator("#id_apply_identity").is_checked()
    assert_shows(page, lang="id", heading=person.display_name, texts=(format_nip(person.nip),))
    _shoot(page, shots_dir / "people-transfer-decide.png")

    # 3. A rejection without a reason is refused, in words; nothing changes.
    page.get_by_test_id("reject-form").locator("button[type=submit]").click()
    page.wait_for_url(f"**/pegawai/mutasi/{transfer.pk}/tolak/")
    error = page.get_by_test_id("reject-form").locator(".field-error")
    with translation.override("id"):
        expected = translation.gettext(
            "Give the reason for the rejection: the institution that asked for the transfer reads it."
        )
    assert error.inner_text().strip() == expected
    transfer.refresh_from_db()
    assert transfer.status == "pending"

    # 4. Confirmed without the identity values: the person moves, the name stays.
    page.locator("#id_note").fill("Sesuai SK mutasi")
    page.get_by_test_id("confirm-form").locator("button[type=submit]").click()
    page.wait_for_url("**/pegawai/mutasi/")
    assert name in page.locator(".messages").inner_text()
    person.refresh_from_db()
    transfer.refresh_from_db()
    assert (person.institution.code, person.full_name, person.rank) == ("35", name, rank)
    assert (transfer.status, transfer.identity_applied, transfer.decision_note) == (
        "confirmed",
        False,
        "Sesuai SK mutasi",
    )
