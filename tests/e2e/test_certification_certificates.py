"""Certificates in the browser: the list and its filters, one certificate, its PDF, and the
national administrator revoking one and renewing another through confirmation pages.

A Kota Surabaya civil servant (the demo's ``pegawai.surabaya``) was decided competent by
a Jawa Timur batch; the certificate is issued as the plenary issues it. The national
administrator finds it in the list, opens it, downloads the PDF, tries to revoke it
without a reason (refused, nothing changes), revokes it with one, and the public
verification page then says revoked. Surabaya's administrator reads the same pages on a
phone. Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1.
"""

import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tangguh.certification.models import Certificate, Outcome
from tangguh.certification.services_certificates import certificate_issue
from tangguh.people.models import Employee
from tests.certification.factories import (
    BatchFactory,
    IssuingBodyFactory,
    ParticipationFactory,
    SchemeFactory,
    SchemeVersionFactory,
)
from tests.pdf_tools import pdf_qr, require_pdf_tools

from .helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOLDER_NIP = "198507122010012003"


def _shoot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    assert path.stat().st_size < 400_000, f"{path.name} is {path.stat().st_size} bytes"


def _pdf_picture(pdf: str, png: Path) -> None:
    """The PDF's first page as a picture (poppler's pdftoppm)."""
    require_pdf_tools()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "90",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-png",
            pdf,
            str(png.with_suffix("")),
        ],
        check=True,
    )
    assert png.stat().st_size < 400_000


def _issued(code: str, holder: Employee, *, days_ago: int) -> Certificate:
    """A certificate of scheme ``code`` issued to ``holder`` as the plenary issues it."""
    version = SchemeVersionFactory(
        scheme=SchemeFactory(code=code),
        name=f"Sertifikasi Kompetensi {code.replace('-', ' ').title()}",
        issuing_body=IssuingBodyFactory(),
        validity_years=3,
        units=0,
    )
    for order, title in enumerate(
        (
            "Menyusun rencana kerja kecamatan",
            "Mengoordinasikan penyelenggaraan pemerintahan",
            "Membina pelayanan publik",
        ),
        start=1,
    ):
        version.units.create(order=order, code=f"PDN.{order:02d}", title=title)
    exam = timezone.localdate() - timedelta(days=days_ago)
    batch = BatchFactory(scheme_version=version, exam_start=exam, title=f"Uji {version.name}")
    part = ParticipationFactory(
        batch=batch,
        employee=holder,
        outcome=Outcome.CERTIFIED,
        decided_on=exam + timedelta(days=12),
    )
    return certificate_issue(participation=part, actor=None)


def _holder() -> Employee:
    return Employee.objects.get(nip=HOLDER_NIP)


def test_the_national_administrator_finds_reads_and_revokes_a_certificate(  # type: ignore[no-untyped-def]
    new_page, login, shots_dir, settings, live_server, tmp_path
):
    settings.TANGGUH_PUBLIC_URL = live_server.url  # the QR code leads to this server
    cert = _issued("pimpinan-kecamatan", _holder(), days_ago=60)
    page = new_page()
    login(page, "nasional")

    page.goto("/sertifikasi/sertifikat/")
    assert_shows(page, lang="id", heading="Sertifikat", texts=(cert.number, "Berlaku"))
    if page.get_by_test_id("filter-toggle").is_visible():  # folded on narrow screens only
        page.get_by_test_id("filter-toggle").click()
    page.locator("#id_q").fill(cert.number)
    page.wait_for_url("**q=SKP*")
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("result-count").inner_text().startswith("1 ")
    _shoot(page, shots_dir / "certification-certificates-desktop.png")

    page.get_by_role("link", name=cert.number).click()
    assert_shows(
        page,
        lang="id",
        heading=cert.holder_name,
        texts=(
            "Instansi saat diterbitkan",
            "Berlaku",
            "Menyusun rencana kerja kecamatan",
            "Kota Surabaya",
        ),
    )
    _shoot(page, shots_dir / "certification-certificate-desktop.png")

    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    _pdf_picture(download.value.path(), shots_dir / "certification-certificate-pdf.png")
    # The QR code, read from the printed page, opens the public page: valid.
    scanned = pdf_qr(Path(download.value.path()), tmp_path)
    assert scanned == f"{live_server.url}/verify/{cert.number}"
    public = new_page(viewport={"width": 390, "height": 844})
    public.goto(scanned)
    assert public.get_by_test_id("verify-result").get_attribute("data-status") == "valid"

    page.get_by_test_id("revoke").click()
    page.get_by_test_id("revoke-continue").click()  # no reason
    assert page.locator(".field-error").first.inner_text() == "Sebutkan alasan sertifikat dicabut."
    assert Certificate.objects.get(pk=cert.pk).revoked_at is None
    _shoot(page, shots_dir / "certification-certificate-revoke-error-desktop.png")
    page.locator("#id_reason").fill("Dokumen persyaratan yang diajukan terbukti tidak sah.")
    page.get_by_test_id("revoke-continue").click()
    page.get_by_test_id("revoke-confirm").wait_for()
    assert Certificate.objects.get(pk=cert.pk).revoked_at is None
    _shoot(page, shots_dir / "certification-certificate-revoke-confirm-desktop.png")
    page.get_by_test_id("revoke-yes").click()
    page.get_by_test_id("revoked-banner").wait_for()
    assert "Dicabut" in page.get_by_test_id("certificate-status").first.inner_text()
    assert Certificate.objects.get(pk=cert.pk).status == "revoked"
    _shoot(page, shots_dir / "certification-certificate-revoked-desktop.png")

    public = new_page()
    public.goto(f"/verify/{cert.number}")
    assert public.get_by_test_id("verify-result").get_attribute("data-status") == "revoked"
    assert "dicabut" in public.locator("main").inner_text().lower()


