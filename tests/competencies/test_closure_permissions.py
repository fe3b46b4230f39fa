"""Who reads gap closure: the staff of the institution's tree; never a civil servant."""

from typing import Any

from tangguh.competencies.profile import refresh
from tangguh.core.roles import Role
from tests.competencies.factories import AssessmentFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import ListPermissionSuite


def assessed_in(institution: Any) -> Any:
    person = EmployeeFactory(institution=institution)
    assessment = AssessmentFactory(employee=person)
    refresh([person.pk])
    return assessment


class TestClosurePage(ListPermissionSuite):
    url_name = "competencies:closure"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return assessed_in(institution)

    def marker(self, obj: Any) -> str:
        return f'data-testid="closure-institution">{obj.institution.name}<'


class TestClosureAPI(TestClosurePage):
    url_name = "api:competencies-closure"
    is_api = True

    def marker(self, obj: Any) -> str:
        return f'"institution_code":"{obj.institution.code}"'
