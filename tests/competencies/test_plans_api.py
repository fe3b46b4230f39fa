"""The plans' API: a permission suite per route, writes from outside the scope refused
with nothing changed, and the answers' content (items, totals, done)."""

import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tangguh.competencies.models import DevelopmentPlan, PlanItem, PlanStatus
from tangguh.core.roles import Role
from tests.competencies.factories import DevelopmentPlanFactory, PlanItemFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import (
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

YEAR = date.today().year


def _plan(institution: Any, status: str = PlanStatus.DRAFT, items: int = 1) -> DevelopmentPlan:
    plan = DevelopmentPlanFactory(employee=EmployeeFactory(institution=institution), status=status)
    for _ in range(items):
        PlanItemFactory(plan=plan)
    return plan


def _json(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


class TestPlanListAPI(ListPermissionSuite):
    url_name = "api:competencies-plans"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _plan(institution)

    def marker(self, obj: Any) -> str:
        return f'"nip":"{obj.nip}"'


class TestPlanDetailAPI(ObjectPermissionSuite):
    url_name = "api:competencies-plan"
    is_api = True
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _plan(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestPlanCreateAPI(WritePermissionSuite):
    url_name = "api:competencies-plans"
    is_api = True
    ok_status = (201,)

    def make_object(self, institution: Any) -> Any:
        return EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        return _json(client, self.url(obj), {"nip": obj.nip, "year": YEAR})

    def state(self, obj: Any) -> Any:
        return DevelopmentPlan.objects.filter(employee=obj).count()


class TestPlanItemsAPI(WritePermissionSuite):
    url_name = "api:competencies-plan-items"
    is_api = True
    ok_status = (201,)

    def make_object(self, institution: Any) -> Any:
        return _plan(institution, items=0)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Any) -> Any:
        body = {"activity": "E-learning integritas", "competency_code": "M.01", "jp": "3"}
        return _json(client, self.url(obj), body)

    def state(self, obj: Any) -> Any:
        return list(PlanItem.objects.filter(plan=obj).values_list("activity", "code"))


class TestPlanSubmitAPI(WritePermissionSuite):
    url_name = "api:competencies-plan-submit"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return _plan(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return DevelopmentPlan.objects.get(pk=obj.pk).status


class TestPlanDecisionAPI(WritePermissionSuite):
    url_name = "api:competencies-plan-decision"
    is_api = True
    denied_role = Role.AUDITOR
    data = {"decision": "return", "note": "Tambahkan pelatihan teknis."}

    def make_object(self, institution: Any) -> Any:
        return _plan(institution, status=PlanStatus.SUBMITTED)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return (
            DevelopmentPlan.objects.filter(pk=obj.pk).values_list("status", "decision_note").get()
        )


class TestMyPlanAPI(ObjectPermissionSuite):
    """A person's own plan; anyone else's never answers."""

    url_name = "api:competencies-my-plan"
    is_api = True
    allowed_role = Role.CIVIL_SERVANT
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _plan(institution)

    def test_role_with_permission_gets_200(self) -> None:
        from tangguh.institutions.models import Institution

        plan = self.make_object(Institution.objects.get(code="35.78"))
        client = client_for(make_user(Role.CIVIL_SERVANT, nip=plan.nip))
        body = client.get(self.url(plan)).json()
        assert (body["id"], body["nip"], len(body["items"])) == (plan.pk, plan.nip, 1)

    def test_same_role_in_another_institution_gets_404(self) -> None:
        from tangguh.institutions.models import Institution

        plan = self.make_object(Institution.objects.get(code="35.78"))
        other = make_user(Role.CIVIL_SERVANT, "34.04", nip=EmployeeFactory().nip)
        assert client_for(other).get(self.url(plan)).status_code == 404


@pytest.mark.django_db
def test_the_detail_says_totals_and_what_is_done():
    plan = _plan(None or EmployeeFactory().institution, items=2)
    body = (
        client_for(make_user(Role.INSTITUTION_ADMIN))
        .get(reverse("api:competencies-plan", args=[plan.pk]))
        .json()
    )
    assert body["total_cost"] == 3000000 and body["total_jp"] == "48.00"
    assert [i["done"] for i in body["items"]] == [False, False]
    assert body["items"][0]["competency_code"] == "M.05"


@pytest.mark.django_db
def test_a_civil_servant_cannot_write_someone_elses_plan_nor_decide_their_own():
    plan = _plan(EmployeeFactory().institution, status=PlanStatus.SUBMITTED)
    stranger = client_for(make_user(Role.CIVIL_SERVANT, nip=EmployeeFactory().nip))
    assert (
        _json(
            stranger, reverse("api:competencies-plan-items", args=[plan.pk]), {"activity": "x"}
        ).status_code
        == 404
    )
    assert (
        _json(
            stranger, reverse("api:competencies-plans"), {"nip": plan.nip, "year": YEAR + 1}
        ).status_code
        == 404
    )
    own = client_for(make_user(Role.CIVIL_SERVANT, nip=plan.nip))
    url = reverse("api:competencies-plan-decision", args=[plan.pk])
    assert _json(own, url, {"decision": "approve"}).status_code == 403
    assert DevelopmentPlan.objects.filter(employee=plan.employee).count() == 1
    assert DevelopmentPlan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED
    assert plan.items.count() == 1


@pytest.mark.django_db
def test_bad_items_answer_400_with_the_field_and_nothing_changes():
    plan = _plan(EmployeeFactory().institution, items=0)
    client = client_for(make_user(Role.OPERATOR))
    url = reverse("api:competencies-plan-items", args=[plan.pk])
    response = _json(client, url, {"activity": "x", "competency_code": "Z.99", "target_level": 7})
    assert response.status_code == 400
    assert "Z.99" in response.content.decode()
    assert not plan.items.exists()
