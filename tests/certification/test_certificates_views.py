"""The certificate pages: what they show, their filters and export, the confirmation steps
of revocation and renewal, and the refusals (a sentence, nothing changed)."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tangguh.certification import services_certificates as svc
from tangguh.certification.models import Certificate
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.permissions import client_for, make_user

from .certificates_helpers import certified, national_admin
from .factories import CertificateFactory

pytestmark = pytest.mark.django_db

LIST = "certification:certificates"


def _today() -> date:
    return timezone.localdate()


def _numbers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.number for c in response.context["certificates"]]


def _three():  # type: ignore[no-untyped-def]
    valid = CertificateFactory(
        issued_on=date(2024, 5, 2), expires_on=_today() + timedelta(days=400)
    )
    soon = CertificateFactory(issued_on=date(2023, 5, 2), expires_on=_today() + timedelta(days=30))
    expired = CertificateFactory(issued_on=date(2020, 1, 6), expires_on=date(2023, 1, 6))
    revoked = CertificateFactory(issued_on=date(2024, 7, 1), revoked_at=timezone.now())
    return valid, soon, expired, revoked


def test_the_list_filters_by_status_expiry_and_year():
    valid, soon, expired, revoked = _three()
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    get = lambda **q: _numbers(client.get(reverse(LIST), q))  # noqa: E731
    assert set(get(status="valid")) == {valid.number, soon.number}
    assert get(status="expired") == [expired.number]
    assert get(status="revoked") == [revoked.number]
    assert get(expiring="true") == [soon.number]
    assert set(get(year="2024")) == {valid.number, revoked.number}
    assert get(q=expired.number) == [expired.number]
    assert get(q=soon.nip) == [soon.number]
    page = client.get(reverse(LIST), {"status": "revoked"}).content.decode()
    assert "badge-cert-revoked" in page


def test_a_value_that_does_not_validate_is_dropped_not_an_error():
    _three()
    response = client_for(make_user(Role.INSTITUTION_ADMIN)).get(reverse(LIST), {"status": "x"})
    assert response.status_code == 200 and len(response.context["certificates"]) == 4


def test_the_list_costs_the_same_queries_for_five_or_fifty_rows(django_assert_max_num_queries):
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    CertificateFactory.create_batch(5)
    client.get(reverse(LIST))  # warm the session and caches
    with django_assert_max_num_queries(20) as few:
        client.get(reverse(LIST))
    CertificateFactory.create_batch(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(LIST))


def test_a_civil_servant_finds_no_staff_list_but_downloads_their_own_pdf():
    cert = CertificateFactory()
    other = CertificateFactory()
    holder = client_for(make_user(Role.CIVIL_SERVANT, nip=cert.nip))
    assert holder.get(reverse(LIST)).status_code == 403
    pdf = holder.get(reverse("certification:certificate_pdf", args=[cert.number]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert cert.number.lower() in pdf["Content-Disposition"].lower()
    assert (
        holder.get(reverse("certification:certificate_pdf", args=[other.number])).status_code == 404
    )


def test_the_export_is_the_filtered_list_with_status_in_words():
    expired = _three()[2]
    response = client_for(make_user(Role.AUDITOR)).get(
        reverse("certification:certificates_export"), {"status": "expired"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == expired.number
    assert rows[1][2] == expired.nip  # the NIP as text, all 18 digits
    assert rows[1][10] in ("Kedaluwarsa", "Expired")
    assert AuditEntry.objects.filter(action="certification.certificate_export").exists()


def test_the_detail_shows_the_renewals_and_the_history_and_records_the_read():
    old = svc.certificate_issue(participation=certified(), actor=None)
    admin = national_admin()
    new = svc.certificate_renew(certificate=old, actor=admin)
    svc.certificate_revoke(certificate=old, reason="Salah data", actor=admin)
    page = client_for(admin).get(reverse("certification:certificate", args=[old.number]))
    html = page.content.decode()
    assert new.number in html and "Salah data" in html
    assert 'data-testid="revoked-banner"' in html
    assert 'data-testid="revoke"' not in html and 'data-testid="renew"' not in html
    assert len(page.context["audit"]) == 2
    read = AuditEntry.objects.filter(action="certification.certificate_view").get()
    assert list(read.subjects.values_list("nip", flat=True)) == [old.nip]


def test_revoking_asks_for_confirmation_then_revokes():
    cert = CertificateFactory()
    client = client_for(national_admin())
    url = reverse("certification:certificate_revoke", args=[cert.number])
    asked = client.post(url, {"reason": "Ijazah palsu"})
    assert asked.status_code == 200 and 'data-testid="revoke-confirm"' in asked.content.decode()
    cert.refresh_from_db()
    assert cert.revoked_at is None
    done = client.post(url, {"reason": "Ijazah palsu", "confirmed": "1"})
    assert done.status_code == 302
    cert.refresh_from_db()
    assert cert.status == "revoked" and cert.revocation_reason == "Ijazah palsu"


def test_revoking_without_a_reason_says_so_on_the_form_and_changes_nothing():
    cert = CertificateFactory()
    url = reverse("certification:certificate_revoke", args=[cert.number])
    response = client_for(national_admin()).post(url, {"reason": "", "confirmed": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    cert.refresh_from_db()
    assert cert.revoked_at is None


def test_revoking_a_revoked_certificate_answers_with_the_date():
    cert = CertificateFactory(revoked_at=timezone.now(), revocation_reason="Pertama")
    url = reverse("certification:certificate_revoke", args=[cert.number])
    response = client_for(national_admin()).post(url, {"reason": "Kedua", "confirmed": "1"})
    assert response.status_code == 409 and response.context["error"]
    cert.refresh_from_db()
    assert cert.revocation_reason == "Pertama"


def test_renewing_confirms_then_opens_the_new_certificate():
    cert = CertificateFactory()
    client = client_for(national_admin())
    url = reverse("certification:certificate_renew", args=[cert.number])
    asked = client.post(url, {"issued_on": ""})
    assert 'data-testid="renew-confirm"' in asked.content.decode()
    assert not Certificate.objects.filter(renewed_from=cert).exists()
    done = client.post(url, {"issued_on": "", "confirmed": "1"})
    new = Certificate.objects.get(renewed_from=cert)
    assert done["Location"] == reverse("certification:certificate", args=[new.number])
    assert new.issued_on == _today() and new.credential


def test_a_renewal_before_the_old_certificate_was_issued_is_refused_on_the_form():
    cert = CertificateFactory(issued_on=_today() - timedelta(days=10))
    url = reverse("certification:certificate_renew", args=[cert.number])
    day = (cert.issued_on - timedelta(days=1)).isoformat()
    response = client_for(national_admin()).post(url, {"issued_on": day, "confirmed": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["issued_on"]
    assert not Certificate.objects.filter(renewed_from=cert).exists()


def test_an_unfiltered_list_counts_no_filter_and_offers_no_reset():
    CertificateFactory()
    response = client_for(make_user(Role.INSTITUTION_ADMIN)).get(reverse(LIST))
    assert response.context["active_filters"] == 0 and not response.context["filtered"]
    ticked = client_for(make_user(Role.INSTITUTION_ADMIN)).get(reverse(LIST), {"expiring": "on"})
    assert ticked.context["active_filters"] == 1


def test_an_export_too_large_for_excel_says_how_to_narrow_it(monkeypatch):
    from tangguh.certification.views import certificates as views

    monkeypatch.setattr(views, "EXPORT_LIMIT", 1)
    CertificateFactory.create_batch(2)
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    response = client.get(reverse("certification:certificates_export"), {"status": "valid"})
    assert response["Location"] == reverse(LIST) + "?status=valid"
    page = client.get(response["Location"]).content.decode()
    assert "tangguh certificates list --json" in page
    assert not AuditEntry.objects.filter(action="certification.certificate_export").exists()


def test_the_detail_links_the_holder_batch_and_scheme_for_staff_only_where_they_read_them():
    cert = CertificateFactory()
    staff = client_for(make_user(Role.INSTITUTION_ADMIN))
    html = staff.get(reverse("certification:certificate", args=[cert.number])).content.decode()
    assert reverse("people:detail", args=[cert.employee_id]) in html
    assert reverse("certification:batch", args=[cert.participation.batch_id]) in html
    assert reverse("certification:scheme", args=[cert.scheme.code]) in html
    holder = client_for(make_user(Role.CIVIL_SERVANT, nip=cert.nip))
    own = holder.get(reverse("certification:certificate", args=[cert.number])).content.decode()
    assert reverse("certification:batch", args=[cert.participation.batch_id]) not in own


def test_the_dashboard_counts_the_valid_certificates_the_list_shows():
    CertificateFactory.create_batch(2)
    CertificateFactory(revoked_at=timezone.now())
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    cards = client.get(reverse("core:dashboard")).context["cards"]
    card = next(c for c in cards if c.get("icon") == "award")
    assert card["value"] == 2
    listed = client.get(card["href"])
    assert listed.context["count"] == 2
    holder = client_for(make_user(Role.CIVIL_SERVANT, nip=CertificateFactory().nip))
    assert not [
        c
        for c in holder.get(reverse("core:dashboard")).context["cards"]
        if c.get("icon") == "award"
    ]
