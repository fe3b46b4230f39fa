"""The plans' pages: what they show and how a refusal reads."""

from datetime import date

import pytest
from django.urls import reverse

from tangguh.competencies.models import DevelopmentPlan, PlanStatus
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.competencies.factories import DevelopmentPlanFactory, PlanItemFactory
from tests.development.factories import ProgrammeFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db

YEAR = date.today().year


def test_the_list_shows_the_queue_and_the_totals_and_records_the_read():
    submitted = PlanItemFactory(plan__status=PlanStatus.SUBMITTED, cost=1000000).plan
    approved = PlanItemFactory(plan__status=PlanStatus.APPROVED, cost=2500000).plan
    page = client_for(make_user(Role.INSTITUTION_ADMIN)).get(reverse("competencies:plans"))
    text = page.content.decode()
    queue = text.split('data-testid="plan-queue"')[1].split("</table>")[0]
    assert submitted.nip in queue and approved.nip not in queue
    assert 'data-testid="queue-count">1<' in text
    entry = AuditEntry.objects.get(action="competencies.plans_view")
    assert {s.nip for s in entry.subjects.all()} == {submitted.nip, approved.nip}


def test_the_item_form_is_prefilled_from_a_suggestion_and_from_the_item():
    plan = DevelopmentPlanFactory()
    programme = ProgrammeFactory()
    client = client_for(make_user(Role.OPERATOR))
    url = reverse("competencies:plan_item_add", args=[plan.pk])
    page = client.get(url, {"programme": programme.pk, "code": "M.05", "target_level": 2})
    text = page.content.decode()
    assert page.status_code == 200
    assert f'<option value="{programme.pk}" selected>' in text
    assert '<option value="M.05" selected>' in text
    item = PlanItemFactory(plan=plan, activity="Mentoring kepemimpinan")
    page = client.get(reverse("competencies:plan_item_edit", args=[item.pk]))
    assert 'value="Mentoring kepemimpinan"' in page.content.decode()


def test_a_bad_item_shows_its_sentence_on_the_field_and_saves_nothing():
    plan = DevelopmentPlanFactory()
    url = reverse("competencies:plan_item_add", args=[plan.pk])
    page = client_for(make_user(Role.OPERATOR)).post(url, {"activity": "", "jp": "1"})
    assert page.status_code == 400
    assert 'data-testid="error-activity"' in page.content.decode()
    assert not plan.items.exists()


def test_returning_without_a_note_is_refused_on_the_page():
    plan = PlanItemFactory(plan__status=PlanStatus.SUBMITTED).plan
    url = reverse("competencies:plan_decide", args=[plan.pk])
    page = client_for(make_user(Role.INSTITUTION_ADMIN)).post(url, {"decision": "return"})
    assert page.status_code == 400
    assert 'data-testid="error-note"' in page.content.decode()
    assert DevelopmentPlan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_my_page_shows_the_returned_note_and_lets_me_start_a_plan():
    employee = EmployeeFactory()
    me = client_for(make_user(Role.CIVIL_SERVANT, nip=employee.nip))
    page = me.get(reverse("competencies:mine"))
    assert 'data-testid="plan-start"' in page.content.decode()
    response = me.post(reverse("competencies:plan_create"), {"year": YEAR})
    assert response.status_code == 302
    assert response["Location"] == reverse("competencies:mine") + f"?tahun={YEAR}"
    plan = DevelopmentPlan.objects.get(employee=employee, year=YEAR)
    PlanItemFactory(plan=plan)
    plan.status, plan.decision_note = PlanStatus.RETURNED, "Tambahkan e-learning integritas."
    plan.save()
    text = me.get(reverse("competencies:mine")).content.decode()
    assert "Tambahkan e-learning integritas." in text
    assert 'data-testid="plan-submit"' in text  # returned: changed and submitted again


def test_drafting_never_sends_the_reader_to_another_site():
    employee = EmployeeFactory()
    me = client_for(make_user(Role.CIVIL_SERVANT, nip=employee.nip))
    response = me.post(
        reverse("competencies:plan_create"), {"year": "x", "next": "//evil.example/"}
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert not DevelopmentPlan.objects.filter(employee=employee).exists()
