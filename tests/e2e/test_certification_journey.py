"""Certification end to end, as the issue's "Done when" reads, in headless Chromium.

The national administrator defines a scheme and licenses assessors; Jawa Timur's
operator runs a batch (an assessor whose licence expired is refused); Surabaya's
operator nominates its lurah (a civil servant of the wrong position is refused); an
assessor records results on screen and Jawa Timur's operator imports the rest from the
assessor's spreadsheet (a bad row reported, the rest imported); the assessor may not
decide the plenary of someone they assessed; Jawa Timur's administrator decides it,
which issues the certificates. The PDF's QR code, read from the rendered page, opens
the public verification page, which says valid; the credential validates against the
official Open Badges 3.0 schema and its proof checks with PyNaCl (an Ed25519
implementation of its own, over JCS bytes from the rfc8785 package); a changed field
and a malformed upload fail with a message; revocation turns the page to revoked.
Every refusal leaves the database as it was. Screenshots go to docs/screenshots/.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import base58
import jsonschema
import pytest
import rfc8785
from django.utils import timezone, translation
from nacl.signing import VerifyKey
from openpyxl import Workbook

from tangguh.accounts.models import User
from tangguh.certification.models import (
    AssessorLicence,
    Batch,
    BatchAssessor,
    Certificate,
    Participation,
    Scheme,
    UnitResult,
)
from tangguh.core.models import AuditEntry
from tangguh.people.demo import DEMO_EMPLOYEE_NIP
from tangguh.people.models import Employee
from tests.pdf_tools import pdf_qr

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT = 30_000  # ms: a write, its audit and the next page, on a shared machine
SCHEMA = Path(__file__).resolve().parents[1] / "certification" / "openbadges"
CODE = "pelayanan-kelurahan"
UNITS = (
    ("PK.01", "Menyelenggarakan pelayanan administrasi kelurahan"),
    ("PK.02", "Mengoordinasikan ketenteraman dan ketertiban kelurahan"),
    ("PK.03", "Memberdayakan lembaga kemasyarakatan kelurahan"),
)


# The audited writes of this journey (reads of personal data are audited too, and grow).
WRITES = {
    f"certification.{name}"
    for name in (
        "batch_assessor_assign", "participant_nominate", "result_record", "results_import",
        "plenary_decide", "certificate_issue", "certificate_renew", "certificate_revoke",
    )
}  # fmt: skip


def _t(text: str, **params: Any) -> str:
    with translation.override("id"):
        said = translation.gettext(text)
    return said % params if params else said


def _shoot(page: Any, path: Path) -> None:
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")


def _state() -> tuple[int, ...]:
    """What a refusal must leave unchanged."""
    return (
        Batch.objects.count(),
        BatchAssessor.objects.count(),
        Participation.objects.count(),
        UnitResult.objects.count(),
        Certificate.objects.count(),
        Certificate.objects.filter(revoked_at__isnull=False).count(),
        Participation.objects.exclude(outcome="pending").count(),
        AuditEntry.objects.filter(action__in=WRITES).count(),
    )


def _submit(page: Any, test_id: str) -> None:
    page.get_by_test_id(test_id).click()
    page.wait_for_load_state("load")


# --- the steps -----------------------------------------------------------------------


def _define_scheme(page: Any, shots: Path) -> Scheme:
    page.goto("/sertifikasi/skema/baru/", timeout=WAIT)
    page.locator("#id_code").fill(CODE)
    page.locator("#id_name").fill("Sertifikasi Kompetensi Pelayanan Kelurahan")
    page.locator("#id_description").fill("Pelayanan dan ketertiban di kelurahan.")
    page.locator("#id_target_positions").fill("Lurah")
    page.locator("#id_validity_years").fill("3")
    page.locator("#id_units").fill("\n".join(f"{c} | {t}" for c, t in UNITS))
    _shoot(page, shots / "certification-journey-01-scheme.png")
    _submit(page, "save-scheme")
    scheme = Scheme.objects.get(code=CODE)
    assert list(scheme.versions.get().units.values_list("code", flat=True)) == [c for c, _ in UNITS]
    return scheme


def _grant(page: Any, username: str, number: str, valid_from: Any, valid_until: Any) -> None:
    page.goto("/sertifikasi/lisensi/baru/", timeout=WAIT)
    form = page.get_by_test_id("licence-form")
    form.locator("#id_assessor").select_option(str(User.objects.get(username=username).pk))
    form.locator("#id_scheme").select_option(label=CODE.upper())
    form.locator("#id_number").fill(number)
    form.locator("#id_valid_from").fill(valid_from.isoformat())
    form.locator("#id_valid_until").fill(valid_until.isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert AssessorLicence.objects.filter(number=number).exists(), page.content()[:3000]


def _create_batch(page: Any, today: Any, shots: Path) -> Batch:
    page.goto("/sertifikasi/angkatan/baru/", timeout=WAIT)
    form = page.get_by_test_id("batch-form")
    scheme_value = form.locator("#id_scheme option", has_text=CODE.upper()).first
    form.locator("#id_scheme").select_option(scheme_value.get_attribute("value"))
    organiser = form.locator("#id_organiser")
    if organiser.count() and organiser.evaluate("e => e.tagName") == "SELECT":
        organiser.select_option(label="Jawa Timur")
    form.locator("#id_code").fill("UK-PK-E2E-01")
    form.locator("#id_title").fill("Uji Kompetensi Pelayanan Kelurahan, Surabaya")
    form.locator("#id_exam_start").fill(today.isoformat())
    form.locator("#id_exam_end").fill(today.isoformat())
    form.locator("#id_place").fill("BPSDM Provinsi Jawa Timur, Surabaya")
    form.locator("#id_capacity").fill("10")
    _submit(page, "save-batch")
    batch = Batch.objects.get(code="UK-PK-E2E-01")
    assert batch.organiser.code == "35"
    return batch


def _assign(page: Any, batch: Batch, username: str) -> None:
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/", timeout=WAIT)
    form = page.get_by_test_id("assign-form")
    form.locator("select").select_option(str(User.objects.get(username=username).pk))
    _submit(page, "assign")


def _nominate(page: Any, batch: Batch, employee: Employee) -> Any:
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/usulkan/?q={employee.nip}", timeout=WAIT)
    page.get_by_test_id("candidates").get_by_test_id("pick").first.click()
    page.wait_for_load_state("load")
    return page


def _record_on_screen(page: Any, batch: Batch, participation: Participation) -> None:
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/hasil/peserta/{participation.pk}/", timeout=WAIT)
    for code, _title in UNITS:
        card = page.locator(f"fieldset[data-unit='{code}']")
        card.locator("input[type=radio][value=K]").check()
        card.locator("textarea").first.fill("Portofolio lengkap; wawancara memadai.")
    _submit(page, "save-results")


def _results_sheet(tmp_path: Path, rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Kode Unit", "Rekomendasi", "Catatan", "Bukti", "Asesor"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "hasil-asesmen.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def _decide(page: Any, batch: Batch, participation: Participation, today: Any) -> None:
    page.goto(f"/sertifikasi/angkatan/{batch.pk}/pleno/{participation.pk}/", timeout=WAIT)
    page.locator("input[type=radio][name=outcome][value=certified]").check()
    page.locator("#id_decided_on").fill(today.isoformat())
    page.locator("#id_note").fill("Sidang pleno LSP Pemerintahan Dalam Negeri.")
    _submit(page, "review-decision")
    _submit(page, "confirm-decision")


def _verify_proof(credential: dict[str, Any], keys: dict[str, Any]) -> None:
    """eddsa-jcs-2022, checked with PyNaCl over rfc8785's canonical bytes."""
    proof = dict(credential["proof"])
    signature = base58.b58decode(proof.pop("proofValue")[1:])
    document = {k: v for k, v in credential.items() if k != "proof"}
    digest = (
        hashlib.sha256(rfc8785.dumps(proof)).digest()
        + hashlib.sha256(rfc8785.dumps(document)).digest()
    )
    method = next(m for m in keys["verificationMethod"] if m["id"] == proof["verificationMethod"])
    raw = base58.b58decode(method["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"  # the multicodec prefix of an Ed25519 public key
    VerifyKey(raw[2:]).verify(digest, signature)  # raises BadSignatureError if not


def _schema_validator() -> Any:
    schema = json.loads((SCHEMA / "achievementcredential.schema.json").read_text())
    return jsonschema.Draft201909Validator(schema)


# --- the journey ---------------------------------------------------------------------


def test_from_scheme_to_revocation(new_page, login, live_server, settings, tmp_path, shots_dir):  # type: ignore[no-untyped-def]
    settings.TANGGUH_PUBLIC_URL = live_server.url  # the QR code and credential ids point here
    today = timezone.localdate()

    # 1. The national administrator defines the scheme and licenses two assessors: one
    #    for years to come, one whose licence ran out last year.
    national = new_page()
    login(national, "nasional")
    _define_scheme(national, shots_dir)
    _grant(
        national,
        "asesor.jatim",
        "LIS-PK-E2E-001",
        today - timedelta(days=30),
        today + timedelta(days=900),
    )
    expired_until = today - timedelta(days=200)
    _grant(national, "asesor.purna", "LIS-PK-E2E-002", today - timedelta(days=900), expired_until)

    # 2. Jawa Timur runs a batch; the assessor with the expired licence is refused.
    province = new_page()
    login(province, "operator.jatim")
    batch = _create_batch(province, today, shots_dir)
    _assign(province, batch, "asesor.jatim")
    assert batch.batch_assessors.count() == 1
    before = _state()
    _assign(province, batch, "asesor.purna")
    error = province.get_by_test_id("assign-error").first.inner_text()
    assert "LIS-PK-E2E-002" in error, error
    assert (
        _t(
            "The licence %(number)s of %(name)s expired on %(date)s, before the exam (%(exam)s).",
            number="LIS-PK-E2E-002",
            name="X",
            date="D",
            exam="E",
        ).split("X")[0]
        in error
    )
    _shoot(province, shots_dir / "certification-journey-02-expired-licence-refused.png")
    assert _state() == before

    # 3. Surabaya nominates three of its lurah; an analyst (wrong position) is refused.
    lurah = list(
        Employee.objects.filter(
            institution__code="35.78", status="active", position__name__startswith="Lurah "
        ).order_by("nip")[:3]
    )
    surabaya = new_page()
    login(surabaya, "operator.surabaya")
    for person in lurah:
        _nominate(surabaya, batch, person)
        _submit(surabaya, "confirm-nominate")
    assert batch.participations.count() == 3
    before = _state()
    _nominate(surabaya, batch, Employee.objects.get(nip=DEMO_EMPLOYEE_NIP))
    refusal = surabaya.get_by_test_id("not-eligible").inner_text()
    assert "Lurah" in refusal and "Analis Sumber Daya Manusia Aparatur" in refusal, refusal
    assert not surabaya.get_by_test_id("confirm-nominate").count()
    _shoot(surabaya, shots_dir / "certification-journey-03-wrong-position-refused.png")
    assert _state() == before

    # 4. The batch goes to assessment; the assessor records the first participant on screen.
    province.goto(f"/sertifikasi/angkatan/{batch.pk}/ubah/", timeout=WAIT)
    province.locator("#id_status").select_option("assessment")
    _submit(province, "save-batch")
    batch.refresh_from_db()
    assert batch.status == "assessment"
    first, second, third = batch.participations.order_by("nip")
    assessor = new_page()
    login(assessor, "asesor.jatim")
    _record_on_screen(assessor, batch, first)
    assert set(first.unit_results.values_list("recommendation", flat=True)) == {"K"}
    _shoot(assessor, shots_dir / "certification-journey-04-results-on-screen.png")

    # 5. The operator imports the assessor's spreadsheet: a bad row is reported with its
    #    row and column, the rest goes in.
    rows = [
        [p.nip, code, "K", "Lengkap", "Portofolio", "asesor.jatim"]
        for p in (second, third)
        for code, _ in UNITS
    ]
    rows.insert(2, [second.nip, "PK.09", "Kompeten", "", "", "asesor.jatim"])  # no such unit
    sheet = _results_sheet(tmp_path, rows)
    province.goto(f"/sertifikasi/angkatan/{batch.pk}/hasil/impor/", timeout=WAIT)
    province.locator("input[type=file]").set_input_files(str(sheet))
    _submit(province, "upload")
    problems = province.get_by_test_id("problems")
    assert "PK.09" in problems.inner_text()
    assert "4" in problems.inner_text()  # the bad row's number in the sheet (header is row 1)
    _shoot(province, shots_dir / "certification-journey-05-results-import-bad-row.png")
    assert UnitResult.objects.filter(participation__in=[second, third]).count() == 0
    # Strict by default: the whole file waits. Without it, the good rows go in.
    province.goto(f"/sertifikasi/angkatan/{batch.pk}/hasil/impor/", timeout=WAIT)
    province.locator("input[type=file]").set_input_files(str(sheet))
    province.locator("input[name=strict]").uncheck()
    _submit(province, "upload")
    assert "PK.09" in province.get_by_test_id("problems").inner_text()
    _submit(province, "confirm-import")
    assert province.get_by_test_id("import-done").count() == 1
    assert UnitResult.objects.filter(participation__batch=batch).count() == 9

    # 6. The assessor may not decide the plenary of someone they assessed.
    before = _state()
    assessor.goto(f"/sertifikasi/angkatan/{batch.pk}/pleno/{first.pk}/", timeout=WAIT)
    assert assessor.get_by_test_id("own-assessee").count() == 1
    csrf = next(c["value"] for c in assessor.context.cookies() if c["name"] == "csrftoken")
    answer = assessor.request.post(
        f"{live_server.url}/sertifikasi/angkatan/{batch.pk}/pleno/{first.pk}/",
        form={
            "csrfmiddlewaretoken": csrf,
            "outcome": "certified",
            "decided_on": today.isoformat(),
            "confirm": "1",
        },
        headers={"X-CSRFToken": csrf, "Referer": f"{live_server.url}/"},
        timeout=WAIT,
    )
    assert answer.status in (200, 400, 403, 409), answer.status
    assert (
        _t("You assessed this participant; the plenary decision must be recorded by someone else.")
        in answer.text()
    )
    assert _state() == before
    _shoot(assessor, shots_dir / "certification-journey-06-own-assessee-refused.png")

    # 7. Jawa Timur's administrator decides; the certificates are issued.
    admin = new_page()
    login(admin, "admin.jatim")
    for participation in (first, second, third):
        _decide(admin, batch, participation, today)
    admin.goto(f"/sertifikasi/angkatan/{batch.pk}/pleno/", timeout=WAIT)
    _shoot(admin, shots_dir / "certification-journey-07-plenary-decided.png")
    certificates = Certificate.objects.filter(participation__batch=batch)
    assert certificates.count() == 3
    certificate = certificates.get(participation=first)

    # 8. The PDF's QR code leads to the public page, which says valid.
    response = admin.request.get(
        f"{live_server.url}/sertifikasi/sertifikat/{certificate.number}/pdf/", timeout=WAIT
    )
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    pdf = tmp_path / "sertifikat.pdf"
    pdf.write_bytes(response.body())
    target = pdf_qr(pdf, tmp_path)
    assert target == f"{live_server.url}/verify/{certificate.number}"
    public = new_page()  # nobody signed in
    public.goto(target, timeout=WAIT)
    result = public.get_by_test_id("verify-result")
    assert result.get_attribute("data-status") == "valid"
    text = public.locator("main").inner_text()
    assert certificate.holder_name in text and certificate.nip not in text
    _shoot(public, shots_dir / "certification-journey-08-verify-valid-desktop.png")
    phone = new_page(viewport=PHONE)
    phone.goto(target, timeout=WAIT)
    assert phone.get_by_test_id("verify-result").get_attribute("data-status") == "valid"
    _shoot(phone, shots_dir / "certification-journey-08-verify-valid-phone.png")

    # 9. The credential: official schema, and a proof PyNaCl accepts.
    credential = json.loads(public.request.get(f"{target}/credential.json", timeout=WAIT).body())
    _schema_validator().validate(credential)
    keys = json.loads(public.request.get(f"{live_server.url}/verify/keys", timeout=WAIT).body())
    _verify_proof(credential, keys)

    # 10. A changed field fails, and says so; a malformed upload is refused with a message.
    before = _state()
    tampered = json.loads(json.dumps(credential))
    tampered["validUntil"] = "2099-12-31T23:59:59Z"
    public.goto("/verify/", timeout=WAIT)
    public.locator("textarea").fill(json.dumps(tampered))
    public.get_by_test_id("verify-form").locator("button[type=submit]").click()
    public.wait_for_load_state("load")
    assert public.get_by_test_id("verify-result").get_attribute("data-status") == "invalid"
    assert public.get_by_test_id("verify-reasons").inner_text().strip()
    _shoot(public, shots_dir / "certification-journey-09-tampered-refused.png")
    broken = tmp_path / "credential.json"
    broken.write_text('{"@context": ["https://www.w3.org/ns/credentials/v2", ')
    public.goto("/verify/", timeout=WAIT)
    public.locator("input[type=file]").set_input_files(str(broken))
    public.get_by_test_id("verify-form").locator("button[type=submit]").click()
    public.wait_for_load_state("load")
    error = public.locator(".field-error, [data-testid=verify-reasons]").first.inner_text()
    assert "JSON" in error, error
    assert public.get_by_test_id("verify-result").count() == 0  # no verdict on no credential
    _shoot(public, shots_dir / "certification-journey-10-malformed-refused.png")
    assert _state() == before

    # 11. The national administrator revokes; the page says revoked, with the date.
    national.goto(f"/sertifikasi/sertifikat/{certificate.number}/cabut/", timeout=WAIT)
    national.locator("textarea").fill("SK pengangkatan sebagai lurah dibatalkan.")
    _submit(national, "revoke-continue")
    _submit(national, "revoke-yes")
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    public.goto(target, timeout=WAIT)
    assert public.get_by_test_id("verify-result").get_attribute("data-status") == "revoked"
    _shoot(public, shots_dir / "certification-journey-11-verify-revoked.png")
    # The credential itself did not change: it still checks, its status says revoked.
    _verify_proof(
        json.loads(public.request.get(f"{target}/credential.json", timeout=WAIT).body()), keys
    )
