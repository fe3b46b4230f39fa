"""Personal development plans in the browser: a civil servant on a phone reads their
gaps, drafts a plan from them and submits it; the institution's administrator finds it
in the approval queue and approves it; once the planned development is credited in
the ledger, the item shows done on both pages. Screenshots go to docs/screenshots/
with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tangguh.competencies.gaps import person_gaps
from tangguh.competencies.models import DevelopmentPlan, PlanStatus
from tangguh.development.ledger import ledger_append
from tangguh.development.models import LedgerSource
from tangguh.people.models import Employee

from .conftest import PHONE
from .helpers import horizontal_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PEGAWAI_NIP = "198507122010012003"


def test_a_civil_servant_plans_from_their_gaps_and_the_administrator_approves(
    page: Any, phone_page: Any, new_page: Any, login: Any, shots_dir: Path
) -> None:
    year = date.today().year
    DevelopmentPlan.objects.filter(nip=PEGAWAI_NIP, year=year).delete()
    employee = Employee.objects.get(nip=PEGAWAI_NIP)
    gaps = person_gaps(employee)
    assert gaps, "the demo gives the civil servant's position a standard"

    # On a phone: their gaps, then a plan drafted and filled.
    phone = phone_page
    login(phone, "pegawai.surabaya")
    phone.goto("/pegawai/saya/")
    phone.get_by_test_id("my-competencies").click()
    expect(phone).to_have_url(re.compile(r"/kompetensi/saya/$"))
    expect(phone.get_by_test_id("my-gaps").locator("tbody tr")).to_have_count(len(gaps))
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(shots_dir / "my-competencies-phone.png"), full_page=True)

    phone.get_by_test_id("plan-start").click()
    expect(phone.get_by_test_id("no-items")).to_be_visible()
    phone.get_by_test_id("item-add").first.click()
    expect(phone.get_by_test_id("item-form")).to_be_visible()
    code = next((g.code for g in gaps if g.gap), gaps[0].code)
    phone.select_option("#id_code", code)
    phone.select_option("#id_target_level", "3")
    phone.fill("#id_activity", "Coaching pelayanan publik bersama atasan")
    phone.select_option("#id_form", label="Coaching")
    phone.fill("#id_jp", "4")
    phone.fill("#id_cost", "0")
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(shots_dir / "plan-item-form-phone.png"), full_page=True)
    phone.get_by_test_id("item-save").click()
    items = phone.get_by_test_id("plan-items")
    expect(items.locator("tbody tr")).to_have_count(1)
    expect(items).to_contain_text("Coaching pelayanan publik")
    phone.get_by_test_id("plan-submit").click()
    expect(phone.locator("[data-status='submitted']")).to_be_visible()
    expect(phone.get_by_test_id("item-add")).to_have_count(0)
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(shots_dir / "my-plan-submitted-phone.png"), full_page=True)

    # The administrator: the queue, the plan, the approval.
    login(page, "admin.surabaya")
    page.goto("/kompetensi/rencana/")
    queue = page.get_by_test_id("plan-queue")
    expect(queue.locator(f"tr[data-nip='{PEGAWAI_NIP}']")).to_be_visible()
    page.screenshot(path=str(shots_dir / "development-plans.png"), full_page=True)
    queue.locator(f"tr[data-nip='{PEGAWAI_NIP}'] a").click()
    expect(page.get_by_test_id("plan-decide")).to_be_visible()
    page.get_by_label(re.compile("Setujui", re.I)).check()
    page.get_by_test_id("submit-decision").click()
    expect(page.locator("main [data-status='approved']")).to_be_visible()
    expect(page.get_by_test_id("plan-decide")).to_have_count(0)
    expect(page.get_by_test_id("progress").first.locator("[data-done='no']")).to_be_visible()
    assert DevelopmentPlan.objects.get(nip=PEGAWAI_NIP, year=year).status == PlanStatus.APPROVED

    # The coaching is done and credited: the item shows done, on both pages.
    item = DevelopmentPlan.objects.get(nip=PEGAWAI_NIP, year=year).items.get()
    ledger_append(
        employee=employee,
        day=date.today(),
        jp=4,
        form=item.form,
        source=LedgerSource.ACTIVITY,
        description="Coaching pelayanan publik",
    )
    page.reload()
    expect(page.get_by_test_id("progress").first.locator("[data-done='yes']")).to_be_visible()
    page.screenshot(path=str(shots_dir / "development-plan.png"), full_page=True)
    phone.reload()
    expect(phone.get_by_test_id("progress").first.locator("[data-done='yes']")).to_be_visible()
    phone.screenshot(path=str(shots_dir / "my-plan-done-phone.png"), full_page=True)

    # The plans list on a phone, and the civil servant's page on a desktop.
    admin_phone = new_page(viewport=PHONE)
    login(admin_phone, "admin.surabaya")
    admin_phone.goto("/kompetensi/rencana/")
    expect(admin_phone.get_by_test_id("plans")).to_be_visible()
    assert horizontal_overflow(admin_phone) == 0
    admin_phone.screenshot(path=str(shots_dir / "development-plans-phone.png"), full_page=True)
