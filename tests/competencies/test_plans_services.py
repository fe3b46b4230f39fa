"""Plans: who drafts, changes, submits and decides; what the items accept; the loop
(an item done once its development is credited in the plan's year); the approved plans'
cost as the budgets' plan."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from tangguh.competencies.loop import completion
from tangguh.competencies.models import DevelopmentPlan, PlanStatus
from tangguh.competencies.services_plans import (
    ItemData,
    plan_create,
    plan_decide,
    plan_item_add,
    plan_item_change,
    plan_item_delete,
    plan_submit,
)
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.ledger import ledger_append, ledger_reverse
from tangguh.development.models import LedgerSource
from tangguh.development.plans import planned_cost
from tests.competencies.factories import DevelopmentPlanFactory, PlanItemFactory
from tests.development.factories import EnrolmentFactory, ProgrammeFactory, form
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db

YEAR = date.today().year


def _person():
    employee = EmployeeFactory()
    return employee, make_user(Role.CIVIL_SERVANT, nip=employee.nip)


def test_a_civil_servant_drafts_fills_and_submits_their_own_plan():
    employee, me = _person()
    plan = plan_create(employee=employee, year=YEAR, actor=me)
    assert (plan.status, plan.institution_id, plan.nip) == (
        PlanStatus.DRAFT,
        employee.institution_id,
        employee.nip,
    )
    programme = ProgrammeFactory()
    item = plan_item_add(
        plan=plan, data=ItemData(programme_id=programme.pk, code="m.05", target_level=2), actor=me
    )
    # The programme fills what was left empty.
    assert (item.activity, item.form_id, item.jp, item.cost, item.code) == (
        programme.title,
        programme.form_id,
        Decimal("24"),
        Decimal("1500000"),
        "M.05",
    )
    plan_submit(plan=plan, actor=me)
    assert DevelopmentPlan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "competencies.plan_create",
        "competencies.plan_item_add",
        "competencies.plan_submit",
    } <= actions
    # Submitted: it no longer changes.
    with pytest.raises(Conflict):
        plan_item_add(plan=plan, data=ItemData(activity="Seminar"), actor=me)
    with pytest.raises(Conflict):
        plan_item_delete(item=item, actor=me)


def test_one_plan_per_person_and_year_and_a_sensible_year():
    employee, me = _person()
    plan_create(employee=employee, year=YEAR, actor=me)
    with pytest.raises(Conflict):
        plan_create(employee=employee, year=YEAR, actor=me)
    with pytest.raises(DomainError):
        plan_create(employee=employee, year=YEAR + 5, actor=me)
    assert DevelopmentPlan.objects.filter(employee=employee).count() == 1


def test_nobody_drafts_for_someone_outside_their_scope():
    employee = EmployeeFactory()  # Kota Surabaya
    for user in (
        make_user(Role.CIVIL_SERVANT, nip=EmployeeFactory().nip),
        make_user(Role.INSTITUTION_ADMIN, "34.04"),
        make_user(Role.INSTITUTION_ADMIN, "35"),
        make_user(Role.AUDITOR),
    ):
        with pytest.raises(PermissionDenied):
            plan_create(employee=employee, year=YEAR, actor=user)
    assert not DevelopmentPlan.objects.exists()
    # The institution's operator may.
    assert plan_create(employee=employee, year=YEAR, actor=make_user(Role.OPERATOR))


def test_bad_items_are_refused_with_a_sentence_and_nothing_saved():
    plan = DevelopmentPlanFactory()
    admin = make_user(Role.INSTITUTION_ADMIN)
    cases = [
        (ItemData(), "activity"),
        (ItemData(activity="x", code="Z.99"), "code"),
        (ItemData(activity="x", code="M.01", target_level=6), "target_level"),
        (ItemData(activity="x", target_level=2), "target_level"),
        (ItemData(activity="x", jp="-1"), "jp"),
        (ItemData(activity="x", cost="abc"), "cost"),
        (ItemData(activity="x", programme_id=999999), "programme"),
        (ItemData(activity="x", programme_id=ProgrammeFactory(status="draft").pk), "programme"),
    ]
    for data, field in cases:
        with pytest.raises(DomainError) as refused:
            plan_item_add(plan=plan, data=data, actor=admin)
        assert field in {e["field"] for e in refused.value.errors}, (data, refused.value.errors)
        assert str(refused.value.message)
    assert not plan.items.exists()


def test_items_change_and_go_while_the_plan_is_a_draft_or_returned():
    item = PlanItemFactory()
    admin = make_user(Role.INSTITUTION_ADMIN)
    plan_item_change(item=item, data=ItemData(activity="Mentoring", jp="8"), actor=admin)
    item.refresh_from_db()
    assert (item.activity, item.jp, item.code) == ("Mentoring", Decimal("8"), "")
    plan_item_delete(item=item, actor=admin)
    assert not item.plan.items.exists()


def test_an_empty_plan_is_not_submitted():
    plan = DevelopmentPlanFactory()
    with pytest.raises(DomainError):
        plan_submit(plan=plan, actor=make_user(Role.INSTITUTION_ADMIN))
    assert DevelopmentPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_the_administrator_approves_or_returns_with_a_note_never_their_own():
    admin_employee = EmployeeFactory()
    admin = make_user(Role.INSTITUTION_ADMIN, nip=admin_employee.nip)
    own = PlanItemFactory(plan__employee=admin_employee, plan__status=PlanStatus.SUBMITTED).plan
    own_sentence = gettext("This is your own plan: another administrator decides it.")
    with pytest.raises(PermissionDenied, match=re.escape(own_sentence)):
        plan_decide(plan=own, approve=True, actor=admin)
    assert DevelopmentPlan.objects.get(pk=own.pk).status == PlanStatus.SUBMITTED

    plan = PlanItemFactory(plan__status=PlanStatus.SUBMITTED).plan
    with pytest.raises(DomainError):
        plan_decide(plan=plan, approve=False, note="  ", actor=admin)
    plan_decide(plan=plan, approve=False, note="Tambahkan pelatihan teknis.", actor=admin)
    plan.refresh_from_db()
    assert (plan.status, plan.decision_note, plan.decided_by) == (
        PlanStatus.RETURNED,
        "Tambahkan pelatihan teknis.",
        admin,
    )
    # Returned: the person changes it and submits again; then it is approved.
    plan_item_add(plan=plan, data=ItemData(activity="Bimtek teknis"), actor=admin)
    plan_submit(plan=plan, actor=admin)
    plan_decide(plan=plan, approve=True, actor=make_user(Role.OPERATOR))
    assert DevelopmentPlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED
    with pytest.raises(Conflict):
        plan_decide(plan=plan, approve=True, actor=admin)
    # Outside the institution: refused.
    other = PlanItemFactory(plan__status=PlanStatus.SUBMITTED).plan
    for user in (
        make_user(Role.INSTITUTION_ADMIN, "34.04"),
        make_user(Role.INSTITUTION_ADMIN, "35"),
    ):
        with pytest.raises(PermissionDenied):
            plan_decide(plan=other, approve=True, actor=user)
    assert DevelopmentPlan.objects.get(pk=other.pk).status == PlanStatus.SUBMITTED


def test_an_item_is_done_once_its_development_is_credited_in_the_plans_year():
    employee = EmployeeFactory()
    plan = DevelopmentPlanFactory(employee=employee, year=YEAR)
    programme = ProgrammeFactory(competencies=[{"code": "M.05", "level": 2}])
    by_programme = PlanItemFactory(plan=plan, programme=programme, competency=None, code="")
    by_code = PlanItemFactory(plan=plan)  # M.05, no programme
    by_form = PlanItemFactory(plan=plan, competency=None, code="", form=form("seminar"))
    other_code = PlanItemFactory(plan=plan, code="M.01")
    items = [by_programme, by_code, by_form, other_code]
    assert set(completion(plan, items).values()) == {None}

    enrolment = EnrolmentFactory(session__programme=programme, employee=employee)
    entry = ledger_append(
        employee=employee,
        day=date(YEAR, 1, 15),
        jp=24,
        form=programme.form,
        source=LedgerSource.SESSION,
        description="Bimtek selesai",
        enrolment=enrolment,
    )
    done = completion(plan, items)
    assert done[by_programme.pk].entry_id == entry.pk
    assert done[by_code.pk].entry_id == entry.pk  # the programme develops M.05
    assert done[by_form.pk] is None and done[other_code.pk] is None
    # Last year's credit does not complete this year's plan.
    last_year = DevelopmentPlanFactory(employee=employee, year=YEAR - 1)
    old = PlanItemFactory(plan=last_year, programme=programme)
    assert completion(last_year, [old])[old.pk] is None
    # A reversed credit stops counting.
    ledger_reverse(entry=entry, actor=None, reason="salah input")
    assert completion(plan, items)[by_programme.pk] is None


def test_approved_plans_cost_is_the_budgets_plan():
    employee = EmployeeFactory()
    institution = employee.institution
    assert planned_cost(institution.pk, YEAR) is None
    plan = DevelopmentPlanFactory(employee=employee, status=PlanStatus.APPROVED)
    PlanItemFactory(plan=plan, cost=1500000)
    PlanItemFactory(plan=plan, cost=500000)
    PlanItemFactory(plan=plan, cost=999, status="cancelled")
    PlanItemFactory(plan__employee__institution=institution, plan__status=PlanStatus.SUBMITTED)
    assert planned_cost(institution.pk, YEAR) == Decimal("2000000")
    assert planned_cost(institution.pk, YEAR + 1) is None


def test_the_budget_page_shows_the_approved_plans_against_the_allocation():
    from django.urls import reverse

    from tangguh.development.budgets_display import rupiah
    from tests.development.factories import BudgetRevisionFactory
    from tests.permissions import client_for

    employee = EmployeeFactory()
    institution = employee.institution
    BudgetRevisionFactory(
        budget__institution=institution,
        budget__fiscal_year=YEAR,
        status="approved",
        development_allocation=Decimal("10000000"),
    )
    plan = DevelopmentPlanFactory(employee=employee, status=PlanStatus.APPROVED)
    PlanItemFactory(plan=plan, cost=2500000)
    page = client_for(make_user(Role.INSTITUTION_ADMIN)).get(
        reverse("development:budget", args=[institution.code, YEAR])
    )
    text = page.content.decode()
    assert rupiah(Decimal("2500000")) in text
    assert "25" in text.split('data-testid="plan"')[1].split("</div>")[0]
