"""Permission suites for every report URL: pages, the XLSX export and the API."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook

from tangguh.certification.models import Outcome
from tangguh.core.roles import Role
from tests.certification.factories import CertificateFactory, ParticipationFactory
from tests.certification.reports_data import participate
from tests.people.factories import EmployeeFactory
from tests.permissions import ListPermissionSuite, ObjectPermissionSuite


def _this_year_participation(institution: Any) -> Any:
    return participate(
        institution.code,
        exam=timezone.localdate() - timedelta(days=40),
        outcome=Outcome.CERTIFIED,
        organiser="35",
    )


def _expiring(institution: Any) -> Any:
    today = timezone.localdate()
    employee = EmployeeFactory(institution=institution)
    return CertificateFactory(
        participation=ParticipationFactory(employee=employee, institution=institution),
        issued_on=today - timedelta(days=3 * 365 - 30),
        expires_on=today + timedelta(days=30),
    )


class TestNationalReport(ListPermissionSuite):
    url_name = "certification:reports"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT  # reads participations only as their own

    def make_object(self, institution: Any) -> Any:
        return _this_year_participation(institution)

    def marker(self, obj: Any) -> str:
        return f'href="/sertifikasi/laporan/provinsi/{obj.institution.parent.code}/'


class TestNationalReportDeniesAssessors(ListPermissionSuite):
    url_name = "certification:reports"
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _this_year_participation(institution)

    def marker(self, obj: Any) -> str:
        return f'href="/sertifikasi/laporan/provinsi/{obj.institution.parent.code}/'


class TestProvinceReport(ObjectPermissionSuite):
    """The Surabaya administrator opens Jawa Timur's roll-up and sees Surabaya's line;
    Sleman's administrator has nothing of Jawa Timur in scope: 404."""

    url_name = "certification:reports_province"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return _this_year_participation(institution).institution.parent

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code}


class TestInstitutionReport(ObjectPermissionSuite):
    url_name = "certification:reports_institution"
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        _this_year_participation(institution)
        return institution

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code}


class TestExpiring(ListPermissionSuite):
    url_name = "certification:reports_expiring"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR  # no grant on certificates

    def make_object(self, institution: Any) -> Any:
        return _expiring(institution)

    def marker(self, obj: Any) -> str:
        return obj.number


class TestExpiringExport(ListPermissionSuite):
    url_name = "certification:reports_expiring_export"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _expiring(institution)

    def marker(self, obj: Any) -> str:
        return obj.number

    def content(self, response: Any) -> str:
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        return "\n".join(" ".join(str(v) for v in row) for row in sheet.iter_rows(values_only=True))


class TestReportAPI(ListPermissionSuite):
    url_name = "api:certification-reports"
    is_api = True
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return _this_year_participation(institution)

    def marker(self, obj: Any) -> str:
        return f'"institution_code":"{obj.institution.parent.code}"'


class TestExpiringAPI(ListPermissionSuite):
    url_name = "api:certification-expiring"
    is_api = True
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _expiring(institution)

    def marker(self, obj: Any) -> str:
        return obj.number
