"""Permission suites of the needs analysis (AKPK): every page and API route, and every
write from outside the writer's scope (another institution, the province above, a
civil servant) refused with nothing changed."""

import json
from datetime import date
from typing import Any

from django.urls import reverse

from tangguh.competencies.models import NeedsAnalysis, NeedsLine, NeedsStatus
from tangguh.competencies.profile import refresh
from tangguh.core.roles import Role
from tests.competencies.factories import AdministratorPositionFactory, AssessmentFactory, competency
from tests.people.factories import EmployeeFactory
from tests.permissions import ListPermissionSuite, ObjectPermissionSuite, WritePermissionSuite

YEAR = date.today().year + 1


def draft(institution: Any) -> NeedsAnalysis:
    """A draft AKPK of ``institution`` with one line (M.01, one person two levels short)."""
    from tangguh.competencies.services_needs import needs_create

    employee = EmployeeFactory(
        institution=institution, position=AdministratorPositionFactory(institution=institution)
    )
    AssessmentFactory(employee=employee, competency=competency("M.01"), level=1)
    refresh([employee.pk])
    return needs_create(institution=institution, year=YEAR, actor=None)


def analysis_state(obj: NeedsAnalysis) -> Any:
    row = NeedsAnalysis.objects.filter(pk=obj.pk).values_list("status", "data_as_of").first()
    lines = list(
        NeedsLine.objects.filter(analysis=obj.pk).values_list(
            "code", "people", "estimated_jp", "estimated_cost", "priority", "note"
        )
    )
    return row, lines


# --- pages ---------------------------------------------------------------------------------


class TestNeedsList(ListPermissionSuite):
    url_name = "competencies:needs"
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Any:
        return draft(institution)

    def marker(self, obj: Any) -> str:
        return reverse("competencies:needs_detail", args=[obj.pk])


class TestNeedsDetail(ObjectPermissionSuite):
    url_name = "competencies:needs_detail"
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return draft(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestNeedsXlsx(TestNeedsDetail):
    url_name = "competencies:needs_xlsx"
    allowed_role = Role.OPERATOR


class TestNeedsPdf(TestNeedsDetail):
    url_name = "competencies:needs_pdf"


class TestNeedsCreatePage(ObjectPermissionSuite):
    url_name = "competencies:needs_create"
    denied_role = Role.AUDITOR

    def test_same_role_in_another_institution_gets_404(self) -> None:
        """The form is about no object: another institution's admin gets a form that
        offers only their own institution."""
        from tests.permissions import OTHER_CODE, client_for, make_user

        response = client_for(make_user(self.allowed_role, OTHER_CODE)).get(self.url(None))
        assert response.status_code == 200
        offered = list(response.context["form"].fields["institution"].queryset)
        assert [i.code for i in offered] == [OTHER_CODE]


class TestNeedsCreate(WritePermissionSuite):
    url_name = "competencies:needs_create"
    ok_status = (302,)
    # Another institution's admin cannot choose Surabaya in the form: 400, nothing made.
    refused_status = (400, 403, 404)

    def make_object(self, institution: Any) -> Any:
        return institution

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(self.url(obj), {"institution": obj.pk, "year": YEAR})

    def state(self, obj: Any) -> Any:
        return NeedsAnalysis.objects.filter(institution=obj).count()

    def location(self, obj: Any) -> str:
        return reverse(
            "competencies:needs_detail", args=[NeedsAnalysis.objects.get(institution=obj).pk]
        )


class _DraftWrite(WritePermissionSuite):
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return draft(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return analysis_state(obj)

    def location(self, obj: Any) -> str:
        return reverse("competencies:needs_detail", args=[obj.pk])


class TestNeedsRecompute(_DraftWrite):
    url_name = "competencies:needs_recompute"

    def make_object(self, institution: Any) -> Any:
        analysis = draft(institution)
        # Someone else falls short since: recomputing adds them.
        employee = EmployeeFactory(
            institution=institution, position=AdministratorPositionFactory(institution=institution)
        )
        AssessmentFactory(employee=employee, competency=competency("M.01"), level=2)
        refresh([employee.pk])
        return analysis


class TestNeedsFile(_DraftWrite):
    url_name = "competencies:needs_file"
    denied_role = Role.OPERATOR  # operators prepare, administrators file

    def assert_done(self, obj: Any, before: Any) -> None:
        assert NeedsAnalysis.objects.get(pk=obj.pk).status == NeedsStatus.FILED


class TestNeedsLineEdit(_DraftWrite):
    url_name = "competencies:needs_line_edit"
    allowed_role = Role.OPERATOR

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk, "line": obj.lines.get().pk}

    def request(self, client: Any, obj: Any) -> Any:
        data = {"estimated_jp": "16", "estimated_cost": "2500000", "priority": "2", "note": "x"}
        return client.post(self.url(obj), data)

    def location(self, obj: Any) -> str:
        return reverse("competencies:needs_detail", args=[obj.pk]) + "#line-M.01"


class TestNeedsLineEditPage(ObjectPermissionSuite):
    url_name = "competencies:needs_line_edit"
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return draft(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk, "line": obj.lines.get().pk}


# --- the API -------------------------------------------------------------------------------


class TestNeedsListAPI(ListPermissionSuite):
    url_name = "api:competencies-needs"
    is_api = True
    allowed_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return draft(institution)

    def marker(self, obj: Any) -> str:
        return f'"id":{obj.pk},'


class TestNeedsDetailAPI(ObjectPermissionSuite):
    url_name = "api:competencies-needs-detail"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return draft(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestNeedsCreateAPI(WritePermissionSuite):
    url_name = "api:competencies-needs"
    is_api = True
    ok_status = (201,)

    def make_object(self, institution: Any) -> Any:
        return institution

    def request(self, client: Any, obj: Any) -> Any:
        body = {"institution_code": obj.code, "year": YEAR}
        return client.post(self.url(obj), data=json.dumps(body), content_type="application/json")

    def state(self, obj: Any) -> Any:
        return NeedsAnalysis.objects.filter(institution=obj).count()


class _DraftWriteAPI(_DraftWrite):
    is_api = True
    ok_status = (200,)


class TestNeedsRecomputeAPI(_DraftWriteAPI, TestNeedsRecompute):
    url_name = "api:competencies-needs-recompute"


class TestNeedsFileAPI(_DraftWriteAPI, TestNeedsFile):
    url_name = "api:competencies-needs-file"


class TestNeedsLineAPI(_DraftWriteAPI):
    url_name = "api:competencies-needs-line"
    method = "put"
    allowed_role = Role.OPERATOR

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk, "code": "M.01"}

    def request(self, client: Any, obj: Any) -> Any:
        body = {"estimated_jp": "16", "estimated_cost": "2500000", "priority": "2"}
        return client.put(self.url(obj), data=json.dumps(body), content_type="application/json")