def test_the_national_administrator_renews_a_certificate(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    old = _issued("kepala-wilayah", _holder(), days_ago=300)
    page = new_page()
    login(page, "nasional")
    page.goto(f"/sertifikasi/sertifikat/{old.number}/")
    page.get_by_test_id("renew").click()
    page.get_by_test_id("renew-continue").click()
    page.get_by_test_id("renew-confirm").wait_for()
    _shoot(page, shots_dir / "certification-certificate-renew-confirm-desktop.png")
    assert not Certificate.objects.filter(renewed_from=old).exists()
    page.get_by_test_id("renew-yes").click()
    page.get_by_test_id("renewals").wait_for()
    new = Certificate.objects.get(renewed_from=old)
    assert page.get_by_test_id("certificate-number").inner_text() == new.number
    assert new.issued_on == timezone.localdate()
    assert old.number in page.get_by_test_id("renewals").inner_text()


def test_surabaya_reads_its_certificates_on_a_phone(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    cert = _issued("pimpinan-kelurahan", _holder(), days_ago=90)
    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, "admin.surabaya")
    phone.goto("/sertifikasi/sertifikat/?status=valid&year=" + str(cert.issued_on.year))
    assert_shows(phone, lang="id", heading="Sertifikat", texts=(cert.number,))
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "certification-certificates-phone.png")
    phone.goto(f"/sertifikasi/sertifikat/{cert.number}/")
    assert_shows(phone, lang="id", heading=cert.holder_name, texts=("Unduh PDF",))
    assert horizontal_overflow(phone) == 0
    assert phone.get_by_test_id("revoke").count() == 0  # only the national administrator
    _shoot(phone, shots_dir / "certification-certificate-phone.png")


def test_the_list_in_english_with_the_expiring_filter(new_page, login):  # type: ignore[no-untyped-def]
    soon = _issued("camat-sepuh", _holder(), days_ago=1080)  # valid three years: ends soon
    assert soon.expires_on <= date.today() + timedelta(days=90)
    page = new_page(locale="en-US")
    login(page, "auditor.nasional")
    page.goto("/sertifikasi/sertifikat/?expiring=true")
    assert_shows(page, lang="en", heading="Certificates", texts=(soon.number, "Valid"))


def test_the_certificate_pages_pass_the_structural_accessibility_checks(new_page, login):  # type: ignore[no-untyped-def]
    from .test_accessibility import CHECKS

    cert = _issued("pimpinan-desa", _holder(), days_ago=45)
    page = new_page()
    login(page, "nasional")
    for path in ("", f"{cert.number}/", f"{cert.number}/cabut/", f"{cert.number}/perpanjang/"):
        page.goto(f"/sertifikasi/sertifikat/{path}")
        assert page.evaluate(CHECKS) == [], path
    page.goto(f"/sertifikasi/sertifikat/{cert.number}/cabut/")
    page.locator("#id_reason").fill("Uji")
    page.get_by_test_id("revoke-continue").click()
    page.get_by_test_id("revoke-confirm").wait_for()
    assert page.evaluate(CHECKS) == []
