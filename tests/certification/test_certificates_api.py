"""The certificates' API: scoped like the pages; revocation and renewal by the national
administrator only, with clear 4xx answers and nothing changed on a refusal."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tangguh.certification.models import Certificate
from tangguh.core.roles import Role
from tests.permissions import (
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

from .certificates_helpers import national_admin
from .factories import CertificateFactory
from .test_certificates_permissions import certificate_in

pytestmark = pytest.mark.django_db


class _OneCertificate:
    is_api = True

    def make_object(self, institution: Any) -> Certificate:
        return certificate_in(institution)

    def url_kwargs(self, obj: Certificate) -> dict[str, Any]:
        return {"number": obj.number}


class TestCertificateListAPI(ListPermissionSuite):
    url_name = "api:certification-certificates"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Certificate:
        return certificate_in(institution)

    def marker(self, obj: Certificate) -> str:
        return obj.number


class TestCertificateDetailAPI(_OneCertificate, ObjectPermissionSuite):
    url_name = "api:certification-certificate"
    denied_role = Role.ASSESSOR


class _NationalWriteAPI(_OneCertificate, WritePermissionSuite):
    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.OPERATOR

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(self.url(obj), self.data, content_type="application/json")

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        """Only the national administrator writes; the holder's own administrator is refused."""
        self._refused(make_user(Role.INSTITUTION_ADMIN), (403,))


class TestCertificateRevokeAPI(_NationalWriteAPI):
    url_name = "api:certification-certificate-revoke"
    data = {"reason": "Dokumen pendukung palsu"}

    def state(self, obj: Certificate) -> Any:
        return Certificate.objects.values_list("revoked_at", "revocation_reason").get(pk=obj.pk)


class TestCertificateRenewAPI(_NationalWriteAPI):
    url_name = "api:certification-certificate-renew"
    data: dict[str, Any] = {}
    ok_status = (201,)

    def state(self, obj: Certificate) -> Any:
        return list(Certificate.objects.filter(renewed_from=obj).values_list("number"))


def _url(name: str, cert: Certificate) -> str:
    return reverse(f"api:certification-{name}", args=[cert.number])


def test_a_holder_reads_their_own_certificates_only():
    own = CertificateFactory()
    CertificateFactory()
    holder = make_user(Role.CIVIL_SERVANT, nip=own.nip)
    body = client_for(holder).get(reverse("api:certification-certificates")).json()
    assert [c["number"] for c in body["results"]] == [own.number]
    assert body["results"][0]["status"] == "valid"
    assert body["results"][0]["verify_url"].endswith(f"/verify/{own.number}")


def test_the_list_filters_like_the_page():
    kept = CertificateFactory()
    CertificateFactory(revoked_at=timezone.now())
    url = reverse("api:certification-certificates")
    body = client_for(national_admin()).get(url, {"status": "valid"}).json()
    assert [c["number"] for c in body["results"]] == [kept.number]
    refused = client_for(national_admin()).get(url, {"status": "lost"})
    assert refused.status_code == 400 and "status" in refused.content.decode()


def test_revoking_without_a_reason_or_twice_is_refused_with_nothing_changed():
    cert = CertificateFactory()
    admin = client_for(national_admin())
    empty = admin.post(_url("certificate-revoke", cert), {"reason": " "}, "application/json")
    assert empty.status_code == 400 and "reason" in empty.content.decode()
    cert.refresh_from_db()
    assert cert.revoked_at is None
    assert admin.post(_url("certificate-revoke", cert), {"reason": "Palsu"}).status_code == 200
    again = admin.post(_url("certificate-revoke", cert), {"reason": "Lagi"})
    assert again.status_code == 409
    cert.refresh_from_db()
    assert cert.revocation_reason == "Palsu"


def test_renewing_a_renewed_certificate_is_a_conflict():
    cert = CertificateFactory()
    admin = client_for(national_admin())
    first = admin.post(_url("certificate-renew", cert), {}, "application/json")
    assert first.status_code == 201 and first.json()["renews"] == cert.number
    assert admin.post(_url("certificate-renew", cert), {}, "application/json").status_code == 409
    assert Certificate.objects.filter(renewed_from=cert).count() == 1


def test_a_renewal_dated_in_the_future_says_so():
    cert = CertificateFactory()
    response = client_for(national_admin()).post(
        _url("certificate-renew", cert), {"issued_on": "2999-01-01"}, "application/json"
    )
    assert response.status_code == 400
    assert not Certificate.objects.filter(renewed_from=cert).exists()
