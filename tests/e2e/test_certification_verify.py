"""Public verification in the browser: what a member of the public meets after scanning a
certificate's QR code, on a desktop and on a phone.

A Kota Surabaya civil servant (the demo's ``pegawai.surabaya``) holds a certificate issued
as the plenary issues it. A visitor, signed in nowhere, opens its page: valid, with the
holder's name, the scheme, the dates and the issuing body, never the NIP. They download
the signed credential; it validates against the official Open Badges 3.0 schema and its
proof checks with PyNaCl against the published keys. Uploaded back, it says valid; with
one field changed, not valid, and why; a broken file is refused with a sentence. After
the revocation the page says revoked, with the date; an expired certificate says
expired; an unknown number says so. The language switch on the public page gives
English. Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import base58
import jsonschema
import nacl.signing
import pytest
import rfc8785
from django.utils import timezone
from playwright.sync_api import expect

from tangguh.certification.models import Certificate, Outcome
from tangguh.certification.services_certificates import certificate_issue, certificate_revoke
from tangguh.core.formatting import format_date
from tangguh.people.models import Employee
from tests.accounts.factories import UserFactory
from tests.certification.factories import (
    BatchFactory,
    IssuingBodyFactory,
    ParticipationFactory,
    SchemeFactory,
    SchemeVersionFactory,
)

from .conftest import PHONE
from .helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOLDER_NIP = "198507122010012003"
SCHEMA = Path(__file__).resolve().parents[1] / "certification" / "openbadges"
HEADING = "Apakah sertifikat ini asli?"


def _shoot(page: Any, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    assert path.stat().st_size < 400_000, f"{path.name} is {path.stat().st_size} bytes"


def _issued(code: str, *, days_ago: int) -> Certificate:
    """A certificate of a new scheme ``<code>-e2e`` (the demo has its own ``code``)."""
    holder = Employee.objects.get(nip=HOLDER_NIP)
    version = SchemeVersionFactory(
        scheme=SchemeFactory(code=f"{code}-e2e"),
        name=f"Sertifikasi Kompetensi {code.replace('-', ' ').title()}",
        issuing_body=IssuingBodyFactory(),
        validity_years=3,
        units=0,
    )
    for order, title in enumerate(
        ("Menyusun rencana kerja kecamatan", "Membina pelayanan publik"), start=1
    ):
        version.units.create(order=order, code=f"PDN.{order:02d}", title=title)
    exam = timezone.localdate() - timedelta(days=days_ago)
    batch = BatchFactory(scheme_version=version, exam_start=exam, title=f"Uji {version.name}")
    part = ParticipationFactory(
        batch=batch, employee=holder, outcome=Outcome.CERTIFIED, decided_on=exam + timedelta(days=9)
    )
    return certificate_issue(participation=part, actor=None, issued_on=exam + timedelta(days=9))


def _pynacl_check(document: dict[str, Any], keys_document: dict[str, Any]) -> None:
    """eddsa-jcs-2022 by hand, with rfc8785 and PyNaCl (not the project's code)."""
    proof = document["proof"]
    key_id = proof["verificationMethod"]
    method = next(m for m in keys_document["verificationMethod"] if m["id"] == key_id)
    raw = base58.b58decode(method["publicKeyMultibase"][1:])
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    data = (
        hashlib.sha256(rfc8785.dumps(config)).digest()
        + hashlib.sha256(rfc8785.dumps(unsecured)).digest()
    )
    nacl.signing.VerifyKey(raw[2:]).verify(data, base58.b58decode(proof["proofValue"][1:]))


def _upload(page: Any, path: Path) -> None:
    page.goto("/verify/")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Periksa").click()
    page.wait_for_load_state("load")


def test_a_visitor_checks_a_certificate_and_its_credential(new_page, shots_dir, tmp_path):  # type: ignore[no-untyped-def]
    cert = _issued("camat", days_ago=40)
    page = new_page()
    page.goto(f"/verify/{cert.number}")
    result = page.get_by_test_id("verify-result")
    expect(result).to_have_attribute("data-status", "valid")
    assert_shows(
        page,
        lang="id",
        heading=HEADING,
        texts=(
            "Berlaku",
            f"Sertifikat ini asli dan berlaku sampai {format_date(cert.expires_on)}.",
            cert.holder_name,
            "Sertifikasi Kompetensi Camat",
            cert.issuing_body.name,
            cert.number,
        ),
    )
    text = page.locator("body").inner_text()
    assert HOLDER_NIP not in text and HOLDER_NIP[:8] not in text
    assert page.locator("nav.sidebar").count() == 0  # public: no menu
    _shoot(page, shots_dir / "certification-verify-valid-desktop.png")

    # The signed credential, downloaded from the page.
    with page.expect_download() as download:
        page.get_by_test_id("credential-link").click()
    credential_path = tmp_path / "credential.json"
    download.value.save_as(credential_path)
    credential = json.loads(credential_path.read_text())
    schema = json.loads((SCHEMA / "achievementcredential.schema.json").read_text())
    jsonschema.Draft201909Validator(schema).validate(credential)
    keys_document = page.request.get("/verify/keys").json()
    _pynacl_check(credential, keys_document)

    # Uploaded back: valid. One field changed: not valid, and why.
    _upload(page, credential_path)
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-status", "valid")
    _shoot(page, shots_dir / "certification-verify-upload-valid-desktop.png")
    tampered = dict(credential, validUntil="2099-12-31T23:59:59Z")
    tampered_path = tmp_path / "tampered.json"
    tampered_path.write_text(json.dumps(tampered))
    _upload(page, tampered_path)
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-status", "invalid")
    expect(page.get_by_test_id("verify-reasons")).to_contain_text(
        "kredensial diubah setelah ditandatangani"
    )
    _shoot(page, shots_dir / "certification-verify-tampered-desktop.png")

    # On a phone: the same page, nothing wider than the screen.
    phone = new_page(viewport=PHONE)
    phone.goto(f"/verify/{cert.number}")
    expect(phone.get_by_test_id("verify-result")).to_have_attribute("data-status", "valid")
    _shoot(phone, shots_dir / "certification-verify-valid-phone.png")
    assert horizontal_overflow(phone) == 0
    _upload(phone, tampered_path)
    expect(phone.get_by_test_id("verify-result")).to_have_attribute("data-status", "invalid")
    assert horizontal_overflow(phone) == 0
    _shoot(phone, shots_dir / "certification-verify-tampered-phone.png")


def test_a_broken_upload_is_refused_with_a_sentence(new_page, shots_dir, tmp_path):  # type: ignore[no-untyped-def]
    before = Certificate.objects.count()
    broken = tmp_path / "rusak.json"
    broken.write_text('{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": ')
    page = new_page(viewport=PHONE)
    _upload(page, broken)
    error = page.locator(".field-error")
    expect(error).to_contain_text("Ini bukan JSON yang sah (baris 1")
    assert page.get_by_test_id("verify-result").count() == 0
    assert horizontal_overflow(page) == 0
    _shoot(page, shots_dir / "certification-verify-broken-phone.png")
    page.get_by_role("button", name="Periksa").click()  # nothing chosen
    expect(page.locator(".error-box")).to_contain_text("Tempel JSON kredensial")
    assert Certificate.objects.count() == before


def test_revoked_expired_and_unknown_say_so(new_page, shots_dir):  # type: ignore[no-untyped-def]
    cert = _issued("lurah", days_ago=30)
    page = new_page()
    page.goto(f"/verify/{cert.number}")  # seen valid first: the kept page must not linger
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-status", "valid")
    national = UserFactory(role="national_admin", institution=cert.issuing_body.institution)
    certificate_revoke(certificate=cert, reason="Data pemegang tidak benar.", actor=national)
    cert.refresh_from_db()
    page.goto(f"/verify/{cert.number}")
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-status", "revoked")
    revoked_on = format_date(timezone.localdate(cert.revoked_at))
    assert_shows(
        page,
        lang="id",
        heading=HEADING,
        texts=("Dicabut", f"Sertifikat ini dicabut pada {revoked_on}: tidak berlaku lagi."),
    )
    _shoot(page, shots_dir / "certification-verify-revoked-desktop.png")
    phone = new_page(viewport=PHONE)
    phone.goto(f"/verify/{cert.number}")
    expect(phone.get_by_test_id("verify-result")).to_have_attribute("data-status", "revoked")
    _shoot(phone, shots_dir / "certification-verify-revoked-phone.png")

    old = _issued("sekretaris-camat", days_ago=4 * 365)
    page.goto(f"/verify/{old.number}")
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-status", "expired")
    expect(page.get_by_test_id("verify-result")).to_contain_text(
        f"kedaluwarsa pada {format_date(old.expires_on)}"
    )

    page.goto("/verify/SKP-TIDAKADA-2024-00001")
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-status", "unknown")
    expect(page.get_by_test_id("verify-result")).to_contain_text("SKP-TIDAKADA-2024-00001")


def test_the_public_page_switches_to_english(new_page, shots_dir):  # type: ignore[no-untyped-def]
    cert = _issued("widyaiswara", days_ago=20)
    page = new_page(viewport=PHONE)
    page.goto(f"/verify/{cert.number}")
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-status", "valid")
    assert_shows(
        page,
        lang="en",
        heading="Is this certificate genuine?",
        texts=("Valid", "Holder", cert.holder_name),
    )
    _shoot(page, shots_dir / "certification-verify-valid-phone-en.png")
