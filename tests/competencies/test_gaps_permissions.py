"""Who reads gaps: a person's profile and the gap summary (pages, XLSX and API) are for
the staff of the person's institution tree; a civil servant reads their own on their
own page, never here; another institution's staff get 404 or see none of the rows."""

import io
from typing import Any

from openpyxl import load_workbook

from tangguh.competencies.profile import refresh
from tangguh.core.roles import Role
from tests.competencies.factories import AdministratorPositionFactory, AssessmentFactory
from tests.people.factories import EmployeeFactory, WorkUnitFactory
from tests.permissions import ListPermissionSuite, ObjectPermissionSuite


def assessed_person(institution: Any) -> Any:
    """An administrator in a unit of ``institution``, short by 2 in M.01."""
    position = AdministratorPositionFactory(institution=institution)
    unit = WorkUnitFactory(institution=institution, name="Bagian Kesenjangan Uji")
    person = EmployeeFactory(institution=institution, position=position, work_unit=unit)
    AssessmentFactory(employee=person, level=1)
    refresh([person.pk])
    return person


class TestPersonPage(ObjectPermissionSuite):
    url_name = "competencies:person"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return assessed_person(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"nip": obj.nip}


class TestSummaryPage(ListPermissionSuite):
    url_name = "competencies:gaps"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return assessed_person(institution)

    def marker(self, obj: Any) -> str:
        return obj.work_unit.path


def _xlsx_text(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


class TestSummaryXlsx(TestSummaryPage):
    url_name = "competencies:gaps_xlsx"

    def content(self, response: Any) -> str:
        return _xlsx_text(response)


class TestPersonGapsAPI(ObjectPermissionSuite):
    url_name = "api:competencies-person-gaps"
    is_api = True
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return assessed_person(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"nip": obj.nip}


class TestPersonProfileAPI(TestPersonGapsAPI):
    url_name = "api:competencies-person-profile"


class TestSummaryAPI(TestSummaryPage):
    url_name = "api:competencies-gaps"
    is_api = True
