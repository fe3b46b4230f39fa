"""The certificate's PDF: Indonesian wording, the holder, the number, and a QR code to its page."""

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from tangguh.certification import services_certificates as svc
from tangguh.certification.pdf import certificate_html, certificate_pdf, qr_svg
from tangguh.certification.public_urls import verify_url
from tests.pdf_tools import require_pdf_tools

from .certificates_helpers import certified

pytestmark = pytest.mark.django_db


def _issue():  # type: ignore[no-untyped-def]
    part = certified(
        employee__full_name="Siti Rahmawati",
        batch__scheme_version__name="Sertifikasi Kompetensi Camat",
        batch__exam_start=date(2026, 10, 1),
        decided_on=date(2026, 10, 12),
    )
    return svc.certificate_issue(participation=part, actor=None)


def test_the_document_says_who_what_and_until_when_in_indonesian():
    cert = _issue()
    html = certificate_html(cert)
    assert "SERTIFIKAT KOMPETENSI" in html and cert.number in html
    assert "Siti Rahmawati" in html and "Sertifikasi Kompetensi Camat" in html
    assert "12 Oktober 2026" in html and "12 Oktober 2029" in html  # Indonesian months
    assert "Unit kompetensi 1" in html  # the units, on page two
    assert verify_url(cert.number) in html
    assert "DICABUT" not in html


def test_the_qr_code_is_the_verification_address():
    cert = _issue()
    assert qr_svg(verify_url(cert.number)) in certificate_html(cert)


def test_a_revoked_certificate_is_stamped():
    cert = _issue()
    cert.revoked_at = timezone.now()
    assert "DICABUT" in certificate_html(cert)


def test_the_pdf_has_two_pages_and_renders(tmp_path):
    cert = _issue()
    pdf = certificate_pdf(cert)
    assert pdf.startswith(b"%PDF")
    out = os.environ.get("TANGGUH_CERT_PDF_DIR")
    target = Path(out) if out else tmp_path
    (target / "certificate.pdf").write_bytes(pdf)
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(target / "certificate.pdf")], capture_output=True, text=True
        ).stdout
        assert re.search(r"^Pages:\s+2$", info, re.MULTILINE), info


def test_the_printed_qr_code_reads_back_as_the_verification_address(tmp_path):
    require_pdf_tools()
    cert = _issue()
    (tmp_path / "c.pdf").write_bytes(certificate_pdf(cert))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    page = next(tmp_path.glob("p*.png"))
    read = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True)
    assert read.stdout.strip() == verify_url(cert.number)
