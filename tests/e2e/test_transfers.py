"""Transfers in the browser: the holder's administrator decides; the receiving side asks.

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
    # The confirmation step: nothing has changed yet.
    page.wait_for_url(f"**/pegawai/mutasi/{transfer.pk}/konfirmasi/")
    transfer.refresh_from_db()
    assert transfer.status == "pending"
    page.get_by_test_id("decide-yes").click()
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


# --- the receiving institution asks; the holder decides --------------------------------


def _ask(page: Any, person: Employee, *, tmt: str = "") -> TransferRequest:
    """Kota Surabaya's operator asks for ``person`` (registered in Kabupaten Sleman)."""
    page.goto("/pegawai/mutasi/")
    page.get_by_test_id("start-transfer").click()
    page.wait_for_url("**/pegawai/mutasi/baru/")
    page.locator("#id_lookup_nip").fill(person.nip)
    page.get_by_test_id("lookup-form").locator("button[type=submit]").click()
    found = page.get_by_test_id("found")
    assert person.full_name in found.inner_text()
    assert page.get_by_test_id("source").inner_text().strip() == person.institution.name
    page.locator("#id_position").fill("Kepala Bidang Mutasi")
    page.locator("#id_work_unit").fill("Badan Kepegawaian dan Pengembangan SDM")
    if tmt:
        page.locator("#id_valid_from").fill(tmt)
    page.locator("#id_request_note").fill("Mengisi formasi Kepala Bidang yang kosong")
    page.get_by_test_id("start-form").locator("button[type=submit]").click()
    page.wait_for_url("**/pegawai/mutasi/*/")
    return TransferRequest.objects.get(employee=person, status="pending")


