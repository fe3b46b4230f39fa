"""Assessments in the browser. Kota Surabaya's operator opens "Asesmen kompetensi" from the menu,
imports an assessment centre's batch with bad rows (a level 7, an unknown code, a NIP
of another institution, a date in the future, an assessor assessing themselves in a
360°): each is named with its row, nothing is written; the corrected file imports and
the person's profile changes. Jawa Timur's assessor records one on the form with an
evidence file. Desktop and phone (390×844) screenshots; no sideways scrolling on the
phone. Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tangguh.competencies.models import Assessment, CurrentLevel
from tangguh.people.models import Employee, EmploymentStatus

from .helpers import horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NIP = "198507122010012003"  # pegawai.surabaya
ASSESSOR = "196608011988031001"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HEADER = ["NIP", "Kode Kompetensi", "Level", "Tanggal Asesmen", "Metode", "NIP Asesor"]


def _sheet(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _shot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def _person(code: str, *, exclude: tuple[str, ...] = ()) -> Employee:
    found = (
        Employee.objects.filter(institution__code=code, status=EmploymentStatus.ACTIVE)
        .exclude(nip__in=exclude)
        .order_by("nip")
        .first()
    )
    assert found is not None, f"the demo has civil servants in {code}"
    return found


def _profile(person: Employee) -> dict[str, int]:
    return dict(CurrentLevel.objects.filter(employee=person).values_list("code", "level"))


def test_an_operator_imports_a_batch_with_bad_rows_then_the_corrected_one(
    page: Any, phone_page: Any, login: Any, shots_dir: Path, tmp_path: Path
) -> None:
    me = Employee.objects.get(nip=NIP)
    other = _person("35.78", exclude=(NIP,))
    elsewhere = _person("34.04")
    day = date.today() - timedelta(days=7)
    tomorrow = date.today() + timedelta(days=1)
    before_rows = Assessment.objects.count()
    before_profile = _profile(me)

    login(page, "operator.surabaya")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Asesmen kompetensi"
    ).click()
    expect(page).to_have_url(re.compile(r"/kompetensi/asesmen/$"))
    expect(page.locator("main h1")).to_have_text("Asesmen kompetensi")
    page.get_by_test_id("import-assessments").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/asesmen/impor/$"))
    _shot(page, shots_dir / "competency-assessments-import.png")

    bad = _sheet(
        tmp_path / "asesmen-salah.xlsx",
        [
            [NIP, "M.05", 4, day, "assessment-centre", ASSESSOR],  # good
            [NIP, "M.06", 7, day, "assessment-centre", ASSESSOR],  # level 7
            [other.nip, "X.99", 3, day, "assessment-centre", ASSESSOR],  # unknown code
            [elsewhere.nip, "M.01", 3, day, "assessment-centre", ASSESSOR],  # Sleman's
            [other.nip, "M.02", 3, tomorrow, "assessment-centre", ASSESSOR],  # the future
            [other.nip, "M.03", 3, day, "360", other.nip],  # assesses themselves
        ],
    )
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_test_id("check").click()
    expect(page.get_by_test_id("nothing-imported")).to_be_visible()
    problems = page.get_by_test_id("problems").locator("tbody tr")
    expect(problems).to_have_count(5)
    rows = [problems.nth(i).locator("td").first.inner_text() for i in range(5)]
    assert rows == ["3", "4", "5", "6", "7"]
    expect(problems.nth(0)).to_contain_text("7")
    expect(problems.nth(1)).to_contain_text("X.99")
    expect(problems.nth(2)).to_contain_text(elsewhere.nip)
    expect(problems.nth(4)).to_contain_text("menilai dirinya sendiri")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    _shot(page, shots_dir / "competency-assessments-import-refused.png")
    assert Assessment.objects.count() == before_rows and _profile(me) == before_profile

    # The same check on a phone reads without sideways scrolling.
    login(phone_page, "operator.surabaya")
    phone_page.goto("/kompetensi/asesmen/impor/")
    phone_page.locator("#id_file").set_input_files(str(bad))
    phone_page.get_by_test_id("check").click()
    expect(phone_page.get_by_test_id("nothing-imported")).to_be_visible()
    assert horizontal_overflow(phone_page) == 0
    _shot(phone_page, shots_dir / "competency-assessments-import-refused-phone.png")

    # The corrected file: checked, confirmed, recorded; the profile changes.
    good = _sheet(
        tmp_path / "asesmen.xlsx",
        [
            [NIP, "M.05", 4, day, "assessment-centre", ASSESSOR],
            [NIP, "M.06", 5, day, "assessment-centre", ASSESSOR],
            [other.nip, "M.03", 3, day, "360", ASSESSOR],
        ],
    )
    page.goto("/kompetensi/asesmen/impor/")
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_test_id("check").click()
    expect(page.get_by_test_id("confirm-import")).to_be_visible()
    assert Assessment.objects.count() == before_rows, "the check wrote something"
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    expect(page.get_by_test_id("import-summary")).to_contain_text("3")
    _shot(page, shots_dir / "competency-assessments-imported.png")
    assert Assessment.objects.count() == before_rows + 3
    after = _profile(me)
    assert after["M.05"] == 4 and after["M.06"] == 5 and after != before_profile

    # The list finds them.
    page.goto(f"/kompetensi/asesmen/?q={NIP}")
    expect(page.get_by_test_id("assessments-table")).to_contain_text("M.06")
    _shot(page, shots_dir / "competency-assessments-list.png")
    phone_page.goto(f"/kompetensi/asesmen/?q={NIP}")
    expect(phone_page.get_by_test_id("assessments-table")).to_contain_text("M.06")
    assert horizontal_overflow(phone_page) == 0
    _shot(phone_page, shots_dir / "competency-assessments-list-phone.png")


def test_an_assessor_records_one_on_the_form(
    page: Any, phone_page: Any, login: Any, shots_dir: Path, tmp_path: Path
) -> None:
    from tangguh.accounts.models import User

    assessor = User.objects.get(username="asesor.jatim")
    person = _person("35", exclude=(assessor.nip or "-",))
    day = date.today() - timedelta(days=2)
    evidence = tmp_path / "laporan-asesmen.pdf"
    evidence.write_bytes(PDF)

    login(page, "asesor.jatim")
    page.goto("/kompetensi/asesmen/")
    page.get_by_test_id("new-assessment").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/asesmen/baru/$"))
    _shot(page, shots_dir / "competency-assessment-new.png")

    # Naming the person as their own assessor outside a self-assessment: refused.
    page.fill("#id_nip", person.nip)
    page.select_option("#id_competency", "M.04")
    page.select_option("#id_level", "3")
    page.fill("#id_assessed_on", day.isoformat())
    page.select_option("#id_method", "supervisor")
    page.fill("#id_assessor_nip", person.nip)
    page.get_by_test_id("save-assessment").click()
    expect(page.get_by_test_id("form-error")).to_be_visible()
    expect(page.locator("[data-field=assessor_nip] .field-error")).to_contain_text(
        "menilai dirinya sendiri"
    )
    assert not Assessment.objects.filter(employee=person, code="M.04").exists()

    page.fill("#id_assessor_nip", ASSESSOR)
    page.fill("#id_assessor_name", "Dra. Asesor Provinsi")
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_test_id("save-assessment").click()
    expect(page).to_have_url(re.compile(r"/kompetensi/asesmen/\d+/$"))
    expect(page.get_by_test_id("level")).to_have_text("3")
    expect(page.get_by_test_id("counts")).to_have_text("Ya")
    expect(page.get_by_test_id("evidence-link")).to_be_visible()
    _shot(page, shots_dir / "competency-assessment-detail.png")
    made = Assessment.objects.get(employee=person, code="M.04")
    assert made.source == "form" and made.evidence.name.endswith(".pdf")
    assert _profile(person)["M.04"] == 3

    login(phone_page, "asesor.jatim")
    phone_page.goto(f"/kompetensi/asesmen/{made.pk}/")
    expect(phone_page.get_by_test_id("level")).to_have_text("3")
    assert horizontal_overflow(phone_page) == 0
    _shot(phone_page, shots_dir / "competency-assessment-detail-phone.png")
    phone_page.goto("/kompetensi/asesmen/baru/")
    expect(phone_page.get_by_test_id("assessment-form")).to_be_visible()
    assert horizontal_overflow(phone_page) == 0
    _shot(phone_page, shots_dir / "competency-assessment-new-phone.png")
