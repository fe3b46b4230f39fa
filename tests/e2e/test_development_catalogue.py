"""The catalogue end to end: an operator of Kota Surabaya builds a programme (a refused
negative cost, competencies, a co-host's cost share, an invited institution's quota,
publishing refused until the quota exists), runs a session with a facilitator (a last
day before the first refused), a civil servant finds it in the catalogue on a phone,
an operator of another province sees it is not open to his institution, and the
organiser cancels the session with a reason. Screenshots on desktop and phone."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tangguh.development.models import (
    Programme,
    ProgrammeStatus,
    Session,
)

from .helpers import assert_shows, horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Bimtek Tata Kelola Arsip Dinamis"


def _pick(page: Any, field: str, text: str, name: str) -> None:
    picker = page.get_by_test_id(f"picker-{field}")
    with page.expect_response(lambda r: "/instansi/pilih/" in r.url):
        picker.locator("input[type=search]").fill(text)
    option = picker.get_by_role("radio", name=re.compile(name))
    option.check()


def _create_programme(page: Any, shots_dir: Any) -> Programme:
    page.goto("/pengembangan/program/baru/")
    form = page.get_by_test_id("programme-form")
    form.locator("#id_title").fill(TITLE)
    form.locator("#id_code").fill("bimtek-arsip-dinamis")
    form.locator("#id_form").select_option(label="Bimbingan teknis")
    form.locator("#id_jp").fill("24")
    form.get_by_label("Tatap muka").check()
    form.locator("#id_cost_per_participant").fill("-1500000")
    form.locator("#id_capacity").fill("25")
    form.get_by_label("Instansi yang diundang, dengan kuota").check()
    page.locator("#id_competency_code_0").fill("M.05")
    page.locator("#id_competency_level_0").select_option("2")
    page.locator("#id_competency_code_1").fill("M.01")
    page.locator("#id_competency_level_1").select_option("3")
    page.get_by_test_id("save-programme").click()
    # Refused: a negative cost, said on the field, nothing saved.
    expect(page.get_by_test_id("form-error")).to_be_visible()
    expect(page.locator("[data-field=cost_per_participant] .field-error")).to_contain_text(
        "negatif"
    )
    assert not Programme.objects.filter(code="bimtek-arsip-dinamis").exists()
    page.screenshot(path=str(shots_dir / "development-catalogue-programme-refused.png"))
    page.locator("#id_cost_per_participant").fill("1500000")
    page.get_by_test_id("save-programme").click()
    page.wait_for_url(re.compile(r"/pengembangan/program/\d+/$"))
    return Programme.objects.get(code="bimtek-arsip-dinamis")


def test_operator_builds_publishes_and_runs_a_programme(new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    page = new_page()
    login(page, "operator.surabaya")
    programme = _create_programme(page, shots_dir)
    assert programme.status == ProgrammeStatus.DRAFT
    assert programme.competencies == [{"code": "M.05", "level": 2}, {"code": "M.01", "level": 3}]
    expect(page.get_by_test_id("programme-status")).to_have_text("Draf")
    expect(page.get_by_test_id("programme-cost")).to_have_text("Rp 1.500.000")

    # Publishing a programme for listed institutions without any quota is refused.
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("page-error")).to_contain_text("undang dulu")
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.DRAFT

    # Jawa Timur co-hosts with 30 %: the organiser bears the remaining 70 %.
    _pick(page, "host_institution", "jawa timur", "^Jawa Timur")
    page.locator("#id_cost_share").fill("30")
    page.get_by_test_id("add-host").click()
    expect(page.get_by_test_id("organiser-share")).to_have_text("70 %")
    # A second share that would pass 100 % is refused on its field.
    _pick(page, "host_institution", "sidoarjo", "Sidoarjo")
    page.locator("#id_cost_share").fill("80")
    page.get_by_test_id("add-host").click()
    expect(page.get_by_test_id("host-form").locator(".field-error")).to_contain_text("110")
    assert list(programme.hosts.values_list("cost_share", flat=True)) == [30]

    # Sidoarjo is invited with 2 seats per session; then the programme is published.
    page.goto(f"/pengembangan/program/{programme.pk}/")
    _pick(page, "quota_institution", "sidoarjo", "Sidoarjo")
    page.locator("#id_seats").fill("2")
    page.get_by_test_id("add-quota").click()
    expect(page.get_by_test_id("quotas-table")).to_contain_text("Sidoarjo")
    assert programme.quotas.get().seats == 2
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("programme-status")).to_have_text("Diterbitkan")

    # A session: the last day before the first is refused, then it is created.
    page.get_by_test_id("new-session").click()
    first = date.today() + timedelta(days=21)
    page.locator("#id_start_date").fill(first.isoformat())
    page.locator("#id_end_date").fill((first - timedelta(days=1)).isoformat())
    page.locator("#id_place").fill("Gedung Diklat Pemkot Surabaya")
    page.locator("#id_facilitator_name_0").fill("Dr. Ratna Kusumawati")
    page.locator("#id_facilitator_role_0").fill("Widyaiswara")
    page.get_by_test_id("save-session").click()
    expect(page.locator("[data-field=end_date] .field-error")).to_contain_text("sebelum")
    assert not Session.objects.filter(programme=programme).exists()
    page.locator("#id_end_date").fill((first + timedelta(days=2)).isoformat())
    page.get_by_test_id("save-session").click()
    page.wait_for_url(re.compile(r"/pengembangan/angkatan/\d+/$"))
    session = Session.objects.get(programme=programme)
    assert (session.number, session.capacity) == (1, 25)
    expect(page.get_by_test_id("facilitators")).to_contain_text("Dr. Ratna Kusumawati")
    expect(page.get_by_test_id("seats-open")).to_have_text("25")
    assert_shows(page, lang="id", heading=TITLE, texts=("24 JP", "Rp 1.500.000"))
    page.screenshot(path=str(shots_dir / "development-catalogue-session.png"), full_page=True)
    page.goto(f"/pengembangan/program/{programme.pk}/")
    page.screenshot(path=str(shots_dir / "development-catalogue-programme.png"), full_page=True)

    # A civil servant of Surabaya finds it on a phone by competency and opens it.
    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, "pegawai.surabaya")
    phone.goto("/pengembangan/katalog/?competency=M.05&open_seats=true")
    item = phone.get_by_test_id("catalogue-item").filter(has_text=TITLE)
    expect(item).to_have_count(1)
    expect(item.get_by_test_id("my-quota")).to_contain_text("penyelenggara")
    expect(item).to_contain_text("24 JP")
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(shots_dir / "development-catalogue-phone.png"), full_page=True)
    item.get_by_role("link", name=TITLE).click()
    phone.wait_for_url(f"**/pengembangan/angkatan/{session.pk}/")
    expect(phone.get_by_test_id("session-jp")).to_have_text("24 JP")
    assert horizontal_overflow(phone) == 0
    phone.screenshot(
        path=str(shots_dir / "development-catalogue-session-phone.png"), full_page=True
    )

    # Sleman's administrator: listed but not invited; "open to my institution" hides it.
    other = new_page()
    login(other, "admin.sleman")
    other.goto("/pengembangan/katalog/")
    expect(other.get_by_test_id("catalogue-item").first).to_be_visible()
    other.screenshot(path=str(shots_dir / "development-catalogue-desktop.png"), full_page=True)
    other.goto("/pengembangan/katalog/?q=arsip")
    item = other.get_by_test_id("catalogue-item").filter(has_text=TITLE)
    expect(item.get_by_test_id("my-quota")).to_contain_text("Tidak terbuka")
    other.goto("/pengembangan/katalog/?q=arsip&open_to_me=true")
    expect(other.get_by_test_id("catalogue-item").filter(has_text=TITLE)).to_have_count(0)

    # The organiser cancels the session with a reason.
    page.goto(f"/pengembangan/angkatan/{session.pk}/")
    page.get_by_test_id("cancel-panel").locator("summary").click()
    page.locator("#id_cancel-reason").fill("Narasumber berhalangan hadir")
    page.get_by_test_id("cancel-session").click()
    expect(page.get_by_test_id("cancelled-note")).to_contain_text("Narasumber berhalangan hadir")
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == ("cancelled", "Narasumber berhalangan hadir")
