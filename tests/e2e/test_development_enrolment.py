"""Enrolment end to end (the issue's first "done when"): Kota Surabaya publishes a
programme open to two other institutions with quotas (Jawa Timur 2 seats, Sleman 1);
Jawa Timur's operator nominates three people and the third is refused over quota;
Sleman nominates one; Surabaya approves the guests from its inbox and nominates its own
civil servant, who goes to the waiting list and takes the seat a cancelled guest frees;
after the session attendance is marked (a day outside the session's dates and a sheet
with bad rows refused, nothing changed, then a good sheet imported), completion credits
the JP to the ledger with certificates of completion; the civil servant sees it on a
phone and downloads the certificate. Screenshots on desktop and phone."""

from __future__ import annotations

import importlib
import io
import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tangguh.accounts.models import User
from tangguh.development.models import (
    Access,
    Attendance,
    Enrolment,
    JpYearTotal,
    LedgerEntry,
    Session,
)
from tangguh.development.services_programmes import (
    programme_create,
    programme_publish,
    programme_quota_set,
    session_create,
)
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee

from .helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Bimtek Manajemen Risiko Pembangunan Daerah"
PEGAWAI_NIP = "198507122010012003"


@pytest.fixture(autouse=True)
def shipped_forms(transactional_db: None) -> None:
    """The forms of development ship by a data migration, which an earlier transactional
    test's flush removes: put them back before the demo loads its catalogue."""
    from django.apps import apps

    migration = importlib.import_module(
        "tangguh.development.migrations.0002_default_forms_rules_duties"
    )
    migration.load(apps, None)


def _publish_listed_programme() -> Session:
    """What the catalogue pages do (their own end-to-end test walks them): a programme of
    Kota Surabaya for listed institutions, with quotas, published, and a session."""
    operator = User.objects.get(username="operator.surabaya")
    surabaya = Institution.objects.get(code="35.78")
    programme = programme_create(
        organiser=surabaya,
        data={
            "code": "bimtek-manrisk-e2e",
            "title": TITLE,
            "form": "bimtek",
            "jp": "24",
            "mode": "in_person",
            "cost_per_participant": "1500000",
            "capacity": "3",
            "access": Access.LISTED,
            "description": "Penerapan manajemen risiko SPIP.",
        },
        actor=operator,
    )
    programme_quota_set(
        programme=programme, institution=Institution.objects.get(code="35"), seats=2,
        actor=operator,
    )  # fmt: skip
    programme_quota_set(
        programme=programme, institution=Institution.objects.get(code="34.04"), seats=1,
        actor=operator,
    )  # fmt: skip
    programme_publish(programme=programme, actor=operator)
    start = date.today() + timedelta(days=14)
    return session_create(
        programme=programme,
        data={
            "number": 1,
            "start_date": start,
            "end_date": start + timedelta(days=2),
            "place": "Gedung Diklat Kota Surabaya, Jl. Jemursari 236",
            "capacity": 3,
        },
        actor=operator,
    )


