"""Permission suites of the add, edit and deactivate pages and of the API's PATCH."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tangguh.core.roles import Role
from tangguh.people.models import Employee
from tests.people.factories import EmployeeFactory
from tests.permissions import ObjectPermissionSuite, WritePermissionSuite


def _person(institution: Any) -> Employee:
    return EmployeeFactory(
        institution=institution,
        full_name="Budi Santoso",
        title_front="",
        period_start=date(2015, 1, 1),
    )


def _record(obj: Employee) -> tuple[Any, ...]:
    e = Employee.objects.get(pk=obj.pk)
    return (e.full_name, e.status, e.period_start, e.history.count())


class TestEmployeeAddPage(ObjectPermissionSuite):
    url_name = "people:add"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def test_same_role_in_another_institution_gets_404(self) -> None:
        """Nothing of another institution is on the page: the form adds to one's own."""


class TestEmployeeAdd(WritePermissionSuite):
    url_name = "people:add"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR
    province_role = Role.OPERATOR
    ok_status = (302,)
    NIP = "198507122010012098"

    def request(self, client: Any, obj: Any) -> Any:
        data = {"nip": self.NIP, "full_name": "Maya Sari", "employee_kind": "PNS"}
        data["status"] = "active"
        return client.post(reverse(self.url_name), data)

    def state(self, obj: Any) -> Any:
        return list(Employee.objects.filter(nip=self.NIP).values_list("institution__code"))

    def location(self, obj: Any) -> str:
        return reverse("people:detail", args=[Employee.objects.get(nip=self.NIP).pk])

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        """An operator elsewhere adds to their own institution, never to Surabaya."""
        from tests.permissions import OTHER_CODE, client_for, make_user

        self.request(client_for(make_user(self.allowed_role, OTHER_CODE)), None)
        assert self.state(None) == [(OTHER_CODE,)]

    def test_province_over_the_regency_is_refused_and_nothing_changes(self) -> None:
        from tests.permissions import PROVINCE_CODE, client_for, make_user

        self.request(client_for(make_user(self.province_role, PROVINCE_CODE)), None)
        assert self.state(None) == [(PROVINCE_CODE,)]


class _OnePerson:
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Employee:
        return _person(institution)

    def url_kwargs(self, obj: Employee) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestEmployeeEditPage(_OnePerson, ObjectPermissionSuite):
    url_name = "people:edit"


class TestEmployeeDeactivatePage(_OnePerson, ObjectPermissionSuite):
    url_name = "people:deactivate"


class TestEmployeeEdit(_OnePerson, WritePermissionSuite):
    url_name = "people:edit"
    province_role = Role.OPERATOR
    ok_status = (302,)

    def request(self, client: Any, obj: Employee) -> Any:
        data = {
            "full_name": "Budi Santosa",
            "employee_kind": obj.employee_kind,
            "status": obj.status,
            "sex": obj.sex,
            "rank": obj.rank,
            "work_unit": obj.work_unit.path,
            "position": obj.position.name,
            "position_kind": obj.position_kind,
        }
        return client.post(reverse(self.url_name, args=[obj.pk]), data)

    def state(self, obj: Employee) -> Any:
        return _record(obj)

    def location(self, obj: Employee) -> str:
        return reverse("people:detail", args=[obj.pk])


class TestEmployeeDeactivate(_OnePerson, WritePermissionSuite):
    url_name = "people:deactivate"
    province_role = Role.OPERATOR
    ok_status = (302,)

    def request(self, client: Any, obj: Employee) -> Any:
        day = (timezone.localdate() - timedelta(days=1)).isoformat()
        return client.post(
            reverse(self.url_name, args=[obj.pk]), {"status": "retired", "date": day}
        )

    def state(self, obj: Employee) -> Any:
        return _record(obj)

    def location(self, obj: Employee) -> str:
        return reverse("people:detail", args=[obj.pk])


class TestEmployeePatchAPI(_OnePerson, WritePermissionSuite):
    url_name = "api:employee-detail"
    is_api = True
    method = "patch"
    province_role = Role.OPERATOR

    def request(self, client: Any, obj: Employee) -> Any:
        body = json.dumps({"full_name": "Budi Santosa", "education": "S1"})
        return client.patch(
            reverse(self.url_name, args=[obj.pk]), body, content_type="application/json"
        )

    def state(self, obj: Employee) -> Any:
        return (*_record(obj), Employee.objects.get(pk=obj.pk).education)
