"""Hostile values in the certificate pages' and API's addresses: an answer, never a 500."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tests.permissions import client_for, make_user

from .certificates_helpers import national_admin
from .factories import CertificateFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["-1", "81564618498373386240", quote("²"), "%00", "%FF", "x" * 300, "abc",
           "9999-12-31", "0001-01-01", quote("\u202e"), "%ED%A0%80"]  # fmt: skip
FILTERS = ["q", "institution", "scheme", "status", "year", "expiring", "page"]
NUMBERS = ["%00", "x%00y", "%FF", quote("²"), "x" * 300, "SKP-%00-2026-00001", "..", "%20"]


@pytest.mark.parametrize("role", [Role.NATIONAL_ADMIN, Role.INSTITUTION_ADMIN])
def test_the_list_export_and_api_answer_any_filter_value(role):  # type: ignore[no-untyped-def]
    CertificateFactory()
    client = client_for(make_user(role))
    for url in (
        reverse("certification:certificates"),
        reverse("certification:certificates_export"),
        reverse("api:certification-certificates"),
    ):
        for name in FILTERS:
            for value in HOSTILE:
                response = client.get(f"{url}?{name}={value}")
                assert response.status_code < 500, (url, name, value)
                if url.startswith("/api/") and response.status_code >= 400:
                    assert response.json().get("detail"), (url, name, value)


def test_any_number_in_the_address_is_an_answer_not_an_error():
    client = client_for(national_admin())
    for number in NUMBERS:
        for name in ("certificate", "certificate_pdf", "certificate_revoke", "certificate_renew"):
            path = reverse(f"certification:{name}", args=["N"]).replace("/N/", f"/{number}/")
            assert client.get(path).status_code == 404, (path,)
            if name in ("certificate_revoke", "certificate_renew"):
                response = client.post(path, {"reason": "x", "confirmed": "1"})
                assert response.status_code == 404, (path,)
        for name in ("certificate", "certificate-revoke", "certificate-renew"):
            path = reverse(f"api:certification-{name}", args=["N"]).replace("/N/", f"/{number}/")
            method = client.get if name == "certificate" else client.post
            response = method(path)
            assert response.status_code == 404, (path, response.status_code)
