"""Published rankings in a browser: the national administrator opens the demo's
published participants ranking (frozen, hash checked), the records beneath change and
the published table stays the same, a corrected version is published from the page and
shows the differences; the award certificates' PDF (looked at as PNG) and, on a phone,
the public page its QR code leads to and the published table for a civil servant."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("TANGGUH_SHOTS_C", "/tmp/shots_c"))
PRESET = "rakornas-2022-peserta-sertifikasi"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _table(page: Any) -> list[tuple[str, str, str]]:
    rows = page.locator("[data-testid=published-rows] tbody tr")
    return [
        (
            rows.nth(i).get_attribute("data-code") or "",
            rows.nth(i).locator("td").nth(0).inner_text(),
            rows.nth(i).locator("td").nth(2).inner_text(),
        )
        for i in range(rows.count())
    ]


def _examine_in_jawa_barat(n: int) -> None:
    from tangguh.institutions.models import Institution
    from tests.certification.factories import (
        BatchFactory,
        ParticipationFactory,
        SchemeVersionFactory,
    )
    from tests.people.factories import EmployeeFactory

    batch = BatchFactory(
        scheme_version=SchemeVersionFactory(name="Sertifikasi Lurah Uji", units=0),
        exam_start=date(2022, 6, 1),
    )
    jabar = Institution.objects.get(code="32")
    for _ in range(n):
        ParticipationFactory(batch=batch, employee=EmployeeFactory(institution=jabar))


def test_frozen_then_corrected_with_the_differences(page: Any, login: Any) -> None:
    from tangguh.rankings.models import Publication

    login(page, "nasional")
    page.goto("/peringkat/terbitan/")
    assert_shows(page, lang="id", heading="Peringkat terbitan")
    assert page.locator("[data-testid=publications] tbody tr").count() == 3
    shot(page, "publications_desktop")

    first = Publication.objects.get(category__code=PRESET, version=1)
    page.goto(f"/peringkat/terbitan/{first.pk}/")
    before = _table(page)
    assert len(before) == 38
    assert before[0][0] == "33" and before[1][0] == "35"  # Jawa Tengah, then Jawa Timur
    assert page.locator("[data-testid=content-hash]").inner_text() == first.content_hash
    assert "cocok" in page.locator("[data-testid=verified]").inner_text()
    shot(page, "publication_desktop")

    _examine_in_jawa_barat(40)  # Jawa Barat (31 on the demo) would now be first
    page.reload()
    assert _table(page) == before
    assert page.locator("[data-testid=content-hash]").inner_text() == first.content_hash

    page.fill("#reason", "Peserta Jawa Barat 2022 terlambat dimasukkan.")
    page.click("[data-testid=correct-submit]")
    page.wait_for_url("**/peringkat/terbitan/*/")
    second = Publication.objects.get(category__code=PRESET, version=2)
    assert page.url.endswith(f"/peringkat/terbitan/{second.pk}/")
    after = _table(page)
    assert after[0][0] == "32"
    assert "terlambat dimasukkan" in page.locator("[data-testid=correction]").inner_text()
    changed = page.locator("[data-testid=differences] tbody tr")
    codes = {changed.nth(i).get_attribute("data-code") for i in range(changed.count())}
    assert {"32", "33", "35"} <= codes
    expect(page.locator("[data-testid=winners-changed]")).to_be_visible()
    shot(page, "correction_desktop")

    page.goto(f"/peringkat/terbitan/{first.pk}/")
    expect(page.locator("[data-testid=superseded]")).to_be_visible()
    assert _table(page) == before

    response = page.request.get(f"/peringkat/terbitan/{second.pk}/piagam.pdf", timeout=60_000)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS / "piagam.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(SHOTS / "piagam")],
        check=True,
    )
    assert list(SHOTS.glob("piagam*.png"))


def test_on_a_phone_the_public_award_page_and_the_published_table(
    phone_page: Any, new_page: Any, login: Any
) -> None:
    from tangguh.rankings.models import Publication

    publication = Publication.objects.get(category__code=PRESET, version=1)
    phone_page.goto(f"/penghargaan/{publication.content_hash}/")
    assert_shows(phone_page, lang="id", heading=publication.definition["name_id"])
    winners = phone_page.locator("[data-testid=winners] tbody tr")
    assert winners.count() == 3
    expect(phone_page.locator("[data-testid=current]")).to_be_visible()
    assert horizontal_overflow(phone_page) == 0
    shot(phone_page, "public_award_phone")

    reader = new_page(viewport={"width": 390, "height": 844})
    login(reader, "pegawai.surabaya")
    reader.goto(f"/peringkat/terbitan/{publication.pk}/")
    assert len(_table(reader)) == 38
    assert reader.locator("[data-testid=correct-form]").count() == 0
    assert horizontal_overflow(reader) == 0
    shot(reader, "publication_phone")
    reader.goto(f"/peringkat/terbitan/{publication.pk}/rincian/35/")
    expect(reader.locator("[data-testid=records-hidden]")).to_be_visible()
    shot(reader, "publication_explain_phone")
