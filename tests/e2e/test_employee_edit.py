"""An operator corrects, adds and deactivates civil servants in the browser.

operator.surabaya corrects a person's name (the page shows the new name and the change,
old → new, under "Perubahan"); an edit whose birth date breaks the NIP is refused with
the import's message on the field and nothing changes; adds a person from the list;
records her as retired with a date. Once more on a phone, in English: a title and a
refused birth date. Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1,
else to a temporary folder.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tangguh.institutions.models import Institution
from tangguh.people.models import Employee

from .conftest import PHONE
from .helpers import horizontal_overflow

WAIT = 20_000  # ms: a save, its audit and the person page, on a shared test machine

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _person(**extra: Any) -> Employee:
    surabaya = Institution.objects.get(code="35.78")
    people = Employee.objects.filter(institution=surabaya, status="active", **extra)
    person = people.exclude(title_front__contains=".").order_by("nip").first()
    assert person is not None, "the demo register has Kota Surabaya's civil servants"
    return person


def _shoot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def _refuse_a_birth_date_against_the_nip(
    page: Any, person: Employee, shot: Path, *, expected: str
) -> None:
    before = Employee.objects.filter(pk=person.pk).values().get()
    page.goto(f"/pegawai/{person.pk}/ubah/")
    wrong = person.birth_date + timedelta(days=2)
    page.locator("#id_birth_date").fill(wrong.isoformat())
    page.locator("#id_full_name").fill("Nama Yang Tidak Disimpan")
    page.locator("form[data-testid=employee-form] button[type=submit]").click()
    page.wait_for_load_state("load")
    error = page.locator("[data-field=birth_date] .field-error")
    assert expected in error.inner_text()
    # The values typed are kept; nothing is written.
    assert page.locator("#id_full_name").input_value() == "Nama Yang Tidak Disimpan"
    assert Employee.objects.filter(pk=person.pk).values().get() == before
    error.scroll_into_view_if_needed()
    _shoot(page, shot)


def test_operator_edits_adds_and_deactivates(new_page, login, shots_dir) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    login(page, "operator.surabaya")
    person = _person()
    page.goto(f"/pegawai/{person.pk}/")
    page.locator("[data-testid=edit]").click()
    page.wait_for_url(f"**/pegawai/{person.pk}/ubah/", timeout=WAIT)
    old_name = person.full_name
    page.locator("#id_full_name").fill("Ratna Dewi Kusumawati")
    page.locator("form[data-testid=employee-form] button[type=submit]").click()
    page.wait_for_url(f"**/pegawai/{person.pk}/", timeout=WAIT)
    assert page.locator("main h1").inner_text().startswith("Ratna Dewi Kusumawati") or (
        "Ratna Dewi Kusumawati" in page.locator("main h1").inner_text()
    )
    changes = page.locator("[data-testid=changes]")
    assert "Mengubah data pegawai" in changes.inner_text()
    assert old_name in changes.locator("del").first.inner_text()
    assert "Ratna Dewi Kusumawati" in changes.locator("ins").first.inner_text()
    person.refresh_from_db()
    assert person.full_name == "Ratna Dewi Kusumawati" and not person.history.exists()
    changes.scroll_into_view_if_needed()
    _shoot(page, shots_dir / "person-edit-changes-desktop.png")

    _refuse_a_birth_date_against_the_nip(
        page,
        _person(),
        shots_dir / "person-edit-error-desktop.png",
        expected="tidak sesuai dengan tanggal lahir dalam NIP",
    )

    # Add a civil servant, with a work unit typed that the institution has.
    unit = person.work_unit.path
    page.goto("/pegawai/")
    page.locator("[data-testid=add-person]").click()
    page.wait_for_url("**/pegawai/tambah/", timeout=WAIT)
    page.locator("#id_nip").fill("198507122010012094")
    page.locator("#id_full_name").fill("Maya Sari")
    page.locator("#id_work_unit").fill(unit)
    page.locator("#id_rank").fill("III/a")
    page.locator("form[data-testid=employee-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/pegawai/\d+/$"), timeout=WAIT)
    maya = Employee.objects.get(nip="198507122010012094")
    assert maya.work_unit == person.work_unit and maya.sex == "F"
    assert "Maya Sari" in page.locator("main h1").inner_text()

    # Deactivate: retired, with a date.
    page.locator("[data-testid=deactivate]").click()
    page.locator("input[name=status][value=retired]").check()
    day = timezone.localdate()  # her first period began today: not before it
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_note").fill("SK Wali Kota 800/123/2026")
    _shoot(page, shots_dir / "person-edit-deactivate-desktop.png")
    page.locator("form[data-testid=deactivate-form] button[type=submit]").click()
    page.wait_for_url(f"**/pegawai/{maya.pk}/", timeout=WAIT)
    maya.refresh_from_db()
    assert (maya.status, maya.period_start) == ("retired", day)
    assert "Pensiun" in page.locator(".page-head").inner_text()


def test_operator_edits_at_phone_width_in_english(new_page, login, shots_dir) -> None:  # type: ignore[no-untyped-def]
    page = new_page(locale="en-US", viewport=PHONE)
    login(page, "operator.surabaya")
    person = _person()
    page.goto(f"/pegawai/{person.pk}/ubah/")
    assert horizontal_overflow(page) == 0
    page.locator("#id_title_back").fill("S.Sos.")
    page.locator("form[data-testid=employee-form] button[type=submit]").click()
    page.wait_for_url(f"**/pegawai/{person.pk}/", timeout=WAIT)
    assert horizontal_overflow(page) == 0
    assert "S.Sos." in page.locator("[data-testid=changes] ins").first.inner_text()
    assert "Changed a civil servant's record" in page.locator("[data-testid=changes]").inner_text()
    page.locator("[data-testid=changes]").scroll_into_view_if_needed()
    _shoot(page, shots_dir / "person-edit-changes-phone.png")
    _refuse_a_birth_date_against_the_nip(
        page,
        _person(),
        shots_dir / "person-edit-error-phone.png",
        expected="does not match the birth date in the NIP",
    )
