"""Recording an activity on screen, the live allowance, approval and the ledger pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.models import Activity, ActivityStatus, JpYearTotal, LedgerEntry
from tests.development.factories import ActivityFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _days_ago(n):  # type: ignore[no-untyped-def]
    return (date.today() - timedelta(days=n)).isoformat()


def _civil_servant(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    user = make_user(Role.CIVIL_SERVANT, nip=person.nip)
    return person, client_for(user)


def _post(client, **extra):  # type: ignore[no-untyped-def]
    data = {
        "form": "seminar", "title": "Seminar Nasional SPBE", "organiser_name": "Kominfo",
        "start_date": _days_ago(9), "end_date": _days_ago(8), "jp_claimed": "8",
        "evidence": SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
    }  # fmt: skip
    data.update(extra)
    return client.post(reverse("development:activity_new"), data)


def test_a_civil_servant_records_a_seminar_with_evidence_and_it_awaits_approval(surabaya):  # type: ignore[no-untyped-def]
    person, client = _civil_servant(surabaya)
    response = _post(client)
    assert response.status_code == 302
    activity = Activity.objects.get(nip=person.nip)
    assert activity.status == ActivityStatus.SUBMITTED and activity.jp_claimed == Decimal("8")
    assert activity.evidence_name == "sertifikat.pdf" and activity.evidence.name.endswith(".pdf")
    assert not LedgerEntry.objects.filter(employee=person).exists()
    page = client.get(reverse("development:activity", args=[activity.pk]))
    assert "4 JP per hari" in page.content.decode()
    download = client.get(reverse("development:activity_evidence", args=[activity.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_claim_above_the_cap_is_refused_naming_the_rule_and_nothing_is_saved(surabaya):  # type: ignore[no-untyped-def]
    _person, client = _civil_servant(surabaya)
    response = _post(client, jp_claimed="10")
    assert response.status_code == 400
    text = response.content.decode()
    assert "4 JP per hari" in text and "Anda mengklaim 10 JP" in text
    assert (
        not Activity.objects.exists()
        and not AuditEntry.objects.filter(action="development.activity_record").exists()
    )


def test_an_evidence_file_that_is_not_a_pdf_or_image_is_refused(surabaya):  # type: ignore[no-untyped-def]
    _person, client = _civil_servant(surabaya)
    fake = SimpleUploadedFile(
        "sertifikat.pdf", b"<html><script>alert(1)</script>", "application/pdf"
    )
    response = _post(client, evidence=fake)
    assert response.status_code == 400 and not Activity.objects.exists()
    assert "PDF, JPEG, atau PNG" in response.content.decode()


def test_the_allowance_is_shown_live_for_the_dates_typed(surabaya):  # type: ignore[no-untyped-def]
    _person, client = _civil_servant(surabaya)
    url = reverse("development:activity_allowance")
    ok = client.get(url, {"form": "workshop", "start_date": _days_ago(5), "end_date": _days_ago(4)})
    assert "10 JP" in ok.content.decode()
    over = client.get(url, {"form": "workshop", "start_date": _days_ago(5),
                            "end_date": _days_ago(4), "jp_claimed": "12"})  # fmt: skip
    assert "Anda mengklaim 12 JP" in over.content.decode()


def test_the_operator_approves_and_the_jp_reach_the_ledger_and_the_persons_page(surabaya):  # type: ignore[no-untyped-def]
    person, own = _civil_servant(surabaya)
    _post(own)
    activity = Activity.objects.get(nip=person.nip)
    operator = client_for(make_user(Role.OPERATOR))
    response = operator.post(
        reverse("development:activity_decide", args=[activity.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED and activity.jp_credited == Decimal("8")
    entry = LedgerEntry.objects.get(activity=activity)
    assert entry.jp == Decimal("8") and entry.source == "activity"
    year = entry.year
    assert JpYearTotal.objects.get(employee=person, year=year).jp == Decimal("8")
    page = own.get(reverse("development:person_ledger", args=[person.nip]))
    assert page.status_code == 200 and "Seminar Nasional SPBE" in page.content.decode()
    listing = operator.get(reverse("development:ledger"))
    assert person.nip in listing.content.decode()


def test_nobody_approves_their_own_activity(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    activity = ActivityFactory(employee=person)
    operator = make_user(Role.OPERATOR, nip=person.nip)
    response = client_for(operator).post(
        reverse("development:activity_decide", args=[activity.pk]), {"decision": "approve"}
    )
    assert response.status_code in (400, 403)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED
    assert not LedgerEntry.objects.exists()


def test_a_rejection_needs_a_reason(surabaya):  # type: ignore[no-untyped-def]
    activity = ActivityFactory(employee=EmployeeFactory(institution=surabaya))
    operator = client_for(make_user(Role.OPERATOR))
    url = reverse("development:activity_decide", args=[activity.pk])
    assert operator.post(url, {"decision": "reject", "note": ""}).status_code == 400
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED
    assert (
        operator.post(url, {"decision": "reject", "note": "Sertifikat tidak terbaca"}).status_code
        == 302
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.REJECTED


def test_pages_render(surabaya):  # type: ignore[no-untyped-def]
    admin = client_for(make_user(Role.NATIONAL_ADMIN, "K.09"))
    for name in ("development:rules", "development:rule_add", "development:forms_manage",
                 "development:activities", "development:ledger", "development:activities_import",
                 "development:activity_new"):  # fmt: skip
        assert admin.get(reverse(name)).status_code == 200, name
    template = admin.get(reverse("development:activities_template"))
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment")


def test_an_export_too_large_for_a_sheet_is_refused_with_a_sentence(surabaya, monkeypatch):  # type: ignore[no-untyped-def]
    from tangguh.development.ledger import ledger_append
    from tangguh.development.views import ledger as ledger_views
    from tests.development.factories import form

    for n in range(2):
        ledger_append(employee=EmployeeFactory(institution=surabaya), day=date(2025, 1, 2), jp=2,
                      form=form("coaching"), source="activity", description=f"C{n}")  # fmt: skip
    monkeypatch.setattr(ledger_views, "EXPORT_LIMIT", 1)
    operator = client_for(make_user(Role.OPERATOR))
    response = operator.get(reverse("development:ledger_export"), {"year": "2025"})
    assert response.status_code == 302
    assert response["Location"] == reverse("development:ledger") + "?year=2025"
    assert not AuditEntry.objects.filter(action="development.ledger_export").exists()
    monkeypatch.setattr(ledger_views, "EXPORT_LIMIT", 2)
    assert operator.get(reverse("development:ledger_export"), {"year": "2025"}).status_code == 200
    assert AuditEntry.objects.filter(action="development.ledger_export").count() == 1