def _login(page: Any, login: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _nominate_first(page: Any, session: Session, how_many: int) -> list[str]:
    page.goto(f"/pengembangan/angkatan/{session.pk}/usulkan/")
    rows = page.get_by_test_id("candidates").locator("tbody tr[data-nip]")
    nips = [rows.nth(i).get_attribute("data-nip") for i in range(how_many)]
    for i in range(how_many):
        rows.nth(i).locator("input[type=checkbox]").check()
    page.get_by_test_id("nominate").click()
    expect(page.get_by_test_id("nominate-outcome")).to_be_visible()
    return [n for n in nips if n]


def _sheet(rows: list[list[Any]], path: Path) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_listed_programme_guests_quotas_attendance_completion(  # type: ignore[no-untyped-def]
    new_page, login, shots_dir, tmp_path
):
    session = _publish_listed_programme()
    page = new_page()

    # --- a guest institution nominates: two within its quota, the third refused.
    _login(page, login, "operator.jatim")
    page.goto(f"/pengembangan/angkatan/{session.pk}/")
    page.get_by_test_id("nominate").click()
    page.wait_for_url(re.compile(r"/usulkan/$"))
    jatim_nips = _nominate_first(page, session, 3)
    outcome = page.get_by_test_id("nominate-outcome")
    expect(outcome.get_by_test_id("refused")).to_have_count(1)
    expect(outcome.get_by_test_id("refused")).to_contain_text("Kuota instansinya sudah habis")
    statuses = dict(Enrolment.objects.filter(session=session).values_list("nip", "status"))
    assert sorted(statuses.values()) == ["awaiting_host", "awaiting_host"]
    assert set(statuses) < set(jatim_nips)
    page.screenshot(path=str(shots_dir / "development-enrolment-over-quota.png"))

    # --- the second guest institution nominates its one seat.
    _login(page, login, "admin.sleman")
    sleman_nips = _nominate_first(page, session, 1)
    assert Enrolment.objects.get(session=session, nip=sleman_nips[0]).status == "awaiting_host"

    # --- the host approves the guests from its inbox, and nominates its own person.
    _login(page, login, "operator.surabaya")
    page.goto("/pengembangan/persetujuan/")
    guests = page.get_by_test_id("guests")
    expect(guests.locator("tbody tr[data-nip]")).to_have_count(3)
    assert_shows(page, lang="id", heading="Persetujuan pendaftaran")
    page.screenshot(path=str(shots_dir / "development-enrolment-approvals.png"), full_page=True)
    for _ in range(3):
        page.get_by_test_id("guests").get_by_test_id("decide").first.click()
        page.get_by_label("Setujui").check()
        page.get_by_test_id("submit-decision").click()
        page.wait_for_url(re.compile(r"/persetujuan/$"))
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 3
    pegawai = Employee.objects.get(nip=PEGAWAI_NIP)
    page.goto(f"/pengembangan/angkatan/{session.pk}/usulkan/?q={PEGAWAI_NIP}")
    page.get_by_test_id("candidates").locator(f"tr[data-nip='{PEGAWAI_NIP}'] input").check()
    page.get_by_test_id("nominate").click()
    expect(page.get_by_test_id("nominate-outcome")).to_contain_text("daftar tunggu")
    assert Enrolment.objects.get(session=session, employee=pegawai).status == "waitlisted"

    # --- a guest cancels: the freed seat goes to the first on the waiting list.
    leaving = Enrolment.objects.get(session=session, nip=sleman_nips[0])
    page.goto(f"/pengembangan/pendaftaran/{leaving.pk}/batalkan/")
    page.get_by_test_id("cancel-enrolment").click()  # without a reason: refused
    expect(page.locator(".field-error")).to_be_visible()
    assert Enrolment.objects.get(pk=leaving.pk).status == "enrolled"
    page.get_by_label("Alasan").fill("Bertugas ke luar daerah pada tanggal pelatihan")
    page.get_by_test_id("cancel-enrolment").click()
    page.wait_for_url(re.compile(r"/peserta/$"))
    assert Enrolment.objects.get(session=session, employee=pegawai).status == "enrolled"
    expect(page.get_by_test_id("participants")).to_contain_text("Dibatalkan")
    page.screenshot(path=str(shots_dir / "development-enrolment-participants.png"), full_page=True)

    # --- the session takes place (its dates moved into the past: time passes).
    end = date.today() - timedelta(days=1)
    Session.objects.filter(pk=session.pk).update(
        start_date=end - timedelta(days=2), end_date=end, enrolment_closes=None
    )
    session.refresh_from_db()
    days = [session.start_date + timedelta(days=n) for n in range(3)]

    # A day outside the session's dates is refused, nothing written.
    page.goto(f"/pengembangan/angkatan/{session.pk}/kehadiran/")
    page.locator("#att-day").fill((end + timedelta(days=1)).isoformat())
    page.get_by_test_id("save-day").click()
    expect(page.get_by_test_id("attendance-error")).to_contain_text("bukan hari sesi")
    assert not Attendance.objects.filter(enrolment__session=session).exists()
    page.screenshot(path=str(shots_dir / "development-enrolment-attendance-refused.png"))

    # The first day on screen: everyone present.
    page.locator("#att-day").fill(days[0].isoformat())
    page.get_by_test_id("save-day").click()
    expect(page.locator(".message-success")).to_be_visible()
    assert Attendance.objects.filter(enrolment__session=session, day=days[0]).count() == 3

    # A sheet with bad rows is refused whole, with row, column and sentence.
    seated = list(Enrolment.objects.filter(session=session, status="enrolled"))
    bad = _sheet(
        [
            ["NIP", "Nama", *[d.isoformat() for d in days], (end + timedelta(days=1)).isoformat()],
            [seated[0].nip, seated[0].full_name, "H", "H", "H", "H"],
            ["199001012015011999", "Bukan Peserta", "H", "H", "H", ""],
            [seated[1].nip, seated[1].full_name, "H", "X", "H", ""],
        ],
        tmp_path / "hadir-salah.xlsx",
    )
    page.goto(f"/pengembangan/angkatan/{session.pk}/kehadiran/impor/")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_test_id("upload").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("bukan hari sesi")
    expect(errors).to_contain_text("Tidak ada peserta terdaftar")
    expect(errors).to_contain_text("bukan tanda kehadiran")
    assert Attendance.objects.filter(enrolment__session=session).count() == 3
    page.screenshot(path=str(shots_dir / "development-enrolment-sheet-refused.png"), full_page=True)

    # The good sheet: checked, then confirmed.
    good = _sheet(
        [["NIP", "Nama", *[d.strftime("%d/%m/%Y") for d in days]]]
        + [[e.nip, e.full_name, "H", "Hadir", "H"] for e in seated],
        tmp_path / "hadir.xlsx",
    )
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_test_id("upload").click()
    page.get_by_test_id("confirm-import").click()
    page.wait_for_url(re.compile(r"/kehadiran/$"))
    assert Attendance.objects.filter(enrolment__session=session, mark="present").count() == 9
    page.screenshot(path=str(shots_dir / "development-enrolment-attendance.png"), full_page=True)

    # --- completion: everyone completed, JP credited through the ledger.
    before = JpYearTotal.objects.filter(employee=pegawai, year=end.year).first()
    page.goto(f"/pengembangan/angkatan/{session.pk}/penyelesaian/")
    form = page.get_by_test_id("completion-form")
    for e in seated:
        form.locator(f"input[name='score-{e.pk}']").fill("86")
    form.locator("#actual-cost").fill("4500000")
    page.screenshot(path=str(shots_dir / "development-enrolment-completion.png"), full_page=True)
    page.get_by_test_id("complete-session").click()
    expect(page.get_by_test_id("completion-results")).to_be_visible()
    page.screenshot(path=str(shots_dir / "development-enrolment-completed.png"), full_page=True)
    assert Session.objects.get(pk=session.pk).status == "completed"
    credits = LedgerEntry.objects.filter(enrolment__session=session, source="session")
    assert credits.count() == 3 and {c.jp for c in credits} == {Decimal("24.00")}
    after = JpYearTotal.objects.get(employee=pegawai, year=end.year).jp
    assert after == (before.jp if before else 0) + 24
    numbers = sorted(
        e.certificate_number
        for e in Enrolment.objects.filter(session=session).exclude(certificate_number="")
    )
    assert len(numbers) == 3 and all(n.startswith(f"STTP-35.78-{end.year}-") for n in numbers)

    # --- the civil servant on a phone: the result and the certificate.
    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, "pegawai.surabaya")
    phone.goto("/pengembangan/pelatihan-saya/")
    card = phone.get_by_test_id("my-enrolments").locator("li", has_text=TITLE)
    expect(card).to_contain_text("Lulus")
    phone.screenshot(path=str(shots_dir / "development-enrolment-my-phone.png"), full_page=True)
    assert horizontal_overflow(phone) == 0
    with phone.expect_download() as download:
        card.get_by_test_id("my-certificate").click()
    pdf = tmp_path / "sttp.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shots_dir != tmp_path:  # the printed certificate, as a picture for the docs
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf),
             str(shots_dir / "development-enrolment-certificate")],
            check=True,
        )  # fmt: skip


