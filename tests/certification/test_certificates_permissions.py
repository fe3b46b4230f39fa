"""Every certificate page has its permission suite; writes are proven by their effect."""

from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tangguh.certification.models import Certificate
from tangguh.core.roles import Role
from tests.permissions import (
    OTHER_CODE,
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

from .factories import CertificateFactory

pytestmark = pytest.mark.django_db


def certificate_in(institution: Any) -> Certificate:
    """A certificate of a civil servant of ``institution`` (Kota Surabaya in the suites)."""
    return CertificateFactory(participation__employee__institution=institution)


class _OneCertificate:
    def make_object(self, institution: Any) -> Certificate:
        return certificate_in(institution)

    def url_kwargs(self, obj: Certificate) -> dict[str, Any]:
        return {"number": obj.number}


class TestCertificateList(ListPermissionSuite):
    url_name = "certification:certificates"

    def make_object(self, institution: Any) -> Certificate:
        return certificate_in(institution)

    def marker(self, obj: Certificate) -> str:
        return obj.number


class TestCertificateExport(ListPermissionSuite):
    url_name = "certification:certificates_export"
    allowed_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Certificate:
        return certificate_in(institution)

    def marker(self, obj: Certificate) -> str:
        return obj.number

    def content(self, response: Any) -> str:
        import io

        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)


class TestCertificateDetail(_OneCertificate, ObjectPermissionSuite):
    url_name = "certification:certificate"
    denied_role = Role.ASSESSOR


class TestCertificatePdf(_OneCertificate, ObjectPermissionSuite):
    url_name = "certification:certificate_pdf"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR


class _NationalPage(_OneCertificate, ObjectPermissionSuite):
    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.INSTITUTION_ADMIN  # reads the certificate, may not change it

    def test_same_role_in_another_institution_gets_404(self) -> None:
        """The national administrator acts nationally; an administrator of another
        province, who does not even read the certificate, is refused."""
        from tests.permissions import _institution

        obj = self.make_object(_institution("35.78"))
        response = client_for(make_user(Role.INSTITUTION_ADMIN, OTHER_CODE)).get(self.url(obj))
        assert response.status_code == 403


class TestCertificateRevokePage(_NationalPage):
    url_name = "certification:certificate_revoke"


class TestCertificateRenewPage(_NationalPage):
    url_name = "certification:certificate_renew"


class _NationalWrite(_OneCertificate, WritePermissionSuite):
    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.OPERATOR
    ok_status = (302,)

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        """Only the national administrator writes; the holder's own administrator, who
        reads the certificate, is refused and nothing changes."""
        self._refused(make_user(Role.INSTITUTION_ADMIN), (403,))


class TestCertificateRevoke(_NationalWrite):
    url_name = "certification:certificate_revoke"
    data = {"reason": "Dokumen pendukung palsu", "confirmed": "1"}

    def state(self, obj: Certificate) -> Any:
        return Certificate.objects.values_list("revoked_at", "revocation_reason").get(pk=obj.pk)

    def location(self, obj: Certificate) -> str:
        return reverse("certification:certificate", args=[obj.number])


class TestCertificateRenew(_NationalWrite):
    url_name = "certification:certificate_renew"
    data = {"issued_on": "", "confirmed": "1"}

    def state(self, obj: Certificate) -> Any:
        return list(Certificate.objects.filter(renewed_from=obj).values_list("number"))

    def location(self, obj: Certificate) -> str:
        new = Certificate.objects.get(renewed_from=obj)
        return reverse("certification:certificate", args=[new.number])
