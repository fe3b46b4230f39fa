"""An auditor finds, by NIP, who read a civil servant's record: the audit page in Chromium.

Screenshots go to docs/screenshots/ with TANGGUH_SCREENSHOTS=1, else to a temporary folder.
"""

import pytest
from playwright.sync_api import expect

from tangguh.people.models import Employee
from tangguh.people.parsing.nip import format_nip

from .helpers import assert_shows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_NIP = "198507122010012003"  # the demo civil servant (pegawai.surabaya), Kota Surabaya


def test_auditor_filters_the_audit_by_nip(page, new_page, login, shots_dir):  # type: ignore[no-untyped-def]
    person = Employee.objects.get(nip=DEMO_NIP)
    other = Employee.objects.filter(institution=person.institution).exclude(pk=person.pk).first()
    assert other is not None

    # An operator of Kota Surabaya opens two people's pages.
    login(page, "operator.surabaya")
    for employee in (person, other):
        page.goto(f"/pegawai/{employee.pk}/")
        expect(page.get_by_text(format_nip(employee.nip)).first).to_be_visible()

    # The Jawa Timur auditor (Surabaya is in their tree) asks who read the demo person.
    auditor = new_page()
    login(auditor, "auditor.jatim")
    auditor.locator("nav.sidebar a[href='/audit/']").click()
    auditor.wait_for_url("**/audit/")
    auditor.locator("#id_nip").fill(format_nip(DEMO_NIP))  # as people write it, with spaces
    auditor.get_by_test_id("audit-filters").locator("button[type=submit]").click()
    auditor.wait_for_url("**/audit/?nip=*")

    rows = auditor.get_by_test_id("audit-table").locator("tbody tr")
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    reads = [t for t in texts if "operator.surabaya" in t]
    assert len(reads) == 1, texts
    assert "Membaca data seorang ASN" in reads[0]  # the action in the reader's language
    assert f"/pegawai/{person.pk}/" in reads[0]
    assert not any(f"/pegawai/{other.pk}/" in t for t in texts)  # the other read is not theirs
    # The demo's import and transfer of this person are in the audit too.
    assert any("people.import" in t for t in texts)

    auditor.wait_for_load_state("networkidle")
    assert_shows(auditor, lang="id", heading="Audit", texts=("Membaca data seorang ASN",))
    auditor.screenshot(
        path=str(shots_dir / "audit-id.png"), full_page=True, animations="disabled", caret="hide"
    )
    assert (shots_dir / "audit-id.png").stat().st_size < 450_000