def test_civil_servant_applies_on_a_phone_and_cancels(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    """pegawai.surabaya applies from the session's page on a phone, Kota Surabaya's
    operator approves it from the inbox (a seat: enrolled), and she cancels with a
    reason (refused without one)."""
    operator = User.objects.get(username="operator.surabaya")
    programme = programme_create(
        organiser=Institution.objects.get(code="35.78"),
        data={
            "code": "coaching-e2e",
            "title": "Coaching Kepemimpinan Pelayanan",
            "form": "bimtek",
            "jp": "16",
            "mode": "in_person",
            "cost_per_participant": "750000",
            "capacity": "20",
            "access": Access.OWN,
        },
        actor=operator,
    )
    programme_publish(programme=programme, actor=operator)
    start = date.today() + timedelta(days=21)
    session = session_create(
        programme=programme,
        data={
            "number": 1,
            "start_date": start,
            "end_date": start + timedelta(days=1),
            "place": "Ruang Rapat Bagian Organisasi",
            "capacity": 20,
        },
        actor=operator,
    )
    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, "pegawai.surabaya")
    phone.goto(f"/pengembangan/angkatan/{session.pk}/")
    phone.get_by_test_id("apply").click()
    phone.wait_for_url(re.compile(r"/daftar/$"))
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(shots_dir / "development-enrolment-apply-phone.png"), full_page=True)
    phone.get_by_test_id("apply").click()
    phone.wait_for_url(re.compile(r"/pelatihan-saya/$"))
    card = phone.get_by_test_id("my-enrolments").locator("li", has_text=programme.title)
    expect(card).to_contain_text("Menunggu persetujuan instansinya")
    mine = Enrolment.objects.get(session=session, nip=PEGAWAI_NIP)
    assert mine.status == "awaiting_institution" and mine.route == "application"

    desk = new_page()
    login(desk, "operator.surabaya")
    desk.goto("/pengembangan/persetujuan/")
    desk.get_by_test_id("applications").locator(f"tr[data-nip='{PEGAWAI_NIP}']").filter(
        has_text=programme.title
    ).get_by_test_id("decide").click()
    desk.get_by_label("Setujui").check()
    desk.get_by_test_id("submit-decision").click()
    desk.wait_for_url(re.compile(r"/persetujuan/$"))
    assert Enrolment.objects.get(pk=mine.pk).status == "enrolled"

    phone.reload()
    card = phone.get_by_test_id("my-enrolments").locator("li", has_text=programme.title)
    expect(card).to_contain_text("Terdaftar")
    card.get_by_test_id("my-cancel").click()
    phone.get_by_test_id("cancel-enrolment").click()
    expect(phone.locator(".field-error")).to_be_visible()
    assert Enrolment.objects.get(pk=mine.pk).status == "enrolled"
    phone.get_by_label("Alasan").fill("Bertepatan dengan tugas pelayanan")
    phone.get_by_test_id("cancel-enrolment").click()
    phone.wait_for_url(re.compile(r"/pelatihan-saya/$"))
    assert Enrolment.objects.get(pk=mine.pk).status == "cancelled"
    expect(
        phone.get_by_test_id("my-enrolments").locator("li", has_text=programme.title)
    ).to_contain_text("Dibatalkan")
