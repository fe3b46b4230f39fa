"""A civil servant records a seminar with evidence on a phone, sees the JP the
conversion table allows as they type, is refused a claim above the cap (the sentence
names the rule; nothing is saved), submits the right claim; Surabaya's operator
approves it on a desktop; the civil servant sees the JP in their ledger. The
operator's ledger page, the conversion table and a correction close the journey.
Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tangguh.development.models import Activity, ActivityStatus, LedgerEntry

from .helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NIP = "198507122010012003"  # pegawai.surabaya
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Seminar Nasional Transformasi Digital Pemerintahan"


@pytest.fixture(autouse=True)
def development_reference(transactional_db: None) -> None:
    """The forms, JP rules and duties migration 0002 ships: a transactional test before
    this one flushed them with every other row, and the demo needs them."""
    import importlib

    from django.apps import apps

    shipped = importlib.import_module(
        "tangguh.development.migrations.0002_default_forms_rules_duties"
    )
    shipped.load(apps, None)


def _shoot(page: Any, path: Path, *, full_page: bool = True) -> None:
    page.wait_for_load_state("networkidle")
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    assert path.stat().st_size < 600_000, f"{path.name} is {path.stat().st_size} bytes"


def _fill(page: Any, *, jp: str, first: date, last: date) -> None:
    page.select_option("#id_form", "seminar")
    page.fill("#id_title", TITLE)
    page.fill("#id_organiser_name", "Kementerian PANRB")
    page.fill("#id_start_date", first.isoformat())
    page.fill("#id_end_date", last.isoformat())
    page.locator("#id_end_date").dispatch_event("change")
    page.fill("#id_jp_claimed", jp)


def test_a_seminar_recorded_on_a_phone_approved_and_credited(new_page, login, shots_dir, tmp_path):  # type: ignore[no-untyped-def]
    first = date.today() - timedelta(days=12)
    last = first + timedelta(days=1)
    mine = Activity.objects.filter(nip=NIP)
    before = mine.count()

    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, "pegawai.surabaya")
    phone.goto("/pengembangan/kegiatan/baru/")
    assert_shows(phone, lang="id", heading="Catat kegiatan")

    # A claim above the cap: the live allowance says so, and submitting is refused.
    _fill(phone, jp="10", first=first, last=last)
    allowance = phone.locator("[data-testid=allowance]")
    allowance.get_by_text("Anda mengklaim 10 JP").wait_for()
    assert "4 JP per hari" in allowance.inner_text()
    evidence = tmp_path / "sertifikat-seminar.pdf"
    evidence.write_bytes(PDF)
    phone.set_input_files("#id_evidence", str(evidence))
    phone.get_by_test_id("submit-activity").click()
    phone.get_by_test_id("form-error").wait_for()
    refusal = phone.locator("[data-field=jp_claimed] .field-error").inner_text()
    assert "Seminar/konferensi/sarasehan: 4 JP per hari" in refusal
    assert "2 hari memberi paling banyak 8 JP; Anda mengklaim 10 JP" in refusal
    assert mine.count() == before, "a refused claim saved something"
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "development-activities-refused-phone.png")

    # The claim the rule allows, with the evidence file.
    phone.fill("#id_jp_claimed", "8")
    allowance.get_by_text("klaim ini mencatat 8 JP").wait_for()
    phone.set_input_files("#id_evidence", str(evidence))
    phone.get_by_test_id("submit-activity").click()
    phone.wait_for_url("**/pengembangan/kegiatan/*/")
    assert_shows(phone, lang="id", heading=TITLE, texts=("Menunggu persetujuan", "8 JP"))
    activity = mine.get(title=TITLE)
    assert activity.status == ActivityStatus.SUBMITTED and activity.evidence_name.endswith(".pdf")
    assert not LedgerEntry.objects.filter(activity=activity).exists()
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "development-activities-submitted-phone.png")

    # The operator approves it from the inbox, on a desktop.
    desk = new_page()
    login(desk, "operator.surabaya")
    desk.goto("/pengembangan/kegiatan/")
    assert_shows(desk, lang="id", heading="Kegiatan tercatat", texts=(TITLE,))
    _shoot(desk, shots_dir / "development-activities-inbox-desktop.png")
    desk.get_by_role("link", name=TITLE).first.click()
    assert_shows(desk, lang="id", heading=TITLE, texts=("Keputusan", "sertifikat-seminar.pdf"))
    desk.get_by_test_id("approve").click()
    desk.wait_for_url(f"**/pengembangan/kegiatan/{activity.pk}/")
    assert_shows(desk, lang="id", heading=TITLE, texts=("Disetujui", "8 JP dicatat"))
    _shoot(desk, shots_dir / "development-activities-approved-desktop.png")
    entry = LedgerEntry.objects.get(activity=activity)
    assert entry.jp == Decimal("8.00") and entry.nip == NIP and entry.date == last

    # The civil servant sees the JP in their ledger, with how they were counted.
    phone.goto("/pengembangan/kegiatan/saya/")
    assert_shows(phone, lang="id", heading="Kegiatan saya", texts=(TITLE, "8 JP diakui"))
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "development-activities-mine-phone.png")
    phone.goto(f"/pengembangan/kegiatan/{activity.pk}/")
    assert_shows(phone, lang="id", heading=TITLE, texts=("Disetujui", "8 JP diakui"))
    phone.get_by_role("link", name="Lihat di buku JP").click()
    phone.wait_for_url(f"**/pengembangan/buku-jp/pegawai/{NIP}/")
    person = phone.locator("[data-testid=person-ledger]")
    assert TITLE in person.inner_text()
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "development-ledger-person-phone.png")

    # The institution's ledger, and a correction: a new, negative entry.
    desk.goto("/pengembangan/buku-jp/")
    assert_shows(desk, lang="id", heading="Buku JP", texts=(TITLE,))
    _shoot(desk, shots_dir / "development-ledger-desktop.png", full_page=False)
    desk.goto(f"/pengembangan/buku-jp/pegawai/{NIP}/?year={entry.year}")
    desk.get_by_test_id("reverse-entry").first.click()
    assert_shows(desk, lang="id", heading="Batalkan entri")
    desk.get_by_test_id("confirm-reverse").click()
    desk.get_by_test_id("form-error").wait_for()  # a reason is required
    assert not LedgerEntry.objects.filter(reverses__isnull=False, nip=NIP).exists()
    desk.fill("#id_reason", "Sertifikat ganda, sudah dicatat dari angkatan")
    desk.get_by_test_id("confirm-reverse").click()
    desk.wait_for_url(f"**/pengembangan/buku-jp/pegawai/{NIP}/**")
    assert LedgerEntry.objects.filter(reverses__isnull=False, nip=NIP).count() >= 1

    desk.goto("/pengembangan/jp/aturan/")
    assert_shows(desk, lang="id", heading="Tabel konversi JP", texts=("4 JP per hari",))
    _shoot(desk, shots_dir / "development-rules-desktop.png")


def _sheet(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Nama", "Bentuk", "Judul", "Penyelenggara", "Tanggal Mulai",
                  "Tanggal Selesai", "Jumlah", "JP", "Biaya"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_institutions_spreadsheet_with_bad_rows_is_refused_then_imported(
    new_page, login, shots_dir, tmp_path
):  # type: ignore[no-untyped-def]
    from tangguh.people.models import Employee

    people = list(Employee.objects.filter(institution__code="35.78", status="active")
                  .exclude(nip=NIP).order_by("nip")[:2])  # fmt: skip
    day = date.today() - timedelta(days=45)
    good = [[p.nip, p.full_name, "workshop", "Lokakarya Manajemen Risiko", "BPKP", day,
             day + timedelta(days=1), 2, 10, "750.000"] for p in people]  # fmt: skip
    bad = [
        [people[0].nip, people[0].full_name, "seminar", "Seminar Inflasi Daerah", "BI", day, day,
         1, 6, 0],
        ["19850712201001200", "Tanpa Nama", "seminar", "Seminar", "", day, day, 1, 4, 0],
        [people[1].nip, people[1].full_name, "ngopi", "Diskusi", "", day, day, 1, 2, -5],
    ]  # fmt: skip
    entries = LedgerEntry.objects.count()

    desk = new_page()
    login(desk, "operator.surabaya")
    desk.goto("/pengembangan/kegiatan/impor/")
    assert_shows(desk, lang="id", heading="Impor kegiatan")
    desk.set_input_files("#id_file", str(_sheet(tmp_path / "kegiatan-salah.xlsx", good + bad)))
    desk.get_by_test_id("check").click()
    desk.get_by_test_id("problems").wait_for()
    problems = desk.get_by_test_id("problems").inner_text()
    assert "4 JP per hari" in problems and "Anda mengklaim 6 JP" in problems
    assert "ngopi" in problems and "Biaya tidak boleh negatif" in problems
    expect(desk.get_by_test_id("nothing-imported")).to_be_visible()
    assert LedgerEntry.objects.count() == entries, "a refused file changed the ledger"
    _shoot(desk, shots_dir / "development-activities-import-refused-desktop.png")

    desk.goto("/pengembangan/kegiatan/impor/")
    desk.set_input_files("#id_file", str(_sheet(tmp_path / "kegiatan.xlsx", good)))
    desk.get_by_test_id("check").click()
    desk.get_by_test_id("confirm-import").click()
    desk.get_by_test_id("import-done").wait_for()
    assert LedgerEntry.objects.count() == entries + 2

    english = new_page(locale="en-US")
    login(english, "nasional")
    english.goto("/pengembangan/jp/aturan/")
    assert_shows(english, lang="en", heading="JP conversion table", texts=("4 JP per day",))
    english.goto("/pengembangan/jp/aturan/baru/?form=seminar")
    assert_shows(english, lang="en", heading="New JP rule")
