"""Permission suites for every URL of the 20-JP duty: pages, XLSX exports and the API.

The object lives in Kota Surabaya (a civil servant with 24 JP this year); Surabaya's
staff read it (Jawa Timur's roll-up shows Surabaya's line), Sleman's staff (another
province) get 404 or do not see it; a civil servant (own JP only) and an assessor (no
grant on the totals) get 403.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from tangguh.core.roles import Role
from tests.development.compliance_helpers import credit
from tests.people.factories import EmployeeFactory
from tests.permissions import ListPermissionSuite, LoginRequiredSuite, ObjectPermissionSuite


def _person(institution: Any) -> Any:
    employee = EmployeeFactory(institution=institution)
    credit(employee, 24)
    return employee


def _xlsx_text(response: Any) -> str:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return "\n".join(" ".join(str(v) for v in row) for row in sheet.iter_rows(values_only=True))


class TestNational(ListPermissionSuite):
    url_name = "development:compliance"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT  # reads only their own JP

    def make_object(self, institution: Any) -> Any:
        return _person(institution)

    def marker(self, obj: Any) -> str:
        return f'href="/pengembangan/kepatuhan-jp/provinsi/{obj.institution.parent.code}/'


class TestNationalDeniesAssessors(ListPermissionSuite):
    url_name = "development:compliance"
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR  # no grant on the yearly totals

    def make_object(self, institution: Any) -> Any:
        return _person(institution)

    def marker(self, obj: Any) -> str:
        return f'href="/pengembangan/kepatuhan-jp/provinsi/{obj.institution.parent.code}/'


class TestNationalExport(ListPermissionSuite):
    url_name = "development:compliance_export"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return _person(institution)

    def marker(self, obj: Any) -> str:
        return obj.institution.parent.name

    def content(self, response: Any) -> str:
        return _xlsx_text(response)


class _ProvinceSuite(ObjectPermissionSuite):
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return _person(institution).institution.parent

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code}


class TestProvince(_ProvinceSuite):
    url_name = "development:compliance_province"


class TestProvinceExport(_ProvinceSuite):
    url_name = "development:compliance_province_export"
    denied_role = Role.ASSESSOR


class _InstitutionSuite(ObjectPermissionSuite):
    allowed_role = Role.AUDITOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        _person(institution)
        return institution

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code}


class TestInstitution(_InstitutionSuite):
    url_name = "development:compliance_institution"


class TestInstitutionExport(_InstitutionSuite):
    url_name = "development:compliance_institution_export"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.ASSESSOR


class _UnitSuite(ObjectPermissionSuite):
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return _person(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.institution.code, "unit": obj.work_unit_id}


class TestUnit(_UnitSuite):
    url_name = "development:compliance_unit"


class TestUnitExport(_UnitSuite):
    url_name = "development:compliance_unit_export"
    denied_role = Role.ASSESSOR


class TestMyDevelopment(LoginRequiredSuite):
    url_name = "development:my"


# --- the API -----------------------------------------------------------------------


class TestNationalAPI(ListPermissionSuite):
    url_name = "api:development-compliance"
    is_api = True
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return _person(institution)

    def marker(self, obj: Any) -> str:
        return f'"institution_code":"{obj.institution.parent.code}"'


class TestProvinceAPI(_ProvinceSuite):
    url_name = "api:development-compliance-province"
    is_api = True


class TestInstitutionAPI(_InstitutionSuite):
    url_name = "api:development-compliance-institution"
    is_api = True


class TestUnitAPI(_UnitSuite):
    url_name = "api:development-compliance-unit"
    is_api = True
    denied_role = Role.ASSESSOR


class TestMyJpAPI(LoginRequiredSuite):
    url_name = "api:development-my-jp"
    is_api = True