def test_the_receiving_side_asks_and_the_holder_decides(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    sleman = Institution.objects.get(code="34.04")
    first, second = Employee.objects.filter(institution=sleman, status="active").order_by("nip")[:2]
    asker = new_page()
    login(asker, "operator.surabaya")
    asker.goto("/pegawai/mutasi/baru/")
    asker.locator("#id_lookup_nip").fill(first.nip)
    asker.get_by_test_id("lookup-form").locator("button[type=submit]").click()
    _shoot(asker, shots_dir / "transfers-start-desktop.png")
    transfer = _ask(asker, first)
    with translation.override("id"):
        waiting = translation.gettext("Waiting for the decision of %(institution)s.") % {
            "institution": sleman.name
        }
    assert asker.get_by_test_id("request-note").inner_text().strip() == (
        "Mengisi formasi Kepala Bidang yang kosong"
    )
    assert asker.get_by_test_id("who-decides").inner_text().strip() == waiting

    # The holder's administrator: told to decide; a rejection without a reason is refused.
    holder = new_page()
    login(holder, "admin.sleman")
    holder.goto("/pegawai/mutasi/")
    row = holder.get_by_test_id("transfers").locator("tbody tr").filter(has_text=first.full_name)
    with translation.override("id"):
        yours = translation.gettext("You decide: confirm or reject.")
    assert row.get_by_test_id("who-decides").inner_text().strip() == yours
    _shoot(holder, shots_dir / "transfers-list-desktop.png")
    holder.goto(f"/pegawai/mutasi/{transfer.pk}/")
    holder.get_by_test_id("reject-form").locator("button[type=submit]").click()
    assert holder.get_by_test_id("reject-form").locator(".field-error").count() == 1
    transfer.refresh_from_db()
    assert transfer.status == "pending"

    # With a reason: first the confirmation step, then the rejection.
    holder.locator("#id_reason").fill("Masih dibutuhkan di Dinas Pendidikan")
    holder.get_by_test_id("reject-form").locator("button[type=submit]").click()
    holder.wait_for_url(f"**/pegawai/mutasi/{transfer.pk}/tolak/")
    assert "Masih dibutuhkan" in holder.get_by_test_id("reason").inner_text()
    _shoot(holder, shots_dir / "transfers-reject-confirm-desktop.png")
    transfer.refresh_from_db()
    assert transfer.status == "pending"
    holder.get_by_test_id("decide-yes").click()
    holder.wait_for_url("**/pegawai/mutasi/")
    transfer.refresh_from_db()
    first.refresh_from_db()
    assert (transfer.status, transfer.decision_note) == (
        "rejected",
        "Masih dibutuhkan di Dinas Pendidikan",
    )
    assert first.institution_id == sleman.pk

    # Another one, with a TMT, confirmed through the confirmation step.
    other = _ask(asker, second, tmt="2026-11-01")
    holder.goto(f"/pegawai/mutasi/{other.pk}/")
    holder.get_by_test_id("confirm-form").locator("button[type=submit]").click()
    holder.wait_for_url(f"**/pegawai/mutasi/{other.pk}/konfirmasi/")
    _shoot(holder, shots_dir / "transfers-confirm-desktop.png")
    holder.get_by_test_id("decide-yes").click()
    holder.wait_for_url("**/pegawai/mutasi/")
    second.refresh_from_db()
    assert (second.institution.code, second.position_kind) == ("35.78", "administrator")

    # The receiving side now holds the record: its history shows the Sleman period
    # closed on the transfer's date, where the Surabaya one starts.
    asker.goto(f"/pegawai/{second.pk}/")
    rows = asker.get_by_test_id("history").locator("tbody tr")
    assert rows.count() == 2
    assert "1 November 2026" in rows.nth(0).inner_text()
    closed = rows.nth(1).inner_text()
    assert sleman.name in closed and "1 November 2026" in closed
    _shoot(asker, shots_dir / "transfers-history-desktop.png")


def test_transfer_pages_on_a_phone(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    from .conftest import PHONE

    sleman = Institution.objects.get(code="34.04")
    person = Employee.objects.filter(institution=sleman, status="active").order_by("nip").first()
    asker = new_page(viewport=PHONE)
    login(asker, "operator.surabaya")
    asker.goto(f"/pegawai/mutasi/baru/?nip={person.nip}")
    _shoot(asker, shots_dir / "transfers-start-phone.png")
    transfer = _ask(asker, person)
    holder = new_page(viewport=PHONE)
    login(holder, "admin.sleman")
    holder.goto("/pegawai/mutasi/")
    _shoot(holder, shots_dir / "transfers-list-phone.png")
    holder.goto(f"/pegawai/mutasi/{transfer.pk}/")
    holder.locator("#id_reason").fill("Masih dibutuhkan")
    holder.get_by_test_id("reject-form").locator("button[type=submit]").click()
    holder.wait_for_url(f"**/pegawai/mutasi/{transfer.pk}/tolak/")
    _shoot(holder, shots_dir / "transfers-reject-confirm-phone.png")


def test_an_operator_of_the_holder_is_told_who_decides(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    """Jawa Timur asks for a Kota Surabaya civil servant; Surabaya's operator sees the
    outgoing transfer, told that an administrator of Surabaya decides it."""
    from .conftest import PHONE

    surabaya = Institution.objects.get(code="35.78")
    person = (
        Employee.objects.filter(institution=surabaya, status="active", transfers__isnull=True)
        .order_by("-nip")
        .first()
    )
    asker = new_page()
    login(asker, "operator.jatim")
    transfer = _ask(asker, person)
    operator = new_page(viewport=PHONE)
    login(operator, "operator.surabaya")
    operator.goto(f"/pegawai/mutasi/{transfer.pk}/")
    with translation.override("id"):
        expected = translation.gettext(
            "Waiting for the decision of an administrator of %(institution)s: the record "
            "is held here, and only an administrator of the institution that holds it "
            "(or a national administrator) may confirm or reject."
        ) % {"institution": surabaya.name}
    assert operator.get_by_test_id("who-decides").inner_text().strip() == expected
    assert operator.get_by_test_id("confirm-form").count() == 0
    _shoot(operator, shots_dir / "transfers-outgoing-operator-phone.png")
