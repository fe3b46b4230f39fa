"""Schemes, licences, batches and nominations in the browser (Indonesian, desktop and phone).

The national administrator reads the catalogue and the camat scheme's second version
(what it changed), defines a new scheme and reads the licences. Jawa Timur's operator
creates a camat batch, assigns a licensed assessor, and is refused an assessor whose
licence expired before the exam (the sentence names the licence and both dates; no
assignment is made). Surabaya's operator nominates: a Sekretaris Camat is shown as not
eligible and cannot be confirmed (nothing is written), a camat is nominated through the
confirmation page. The same pages on a phone do not scroll sideways. Screenshots go to
docs/screenshots/ with TANGGUH_SCREENSHOTS=1.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tangguh.accounts.models import User
from tangguh.certification.models import Batch, BatchAssessor, Participation, Scheme
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, Position
from tests.people.factories import EmployeeFactory

from .helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shoot(page: Any, path: Path, *, full_page: bool = True) -> None:
    page.wait_for_load_state("networkidle")
    # From the top, nothing focused: the sticky menu where a reader sees it.
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    assert path.stat().st_size < 600_000, f"{path.name} is {path.stat().st_size} bytes"


def _surabaya_person(position: str, name: str) -> Employee:
    surabaya = Institution.objects.get(code="35.78")
    post, _created = Position.objects.get_or_create(
        institution=surabaya, name=position, defaults={"kind": "administrator"}
    )
    return EmployeeFactory(
        institution=surabaya, position=post, full_name=name, education="S1", rank="III/d"
    )


def test_a_scheme_a_batch_its_assessors_and_nominations(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    national = new_page()
    login(national, "nasional")
    national.goto("/sertifikasi/skema/")
    assert_shows(national, lang="id", heading="Skema sertifikasi", texts=("CAMAT", "LURAH"))
    _shoot(national, shots_dir / "certification-schemes-desktop.png")

    national.get_by_role("link", name="CAMAT", exact=True).click()
    assert_shows(
        national,
        lang="id",
        heading=Scheme.objects.get(code="camat").versions.order_by("-version").first().name,
        texts=("Perubahan versi 2 dari versi 1", "Camat"),
    )
    _shoot(national, shots_dir / "certification-scheme-desktop.png")

    national.goto("/sertifikasi/skema/")
    national.get_by_test_id("new-scheme").click()
    national.locator("#id_code").fill("sekcam")
    national.locator("#id_name").fill("Sertifikasi Kompetensi Sekretaris Kecamatan")
    national.locator("#id_target_positions").fill("Sekretaris Kecamatan\nSekretaris Camat")
    national.locator("#id_min_education").select_option("S1")
    national.locator("#id_validity_years").fill("3")
    national.locator("#id_units").fill(
        "SEK.01 | Mengoordinasikan kesekretariatan kecamatan\n"
        "SEK.02 | Menyusun program dan anggaran kecamatan\n"
        "SEK.03 | Membina administrasi kepegawaian"
    )
    _shoot(national, shots_dir / "certification-scheme-form-desktop.png")
    national.get_by_test_id("save-scheme").click()
    assert_shows(
        national,
        lang="id",
        heading="Sertifikasi Kompetensi Sekretaris Kecamatan",
        texts=("SEK.03", "Sekretaris Kecamatan, Sekretaris Camat", "3 tahun"),
    )
    assert Scheme.objects.get(code="sekcam").versions.get().units.count() == 3

    national.goto("/sertifikasi/lisensi/?scheme=camat")
    assert_shows(national, lang="id", heading="Lisensi asesor", texts=("Kedaluwarsa", "Berlaku"))
    _shoot(national, shots_dir / "certification-licences-desktop.png")

    # Jawa Timur's operator runs a batch.
    organiser = new_page()
    login(organiser, "operator.jatim")
    organiser.goto("/sertifikasi/angkatan/")
    organiser.get_by_test_id("new-batch").click()
    today = timezone.localdate()
    organiser.locator("#id_scheme").select_option(str(Scheme.objects.get(code="camat").pk))
    organiser.locator("#id_title").fill("Uji Kompetensi Camat Angkatan III")
    organiser.locator("#id_exam_start").fill((today + timedelta(days=30)).isoformat())
    organiser.locator("#id_exam_end").fill((today + timedelta(days=31)).isoformat())
    organiser.locator("#id_place").fill("Gedung BPSDM Provinsi Jawa Timur, Jl. Kawi 31, Malang")
    organiser.locator("#id_nomination_deadline").fill((today + timedelta(days=20)).isoformat())
    organiser.locator("#id_capacity").fill("30")
    _shoot(organiser, shots_dir / "certification-batch-form-desktop.png")
    organiser.get_by_test_id("save-batch").click()
    assert_shows(organiser, lang="id", heading="Uji Kompetensi Camat Angkatan III")
    batch = Batch.objects.get(title="Uji Kompetensi Camat Angkatan III")
    assert batch.organiser.code == "35" and batch.scheme_version.version == 2

    licensed = User.objects.get(username="asesor.jatim")
    organiser.locator("#id_assessor").select_option(str(licensed.pk))
    organiser.get_by_test_id("assign").click()
    organiser.get_by_test_id("assessors").get_by_text(licensed.display_name).first.wait_for()
    assert BatchAssessor.objects.filter(batch=batch).count() == 1

    expired = User.objects.get(username="asesor.purna")
    organiser.locator("#id_assessor").select_option(str(expired.pk))
    organiser.get_by_test_id("assign").click()
    refusal = organiser.get_by_test_id("assign-error").first.inner_text()
    assert f"milik {expired.display_name} berakhir pada 30 Juni 2023, sebelum uji" in refusal
    assert BatchAssessor.objects.filter(batch=batch).count() == 1
    _shoot(organiser, shots_dir / "certification-batch-assessor-refused-desktop.png")

    # Surabaya's operator nominates its own people.
    sekcam = _surabaya_person("Sekretaris Camat Rungkut", "Bambang Wicaksono")
    camat = _surabaya_person("Camat Tegalsari", "Sri Rahayu Ningsih")
    nominator = new_page()
    login(nominator, "operator.surabaya")
    nominator.goto(f"/sertifikasi/angkatan/{batch.pk}/")
    nominator.get_by_test_id("nominate").click()
    assert_shows(nominator, lang="id", heading="Usulkan peserta", texts=("Skema ini untuk: Camat",))
    nominator.locator("#id_q").fill(sekcam.nip)
    nominator.get_by_role("button", name="Cari").click()
    row = nominator.locator(f"tr[data-nip='{sekcam.nip}']")
    assert "Tidak memenuhi syarat" in row.inner_text()
    row.get_by_test_id("pick").click()
    nominator.get_by_test_id("not-eligible").wait_for()
    assert "Jabatan Bambang Wicaksono (Sekretaris Camat Rungkut) bukan jabatan sasaran" in (
        nominator.get_by_test_id("not-eligible").inner_text()
    )
    assert nominator.get_by_test_id("confirm-nominate").count() == 0
    assert not Participation.objects.filter(employee=sekcam).exists()
    _shoot(nominator, shots_dir / "certification-nominate-refused-desktop.png")

    nominator.goto(f"/sertifikasi/angkatan/{batch.pk}/usulkan/?q={camat.nip}")
    nominator.locator(f"tr[data-nip='{camat.nip}']").get_by_test_id("pick").click()
    nominator.get_by_test_id("confirm-nominate").wait_for()
    assert not Participation.objects.filter(employee=camat).exists()
    _shoot(nominator, shots_dir / "certification-nominate-confirm-desktop.png")
    nominator.get_by_test_id("confirm-nominate").click()
    nominator.wait_for_url(f"**/angkatan/{batch.pk}/usulkan/")
    assert Participation.objects.get(employee=camat, batch=batch).institution.code == "35.78"
    assert "Sri Rahayu Ningsih diusulkan" in nominator.locator(".messages").inner_text()
    _shoot(nominator, shots_dir / "certification-nominate-desktop.png", full_page=False)

    organiser.goto(f"/sertifikasi/angkatan/{batch.pk}/")
    assert_shows(
        organiser,
        lang="id",
        heading="Uji Kompetensi Camat Angkatan III",
        texts=("Sri Rahayu Ningsih", licensed.display_name, "Kota Surabaya"),
    )
    _shoot(organiser, shots_dir / "certification-batch-desktop.png")


def test_batches_on_a_phone(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    open_batch = Batch.objects.filter(status="open", organiser__code="35").first()
    assert open_batch is not None, "the demo has an open batch in Jawa Timur"
    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, "operator.surabaya")
    phone.goto("/sertifikasi/angkatan/?status=open")
    assert_shows(phone, lang="id", heading="Angkatan uji", texts=(open_batch.code,))
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "certification-batches-phone.png")

    phone.goto(f"/sertifikasi/angkatan/{open_batch.pk}/")
    assert_shows(phone, lang="id", heading=open_batch.title or open_batch.code, texts=("Asesor",))
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "certification-batch-phone.png")

    lurah = Employee.objects.filter(
        institution__code="35.78", position__name__istartswith="Lurah"
    ).first()
    phone.get_by_test_id("nominate").click()
    phone.locator("#id_q").fill(lurah.full_name)
    phone.get_by_role("button", name="Cari").click()
    assert_shows(phone, lang="id", heading="Usulkan peserta", texts=(lurah.position.name,))
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "certification-nominate-phone.png")

    phone.goto("/sertifikasi/skema/camat/")
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "certification-scheme-phone.png")
