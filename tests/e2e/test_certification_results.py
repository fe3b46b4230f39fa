"""Results of a certification exam, from the assessor's screen to the civil servant's page.

A Jawa Timur batch of the camat scheme (three units), examined twenty days ago, three
participants from Kota Surabaya (pegawai.surabaya, Siti Rahmawati, among them), two
assessors (asesor.jatim and a second one).

asesor.jatim records Siti's recommendations on screen, downloads the batch's results
sheet, fills it in with one bad cell: the check names the row and the column and
nothing is written; corrected, checked and confirmed, it is imported. They cannot
record the plenary of a participant they assessed (told why, nothing changes).
operator.jatim, on the organiser's side, decides each participant through the
confirmation step: certified (the certificate is issued) or, with a BK, refused and
then not yet competent; the days from exam to decision show. Siti finds her result and
her certificate on "My certification", and its public verification page says valid.

In Indonesian at desktop width; then the same pages in English on a phone. Screenshots
go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tangguh.accounts.models import User
from tangguh.certification.models import (
    BatchAssessor,
    Certificate,
    Outcome,
    Participation,
    SchemeUnit,
    UnitResult,
)
from tangguh.certification.services_plenary import plenary_decide
from tangguh.certification.services_results import unit_result_record
from tangguh.people.demo import DEMO_EMPLOYEE_NIP
from tangguh.people.models import Employee
from tests.certification.factories import (
    AssessorFactory,
    AssessorLicenceFactory,
    BatchFactory,
    ParticipationFactory,
    SchemeVersionFactory,
)

from .conftest import PHONE
from .helpers import assert_shows, horizontal_overflow, login
from .test_accessibility import CHECKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNITS = (
    "Menyusun rencana kerja kecamatan",
    "Mengoordinasikan penyelenggaraan pemerintahan kecamatan",
    "Membina pelayanan publik di kecamatan",
)
BATCH = "UK-CMT-E2E-01"


def _setup() -> tuple[Any, list[Participation], Any, Any]:
    """The batch, its participants (Siti first), and the two assessors."""
    version = SchemeVersionFactory(
        scheme__code="camat-e2e", name="Sertifikasi Kompetensi Camat", units=0
    )
    for order, title in enumerate(UNITS, start=1):
        SchemeUnit.objects.create(
            version=version, order=order, code=f"CMT.{order:02d}", title=title
        )
    exam = date.today() - timedelta(days=20)
    batch = BatchFactory(
        code=BATCH, scheme_version=version, exam_start=exam, exam_end=exam + timedelta(days=1),
        place="BPSDM Provinsi Jawa Timur, Surabaya",
    )  # fmt: skip
    first = User.objects.get(username="asesor.jatim")
    second = AssessorFactory(username="asesor.kedua", first_name="Bambang", last_name="Wijaya")
    for assessor in (first, second):
        licence = AssessorLicenceFactory(assessor=assessor, scheme=version.scheme)
        BatchAssessor.objects.create(batch=batch, assessor=assessor, licence=licence)
    siti = Employee.objects.get(nip=DEMO_EMPLOYEE_NIP)
    others = list(
        Employee.objects.filter(institution__code="35.78", status="active")
        .exclude(pk=siti.pk)
        .order_by("nip")[:2]
    )
    people = [ParticipationFactory(batch=batch, employee=e) for e in (siti, *others)]
    return batch, people, first, second


def _shoot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    assert path.stat().st_size < 400_000, f"{path.name} is {path.stat().st_size} bytes"
    assert page.evaluate(CHECKS) == [], page.url
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    assert horizontal_overflow(page) == 0, (page.url, wide)


def _results(p: Participation) -> list[tuple[str, str]]:
    return list(
        UnitResult.objects.filter(participation=p)
        .order_by("unit__code")
        .values_list("unit__code", "recommendation")
    )


def _row_of(source: Path, nip: str, code: str) -> int:
    sheet = load_workbook(source).worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if (str(row[0]), str(row[2])) == (nip, code):
            return number
    raise AssertionError(f"{nip} {code} is not in the sheet")


def _fill_sheet(source: Path, target: Path, words: dict[tuple[str, str], str]) -> None:
    """The downloaded sheet with ``words`` written in by (NIP, unit code)."""
    book = load_workbook(source)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    nip, code, rec = (headers.index(h) for h in ("NIP", "Kode Unit", "Rekomendasi"))
    for row in sheet.iter_rows(min_row=2):
        key = (str(row[nip].value), str(row[code].value))
        if key in words:
            row[rec].value = words[key]
    book.save(target)


def test_results_from_screen_and_sheet_then_the_plenary_and_my_certification(  # type: ignore[no-untyped-def]
    new_page, shots_dir, tmp_path
):
    batch, (siti, budi, ani), _assessor, _second = _setup()
    page = new_page()
    login(page, "asesor.jatim")

    # 1. The worklist: the batch assigned to them, in the menu as "Asesmen".
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Asesmen", exact=True
    ).click()
    page.wait_for_url("**/sertifikasi/penilaian/")
    assert_shows(page, lang="id", heading="Asesmen", texts=(BATCH, "Sertifikasi Kompetensi Camat"))
    _shoot(page, shots_dir / "certification-worklist-desktop.png")

    # 2. Siti's recommendations on screen: K on every unit, a note on the first.
    page.locator(f"tr[data-batch='{BATCH}']").get_by_role("link", name="Hasil").click()
    page.locator(f"tr[data-nip='{siti.nip}']").get_by_test_id("edit-results").click()
    assert_shows(page, lang="id", heading=siti.holder_name, texts=("CMT.01", UNITS[0]))
    for unit in SchemeUnit.objects.filter(version=batch.scheme_version):
        page.locator(f"input[name='rec_{unit.pk}'][value='K']").check()
    first_unit = batch.scheme_version.units.order_by("order").first()
    page.locator(f"textarea[name='notes_{first_unit.pk}']").fill(
        "Rencana kerja disusun lengkap dengan indikator."
    )
    _shoot(page, shots_dir / "certification-results-entry-desktop.png")
    page.get_by_test_id("save-results").click()
    page.wait_for_url(f"**/sertifikasi/angkatan/{batch.pk}/hasil/")
    assert _results(siti) == [("CMT.01", "K"), ("CMT.02", "K"), ("CMT.03", "K")]
    row = page.locator(f"tr[data-nip='{siti.nip}']")
    assert row.locator(".badge-rec-k").count() == 3

    # 3. The results sheet, with one bad cell: the check names row and column, nothing written.
    with page.expect_download() as info:
        page.get_by_test_id("results-template").click()
    sheet = tmp_path / "sheet.xlsx"
    info.value.save_as(sheet)
    words = {
        (budi.nip, "CMT.01"): "K", (budi.nip, "CMT.02"): "KB", (budi.nip, "CMT.03"): "K",
        (ani.nip, "CMT.01"): "K", (ani.nip, "CMT.02"): "BK", (ani.nip, "CMT.03"): "K",
    }  # fmt: skip
    bad = tmp_path / "hasil-uji.xlsx"
    _fill_sheet(sheet, bad, words)
    page.get_by_test_id("results-import").click()
    assert page.locator("#id_dry_run").is_checked() and page.locator("#id_strict").is_checked()
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_test_id("upload").click()
    page.wait_for_selector("[data-testid=results-summary], [data-testid=form-errors]")
    assert page.get_by_test_id("form-errors").count() == 0, page.get_by_test_id(
        "form-errors"
    ).inner_text()
    problems = page.get_by_test_id("problems").locator("tbody tr")
    assert problems.count() == 1
    cells = problems.first.locator("td")
    bad_row = _row_of(sheet, budi.nip, "CMT.02")  # as the spreadsheet numbers it
    assert cells.nth(0).inner_text().strip() == str(bad_row)
    assert cells.nth(1).inner_text().strip() == "Rekomendasi"
    assert cells.nth(2).inner_text().strip() == "KB"
    assert "K (kompeten) atau BK (belum kompeten)" in cells.nth(3).inner_text()
    expect(page.get_by_test_id("nothing-imported")).to_be_visible()
    assert _results(budi) == [] and _results(ani) == []
    _shoot(page, shots_dir / "certification-results-import-problem-desktop.png")

    # 4. Corrected: the check counts six new recommendations; confirmed, they are in.
    words[(budi.nip, "CMT.02")] = "K"
    good = tmp_path / "hasil-uji-benar.xlsx"
    _fill_sheet(sheet, good, words)
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/hasil/impor/")
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_test_id("upload").click()
    page.wait_for_selector("[data-testid=results-summary]")
    assert page.locator(".stat-created .stat-value").inner_text().strip() == "6"
    assert _results(budi) == []
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    assert _results(ani) == [("CMT.01", "K"), ("CMT.02", "BK"), ("CMT.03", "K")]
    page.get_by_test_id("import-done").get_by_role("link").click()
    assert_shows(page, lang="id", heading="Sertifikasi Kompetensi Camat", texts=(BATCH,))
    _shoot(page, shots_dir / "certification-results-grid-desktop.png")

    # 5. The plenary of a participant they assessed: refused, in words; nothing changes.
    page.get_by_test_id("to-plenary").click()
    assert "Anda menilai peserta ini" in page.locator(f"tr[data-nip='{siti.nip}']").inner_text()
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/pleno/{siti.pk}/")
    assert page.get_by_test_id("own-assessee").inner_text().strip() == (
        "Anda menilai peserta ini; keputusan sidang pleno harus dicatat oleh orang lain."
    )
    assert page.locator("form [data-testid='review-decision']").count() == 0
    _shoot(page, shots_dir / "certification-plenary-own-assessee-refused-desktop.png")
    assert Participation.objects.get(pk=siti.pk).outcome == Outcome.PENDING

    # 6. The organiser's operator decides, through the confirmation step.
    page = new_page()
    login(page, "operator.jatim")
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/pleno/")
    assert_shows(
        page, lang="id", heading="Sertifikasi Kompetensi Camat", texts=("Menunggu sidang pleno",)
    )
    page.locator(f"tr[data-nip='{siti.nip}']").get_by_test_id("decide").click()
    page.locator("input[name=outcome][value=certified]").check()
    page.locator("#id_note").fill("Memenuhi seluruh unit kompetensi.")
    page.get_by_test_id("review-decision").click()
    expect(page.get_by_test_id("review")).to_be_visible()
    assert Participation.objects.get(pk=siti.pk).outcome == Outcome.PENDING  # not yet
    _shoot(page, shots_dir / "certification-plenary-confirm-desktop.png")
    page.get_by_test_id("confirm-decision").click()
    page.wait_for_url(f"**/sertifikasi/angkatan/{batch.pk}/pleno/")
    certificate = Certificate.objects.get(participation=siti)
    assert certificate.number in page.locator(".messages").inner_text()

    page.locator(f"tr[data-nip='{ani.nip}']").get_by_test_id("decide").click()
    page.locator("input[name=outcome][value=certified]").check()
    page.get_by_test_id("review-decision").click()
    assert "CMT.02 (BK)" in page.get_by_test_id("form-errors").inner_text()
    assert Participation.objects.get(pk=ani.pk).outcome == Outcome.PENDING
    page.locator("input[name=outcome][value=not_certified]").check()
    page.get_by_test_id("review-decision").click()
    page.get_by_test_id("confirm-decision").click()
    page.wait_for_url(f"**/sertifikasi/angkatan/{batch.pk}/pleno/")
    assert Participation.objects.get(pk=ani.pk).outcome == Outcome.NOT_CERTIFIED
    row = page.locator(f"tr[data-nip='{siti.nip}']")
    assert "20 hari sampai keputusan" in row.inner_text()
    assert "20" in page.get_by_test_id("batch-days").inner_text()
    _shoot(page, shots_dir / "certification-plenary-desktop.png")

    # 7. Siti: from "My record" to "My certification", and the public page says valid.
    page = new_page()
    login(page, "pegawai.surabaya")
    page.goto("/pegawai/saya/")
    page.get_by_test_id("my-certification").click()
    page.wait_for_url("**/sertifikasi/saya/")
    assert_shows(
        page, lang="id", heading="Sertifikasi saya",
        texts=(certificate.number, "Berlaku", "Tersertifikasi", UNITS[1], "20 hari sampai keputusan"),
    )  # fmt: skip
    exam = page.locator(f"li[data-batch='{BATCH}']")
    assert exam.get_by_test_id("my-units").locator(".badge-rec-k").count() == 3
    _shoot(page, shots_dir / "certification-my-desktop.png")
    page.get_by_test_id("certificate-verify").first.click()
    page.wait_for_url(f"**/verify/{certificate.number}")
    assert page.get_by_test_id("verify-result").get_attribute("data-status") == "valid"


def test_the_same_pages_on_a_phone_in_english(new_page, shots_dir, tmp_path):  # type: ignore[no-untyped-def]
    batch, (siti, budi, ani), assessor, second = _setup()
    for p, words in ((siti, "KKK"), (budi, "KBK")):
        units = list(batch.scheme_version.units.order_by("order"))
        for unit, word in zip(units, ("K", "BK" if words[1] == "B" else "K", "K"), strict=True):
            unit_result_record(participation=p, unit=unit, recommendation=word, actor=assessor)
    plenary_decide(
        participation=siti, outcome=Outcome.CERTIFIED, decided_on=date.today() - timedelta(days=6),
        note="", actor=second,
    )  # fmt: skip

    page = new_page(locale="en-US", viewport=PHONE)
    login(page, "asesor.jatim")
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/hasil/")
    assert_shows(
        page, lang="en", heading="Sertifikasi Kompetensi Camat", texts=("Recommendations per unit",)
    )
    _shoot(page, shots_dir / "certification-results-grid-phone.png")
    page.locator(f"tr[data-nip='{ani.nip}']").get_by_test_id("edit-results").click()
    assert_shows(page, lang="en", heading=ani.holder_name, texts=("Not yet assessed", UNITS[0]))
    _shoot(page, shots_dir / "certification-results-entry-phone.png")
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/hasil/impor/")
    bad = tmp_path / "results.csv"
    bad.write_text(
        f"NIP,Kode Unit,Rekomendasi\n{ani.nip},CMT.01,K\n{ani.nip},CMT.09,K\n", encoding="utf-8"
    )
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_test_id("upload").click()
    page.wait_for_selector("[data-testid=results-summary]")
    assert "has no unit CMT.09" in page.get_by_test_id("problems").inner_text()
    assert _results(ani) == []
    _shoot(page, shots_dir / "certification-results-import-problem-phone.png")

    page = new_page(locale="en-US", viewport=PHONE)
    login(page, "operator.jatim")
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/pleno/")
    assert_shows(
        page, lang="en", heading="Sertifikasi Kompetensi Camat", texts=("14 days to the decision",)
    )
    _shoot(page, shots_dir / "certification-plenary-phone.png")

    page = new_page(locale="en-US", viewport=PHONE)
    login(page, "pegawai.surabaya")
    page.goto("/sertifikasi/saya/")
    number = Certificate.objects.get(participation=siti).number
    assert_shows(page, lang="en", heading="My certification", texts=(number, "Valid until"))
    _shoot(page, shots_dir / "certification-my-phone.png")
