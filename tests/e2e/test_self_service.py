"""A civil servant reads their own record, asks for a correction and downloads their data.

pegawai.surabaya (Siti Rahmawati, NIP 198507122010012003: a demo record with two
periods) opens "My record", sends an empty correction form (refused, in words), asks
for a correction of her name, and downloads her data as JSON and PDF.
operator.surabaya finds the request in the queue and marks it done; she sees it done.
In Indonesian at desktop width and in English at phone width. Screenshots go to
docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import translation

from tangguh.accounts.models import User
from tangguh.people import selectors_self
from tangguh.people.demo import DEMO_EMPLOYEE_NIP
from tangguh.people.models import CorrectionRequest
from tangguh.people.parsing.nip import format_nip
from tangguh.people.views.self_service import my_data_html

from .conftest import DESKTOP, PHONE
from .helpers import assert_shows, horizontal_overflow
from .test_accessibility import CHECKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_NAME = "Siti Rahmawati Putri"


def _t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _shoot(page: Any, path: Path) -> None:
    """A screenshot of a page that passes the structural accessibility checks."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CHECKS) == [], page.url
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    assert path.stat().st_size < 400_000, f"{path.name} is {path.stat().st_size} bytes"


def _download(page: Any, test_id: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=20_000) as info:
        page.get_by_test_id(test_id).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _pdf_page_shot(language: str, path: Path) -> None:
    """The PDF's document rendered by Chromium (no PDF rasteriser on the machine)."""
    user = User.objects.get(username="pegawai.surabaya")
    employee = selectors_self.own_employee(user=user)
    assert employee is not None
    request = RequestFactory().get("/")
    request.user = user
    with translation.override(language):
        employee.nip_display = format_nip(employee.nip)  # type: ignore[attr-defined]
        html = my_data_html(request, employee, selectors_self.my_data(user=user, employee=employee))
    path.with_suffix(".html").write_text(html, encoding="utf-8")


@pytest.mark.parametrize(
    ("language", "viewport", "size"),
    [("id", DESKTOP, "desktop"), ("en", PHONE, "phone")],
)
def test_civil_servant_corrects_and_downloads_their_data(  # type: ignore[no-untyped-def]
    new_page, login, shots_dir, language, viewport, size
):
    locale = "id-ID" if language == "id" else "en-US"
    page = new_page(locale=locale, viewport=viewport)
    login(page, "pegawai.surabaya")

    # 1. "My record" in the menu leads to her page: record and every period.
    assert page.locator("nav a[href='/pegawai/saya/']").count() >= 1
    page.goto("/pegawai/saya/")
    assert_shows(
        page,
        lang=language,
        heading="Siti Rahmawati, S.Psi.",
        texts=(format_nip(DEMO_EMPLOYEE_NIP), _t(language, "Employment history")),
    )
    history = page.get_by_test_id("history").locator("tbody tr")
    assert history.count() >= 2
    assert "Jawa Timur" in history.last.inner_text()
    assert horizontal_overflow(page) == 0
    _shoot(page, shots_dir / f"self-service-record-{size}.png")

    # 2. An empty request is refused with a sentence; nothing is written.
    page.get_by_test_id("request-correction").click()
    page.wait_for_url("**/pegawai/saya/koreksi/")
    page.get_by_test_id("correction-form").locator("button[type=submit]").click()
    error = page.get_by_test_id("correction-error")
    assert _t(language, "Choose at least one field and write its correct value.") in (
        error.inner_text()
    )
    assert not CorrectionRequest.objects.exists()

    # 3. She asks for her name to be corrected.
    page.locator("#id_value_full_name").fill(NEW_NAME)
    page.locator("#id_note").fill("Sesuai akta kelahiran")
    assert horizontal_overflow(page) == 0
    _shoot(page, shots_dir / f"self-service-correction-{size}.png")
    page.get_by_test_id("correction-form").locator("button[type=submit]").click()
    page.wait_for_url("**/pegawai/saya/")
    row = page.get_by_test_id("my-corrections").locator("tr[data-field=full_name]")
    assert NEW_NAME in row.inner_text()
    assert row.get_by_test_id("correction-status").inner_text().strip() == _t(
        language, "Waiting for a decision"
    )
    asked = CorrectionRequest.objects.get()
    assert (asked.current_value, asked.requested_value) == ("Siti Rahmawati", NEW_NAME)

    # 4. Her data, as JSON and as PDF, named in the interface's language.
    stem = "data-saya" if language == "id" else "my-data"
    name, body = _download(page, "download-json")
    assert name == f"{stem}-{DEMO_EMPLOYEE_NIP}.json"
    data = json.loads(body)
    assert data["record"]["nip"] == DEMO_EMPLOYEE_NIP
    assert len(data["history"]) >= 2
    assert {p["institution"]["code"] for p in data["history"]} >= {"35", "35.78"}
    assert data["correction_requests"][0]["requested_value"] == NEW_NAME
    name, body = _download(page, "download-pdf")
    assert name == f"{stem}-{DEMO_EMPLOYEE_NIP}.pdf"
    assert body.startswith(b"%PDF")

    # 5. Surabaya's operator finds it in the queue and marks it done.
    staff = new_page(locale=locale, viewport=viewport)
    login(staff, "operator.surabaya")
    staff.goto("/pegawai/koreksi/")
    assert_shows(staff, lang=language, heading=_t(language, "Correction requests"))
    queued = staff.get_by_test_id("corrections").locator(f"tr[data-nip='{DEMO_EMPLOYEE_NIP}']")
    assert NEW_NAME in queued.inner_text() and "Sesuai akta kelahiran" in queued.inner_text()
    assert horizontal_overflow(staff) == 0
    _shoot(staff, shots_dir / f"self-service-queue-{size}.png")
    queued.locator("a.btn").click()
    staff.wait_for_url(f"**/pegawai/koreksi/{asked.pk}/")
    staff.locator("#done-note").fill("Nama diperbaiki")
    _shoot(staff, shots_dir / f"self-service-decide-{size}.png")
    staff.get_by_test_id("done-form").locator("button[type=submit]").click()
    staff.wait_for_url("**/pegawai/koreksi/")
    assert "Siti Rahmawati" in staff.locator(".messages").inner_text()
    asked.refresh_from_db()
    assert asked.status == "done" and asked.decision_note == "Nama diperbaiki"

    # 6. She sees it done.
    page.reload()
    row = page.get_by_test_id("my-corrections").locator("tr[data-field=full_name]")
    assert row.get_by_test_id("correction-status").inner_text().strip() == _t(language, "Done")
    assert "Nama diperbaiki" in row.inner_text()

    # 7. The PDF's first page, as Chromium renders its document.
    html_path = shots_dir / f"self-service-pdf-{language}.html"
    _pdf_page_shot(language, html_path)
    sheet = new_page(locale=locale, viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    sheet.set_content(html_path.read_text(encoding="utf-8"))
    sheet.screenshot(path=str(shots_dir / f"self-service-pdf-{language}.png"))
    html_path.unlink()
