"""Permission suites of the self-service pages and the correction queue (tests/permissions.py).

The person's own pages take no id: whose data they show is the account's NIP. Their
suite proves that a visitor is sent to sign in, an account without a record gets
404, a civil servant gets their own record and nobody else's, and a staff member
with a NIP gets their own record even outside their staff scope.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.people.models import CorrectionRequest
from tests.people.corrections import correction
from tests.people.factories import EmployeeFactory
from tests.people.test_views_permissions import institution
from tests.permissions import (
    HOME_CODE,
    OTHER_CODE,
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    _Suite,
    client_for,
    make_user,
)


@pytest.mark.django_db
class OwnRecordSuite(_Suite):
    """A page about the signed-in person's own record (no id in the URL)."""

    query: ClassVar[str] = ""

    def url(self, obj: Any) -> str:
        return super().url(obj) + self.query

    def content(self, response: Any) -> str:
        return response.content.decode("utf-8", "replace")

    def marker(self, employee: Any) -> str:
        return employee.full_name

    def test_anonymous_is_refused(self) -> None:
        self.refuse_anonymous(None)

    @pytest.mark.parametrize("role", [Role.CIVIL_SERVANT, Role.OPERATOR])
    def test_account_without_a_record_gets_404(self, role: str) -> None:
        response = self.request(client_for(make_user(role)), None)
        assert response.status_code == 404, response.status_code

    def test_civil_servant_gets_their_own_and_no_one_elses(self) -> None:
        own = EmployeeFactory(institution=institution(HOME_CODE), full_name="Siti Pemilik")
        other = EmployeeFactory(institution=institution(HOME_CODE), full_name="Budi Lain")
        response = self.request(client_for(make_user(Role.CIVIL_SERVANT, nip=own.nip)), None)
        assert response.status_code == 200, response.status_code
        assert self.marker(own) in self.content(response)
        assert self.marker(other) not in self.content(response)

    def test_staff_with_a_nip_gets_their_own_outside_their_scope(self) -> None:
        # An operator of Sleman whose own record is in Surabaya.
        own = EmployeeFactory(institution=institution(HOME_CODE), full_name="Rina Operator")
        user = make_user(Role.OPERATOR, OTHER_CODE, nip=own.nip)
        response = self.request(client_for(user), None)
        assert response.status_code == 200, response.status_code
        assert self.marker(own) in self.content(response)


class TestMyCorrection(OwnRecordSuite):
    url_name = "people:me-correct"


class TestMyData(OwnRecordSuite):
    url_name = "people:me-data"
    query = "?fmt=json"


class TestCorrectionQueue(ListPermissionSuite):
    url_name = "people:corrections"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, inst):  # type: ignore[no-untyped-def]
        return correction(inst)

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return obj.requested_value


class TestCorrectionDetail(ObjectPermissionSuite):
    """A civil servant opens their own request (200) and nobody else's (404)."""

    url_name = "people:correction-detail"
    allowed_role = Role.OPERATOR

    def make_object(self, inst):  # type: ignore[no-untyped-def]
        return correction(inst)

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"pk": obj.pk}

    def test_role_without_permission_gets_403(self) -> None:  # type: ignore[override]
        # The self scope: a civil servant's own request, never another's.
        other = self.make_object(institution(HOME_CODE))
        person = EmployeeFactory(institution=institution(HOME_CODE))
        me = client_for(make_user(Role.CIVIL_SERVANT, nip=person.nip))
        assert self.request(me, other).status_code == 404
        own = correction(institution(HOME_CODE), employee=person)
        assert self.request(me, own).status_code == 200
        # A role with no grant on requests at all (an assessor) is refused outright.
        assessor = client_for(make_user(Role.ASSESSOR))
        assert self.request(assessor, other).status_code == 403


class _DecisionSuite(WritePermissionSuite):
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR
    province_role = Role.INSTITUTION_ADMIN
    refused_status = (404,)

    def make_object(self, inst):  # type: ignore[no-untyped-def]
        return correction(inst)

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"pk": obj.pk}

    def location(self, obj):  # type: ignore[no-untyped-def]
        return reverse("people:corrections")

    def state(self, obj):  # type: ignore[no-untyped-def]
        return CorrectionRequest.objects.filter(pk=obj.pk).values_list(
            "status", "decision_note", "decided_by"
        )[0]

    def test_civil_servant_cannot_decide_even_their_own(self) -> None:
        obj = self.make_object(institution(HOME_CODE))
        me = client_for(make_user(Role.CIVIL_SERVANT, nip=obj.employee.nip))
        response, before = self.send(me, obj)
        self.assert_refused(response, obj, before, (403,))


class TestCorrectionDone(_DecisionSuite):
    url_name = "people:correction-done"
    ok_status = (302,)
    data: ClassVar[dict[str, Any] | None] = {"note": "Sudah diperbaiki"}


class TestCorrectionReject(_DecisionSuite):
    url_name = "people:correction-reject"
    ok_status = (302,)
    data: ClassVar[dict[str, Any] | None] = {"note": "Sesuai SK, nama sudah benar"}
