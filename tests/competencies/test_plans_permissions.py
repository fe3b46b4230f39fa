"""Permission suites of the plans' pages: every URL, and every write from outside the
writer's scope (another institution, the province above, a civil servant who is not
the plan's person) refused with nothing changed."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tangguh.competencies.models import DevelopmentPlan, PlanItem, PlanStatus
from tangguh.core.roles import Role
from tests.competencies.factories import DevelopmentPlanFactory, PlanItemFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import (
    HOME_CODE,
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

YEAR = date.today().year


def _plan(institution: Any, status: str = PlanStatus.DRAFT, items: int = 1) -> DevelopmentPlan:
    plan = DevelopmentPlanFactory(
        employee=EmployeeFactory(institution=institution, full_name="Rina Perencana"),
        status=status,
    )
    for _ in range(items):
        PlanItemFactory(plan=plan)
    return plan


def _status(plan: DevelopmentPlan) -> str:
    return DevelopmentPlan.objects.get(pk=plan.pk).status


class TestPlans(ListPermissionSuite):
    url_name = "competencies:plans"
    denied_role = Role.CIVIL_SERVANT  # a civil servant's plan is on their own page

    def make_object(self, institution: Any) -> Any:
        return _plan(institution)

    def marker(self, obj: Any) -> str:
        return obj.nip


class TestPlan(ObjectPermissionSuite):
    url_name = "competencies:plan"
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _plan(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestPlanCreate(WritePermissionSuite):
    url_name = "competencies:plan_create"
    ok_status = (302,)
    # Another institution's admin does not find the NIP: back to the list with a message.
    refused_status = (302, 403, 404)

    def make_object(self, institution: Any) -> Any:
        return EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(self.url(obj), {"nip": obj.nip, "year": YEAR})

    def state(self, obj: Any) -> Any:
        return DevelopmentPlan.objects.filter(employee=obj).count()

    def location(self, obj: Any) -> str:
        return reverse("competencies:plan", args=[DevelopmentPlan.objects.get(employee=obj).pk])


class TestPlanItemAdd(WritePermissionSuite):
    url_name = "competencies:plan_item_add"
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return _plan(institution, items=0)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Any) -> Any:
        data = {"activity": "Coaching pelayanan", "code": "M.05", "target_level": "3", "jp": "4"}
        return client.post(self.url(obj), data)

    def state(self, obj: Any) -> Any:
        return list(PlanItem.objects.filter(plan=obj).values_list("activity", "code", "jp"))

    def location(self, obj: Any) -> str:
        return reverse("competencies:plan", args=[obj.pk])


class TestPlanItemEdit(WritePermissionSuite):
    url_name = "competencies:plan_item_edit"
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return _plan(institution).items.get()

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(self.url(obj), {"activity": "Mentoring", "jp": "6", "cost": "0"})

    def state(self, obj: Any) -> Any:
        return PlanItem.objects.filter(pk=obj.pk).values_list("activity", "jp").first()

    def location(self, obj: Any) -> str:
        return reverse("competencies:plan", args=[obj.plan_id])


class TestPlanItemDelete(WritePermissionSuite):
    url_name = "competencies:plan_item_delete"
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return _plan(institution).items.get()

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return PlanItem.objects.filter(pk=obj.pk).exists()

    def location(self, obj: Any) -> str:
        return reverse("competencies:plan", args=[obj.plan_id])


class TestPlanSubmit(WritePermissionSuite):
    url_name = "competencies:plan_submit"
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return _plan(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return _status(obj)

    def location(self, obj: Any) -> str:
        return reverse("competencies:plan", args=[obj.pk])


class TestPlanDecide(WritePermissionSuite):
    url_name = "competencies:plan_decide"
    ok_status = (302,)
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return _plan(institution, status=PlanStatus.SUBMITTED)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(self.url(obj), {"decision": "approve"})

    def state(self, obj: Any) -> Any:
        return _status(obj)

    def location(self, obj: Any) -> str:
        return reverse("competencies:plan", args=[obj.pk])


class TestMine(ObjectPermissionSuite):
    """The civil servant's own page: theirs only (an account without a register row: 404)."""

    url_name = "competencies:mine"
    allowed_role = Role.CIVIL_SERVANT
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _plan(institution)

    def test_role_with_permission_gets_200(self) -> None:
        from tangguh.institutions.models import Institution

        plan = self.make_object(Institution.objects.get(code=HOME_CODE))
        user = make_user(Role.CIVIL_SERVANT, nip=plan.nip)
        response = client_for(user).get(self.url(plan))
        assert response.status_code == 200
        assert plan.items.get().activity in response.content.decode()

    def test_same_role_in_another_institution_gets_404(self) -> None:
        # Someone else's plan never shows: a civil servant without a register row gets 404,
        # and one with their own row sees their own (empty) page, not the plan.
        from tangguh.institutions.models import Institution

        plan = self.make_object(Institution.objects.get(code=HOME_CODE))
        assert (
            client_for(make_user(Role.CIVIL_SERVANT, "34.04")).get(self.url(plan)).status_code
            == 404
        )
        other = EmployeeFactory(institution=Institution.objects.get(code="34.04"))
        response = client_for(make_user(Role.CIVIL_SERVANT, "34.04", nip=other.nip)).get(
            self.url(plan)
        )
        assert response.status_code == 200
        assert plan.items.get().activity not in response.content.decode()


@pytest.mark.django_db
class TestCivilServantWritesOnlyTheirOwnPlan:
    """A civil servant's SELF grant: another person's plan is a 404, and nothing changes."""

    def _stranger(self) -> Any:
        return client_for(make_user(Role.CIVIL_SERVANT, nip=EmployeeFactory().nip))

    def test_item_add_to_another_persons_plan(self) -> None:
        from tangguh.institutions.models import Institution

        plan = _plan(Institution.objects.get(code=HOME_CODE), items=0)
        url = reverse("competencies:plan_item_add", args=[plan.pk])
        assert self._stranger().post(url, {"activity": "x"}).status_code == 404
        assert not plan.items.exists()

    def test_submit_edit_delete_of_another_persons_plan(self) -> None:
        from tangguh.institutions.models import Institution

        plan = _plan(Institution.objects.get(code=HOME_CODE))
        item = plan.items.get()
        client = self._stranger()
        assert client.post(reverse("competencies:plan_submit", args=[plan.pk])).status_code == 404
        edit = reverse("competencies:plan_item_edit", args=[item.pk])
        assert client.post(edit, {"activity": "changed"}).status_code == 404
        delete = reverse("competencies:plan_item_delete", args=[item.pk])
        assert client.post(delete).status_code == 404
        assert _status(plan) == PlanStatus.DRAFT
        assert PlanItem.objects.get(pk=item.pk).activity == item.activity

    def test_create_for_another_person(self) -> None:
        other = EmployeeFactory()
        response = self._stranger().post(
            reverse("competencies:plan_create"), {"nip": other.nip, "year": YEAR}
        )
        assert response.status_code in (302, 403, 404)
        assert not DevelopmentPlan.objects.filter(employee=other).exists()

    def test_decide_even_their_own(self) -> None:
        from tangguh.institutions.models import Institution

        plan = _plan(Institution.objects.get(code=HOME_CODE), status=PlanStatus.SUBMITTED)
        client = client_for(make_user(Role.CIVIL_SERVANT, nip=plan.nip))
        url = reverse("competencies:plan_decide", args=[plan.pk])
        assert client.post(url, {"decision": "approve"}).status_code == 403
        assert _status(plan) == PlanStatus.SUBMITTED
