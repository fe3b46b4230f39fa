"""Entering budget revisions and deciding on them: the rules, the scope, the audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from tangguh.core.audit import AuditEntry
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.roles import Role
from tangguh.development import metrics_budgets
from tangguh.development.models import Budget, BudgetRevision, RevisionKind, RevisionStatus
from tangguh.development.services_budgets import (
    Figures,
    budget_revision_approve,
    budget_revision_reject,
    budget_revision_submit,
    last_year,
)
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():  # type: ignore[no-untyped-def]
    """The refusals are read in English here (the Indonesian text is the catalogue's)."""
    with translation.override("en"):
        yield


TOTAL = Decimal("4500000000000")
ALLOCATION = Decimal("9000000000")


def _figures(**changes) -> Figures:  # type: ignore[no-untyped-def]
    values = {
        "kind": RevisionKind.INITIAL,
        "total_budget": TOTAL,
        "development_allocation": ALLOCATION,
        "document": "Perda No. 12 Tahun 2023",
        "effective_date": date(2024, 1, 1),
        "note": "",
    }
    values.update(changes)
    return Figures(**values)


def _submit(institution, actor, year=2024, **changes):  # type: ignore[no-untyped-def]
    return budget_revision_submit(
        institution=institution, year=year, figures=_figures(**changes), actor=actor
    )


def _field_messages(exc: DomainError) -> dict[str, str]:
    return {e["field"]: str(e["message"]) for e in exc.errors}


def test_an_operator_enters_a_revision_that_awaits_approval(surabaya):
    operator = make_user(Role.OPERATOR)
    revision = _submit(surabaya, operator)
    assert revision.status == RevisionStatus.SUBMITTED
    assert revision.number == 1
    assert revision.entered_by == operator
    assert revision.budget.fiscal_year == 2024
    entry = AuditEntry.objects.get(action="development.budget_revision_submit")
    assert entry.actor == operator
    assert entry.institution_id == surabaya.pk
    assert entry.data["development_allocation"] == str(ALLOCATION)
    # Not the budget until approved.
    assert metrics_budgets.allocations(2024, [surabaya.pk]) == {}


def test_another_administrator_approves_and_it_becomes_the_budget(surabaya):
    revision = _submit(surabaya, make_user(Role.OPERATOR))
    admin = make_user(Role.INSTITUTION_ADMIN)
    budget_revision_approve(revision=revision, actor=admin)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED
    assert revision.decided_by == admin
    assert revision.decided_at is not None
    allocation = metrics_budgets.allocations(2024, [surabaya.pk])[surabaya.pk]
    assert allocation.development_allocation == ALLOCATION
    assert allocation.share == Decimal("0.0020")
    assert AuditEntry.objects.filter(action="development.budget_revision_approve").count() == 1


def test_the_author_cannot_approve_their_own_revision(surabaya):
    admin = make_user(Role.INSTITUTION_ADMIN)
    revision = _submit(surabaya, admin)
    with pytest.raises(DomainError, match="another administrator"):
        budget_revision_approve(revision=revision, actor=admin)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUBMITTED
    assert revision.decided_by is None
    assert not AuditEntry.objects.filter(action="development.budget_revision_approve").exists()


def test_the_author_cannot_reject_it_either(surabaya):
    admin = make_user(Role.INSTITUTION_ADMIN)
    revision = _submit(surabaya, admin)
    with pytest.raises(DomainError):
        budget_revision_reject(revision=revision, actor=admin, reason="salah ketik")
    assert BudgetRevision.objects.get(pk=revision.pk).status == RevisionStatus.SUBMITTED


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("total_budget", {"total_budget": Decimal("-1")}),
        ("development_allocation", {"development_allocation": Decimal("-5000000")}),
        ("development_allocation", {"development_allocation": TOTAL + 1}),
        ("total_budget", {"total_budget": Decimal("1000.50")}),
        ("total_budget", {"total_budget": "banyak"}),
    ],
)
def test_bad_amounts_are_refused_on_their_field_and_nothing_is_saved(surabaya, field, changes):
    with pytest.raises(DomainError) as refused:
        _submit(surabaya, make_user(Role.OPERATOR), **changes)
    assert field in _field_messages(refused.value)
    assert not BudgetRevision.objects.exists()
    assert not Budget.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="development.budget").exists()


def test_a_negative_amount_says_so(surabaya):
    with pytest.raises(DomainError) as refused:
        _submit(surabaya, make_user(Role.OPERATOR), total_budget=Decimal("-1"))
    assert "cannot be negative" in _field_messages(refused.value)["total_budget"]


@pytest.mark.parametrize("year", [1999, 1900])
def test_a_year_far_in_the_past_is_refused(surabaya, year):
    with pytest.raises(DomainError) as refused:
        _submit(surabaya, make_user(Role.OPERATOR), year=year)
    assert "fiscal_year" in _field_messages(refused.value)


def test_next_year_is_accepted_and_the_one_after_refused(surabaya):
    operator = make_user(Role.OPERATOR)
    _submit(surabaya, operator, year=last_year())
    with pytest.raises(DomainError):
        _submit(surabaya, operator, year=last_year() + 1)


def test_revisions_are_numbered_and_kept(surabaya):
    operator = make_user(Role.OPERATOR)
    admin = make_user(Role.INSTITUTION_ADMIN)
    first = _submit(surabaya, operator)
    budget_revision_approve(revision=first, actor=admin)
    amended = _submit(
        surabaya, operator, kind=RevisionKind.AMENDED, development_allocation=Decimal("9500000000")
    )
    assert amended.number == 2
    budget_revision_approve(revision=amended, actor=admin)
    latest = metrics_budgets.latest_approved(2024, [surabaya.pk])[surabaya.pk]
    assert latest.pk == amended.pk
    assert BudgetRevision.objects.filter(budget=first.budget).count() == 2


def test_a_second_initial_budget_after_approval_is_refused(surabaya):
    operator = make_user(Role.OPERATOR)
    budget_revision_approve(
        revision=_submit(surabaya, operator), actor=make_user(Role.INSTITUTION_ADMIN)
    )
    with pytest.raises(DomainError) as refused:
        _submit(surabaya, operator)
    assert "kind" in _field_messages(refused.value)
    assert BudgetRevision.objects.count() == 1


def test_approving_a_superseded_revision_is_refused(surabaya):
    operator = make_user(Role.OPERATOR)
    admin = make_user(Role.INSTITUTION_ADMIN)
    older = _submit(surabaya, operator)
    newer = _submit(surabaya, operator, kind=RevisionKind.AMENDED)
    budget_revision_approve(revision=newer, actor=admin)
    with pytest.raises(Conflict, match="superseded"):
        budget_revision_approve(revision=older, actor=admin)
    assert BudgetRevision.objects.get(pk=older.pk).status == RevisionStatus.SUBMITTED


def test_a_decided_revision_cannot_be_decided_again(surabaya):
    revision = _submit(surabaya, make_user(Role.OPERATOR))
    admin = make_user(Role.INSTITUTION_ADMIN)
    budget_revision_reject(revision=revision, actor=admin, reason="Angka belum final")
    with pytest.raises(Conflict):
        budget_revision_approve(revision=revision, actor=admin)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED
    assert revision.decision_note == "Angka belum final"


def test_rejecting_needs_a_reason(surabaya):
    revision = _submit(surabaya, make_user(Role.OPERATOR))
    with pytest.raises(DomainError):
        budget_revision_reject(
            revision=revision, actor=make_user(Role.INSTITUTION_ADMIN), reason=" "
        )
    assert BudgetRevision.objects.get(pk=revision.pk).status == RevisionStatus.SUBMITTED


# --- from outside the writer's scope ------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.OPERATOR, "34.04"),  # another province's operator
        (Role.INSTITUTION_ADMIN, "34.04"),
        (Role.AUDITOR, "35.78"),  # reads, never writes
        (Role.CIVIL_SERVANT, "35.78"),
        (Role.ASSESSOR, "35.78"),
    ],
)
def test_entering_outside_the_scope_is_refused_and_changes_nothing(surabaya, role, code):
    with pytest.raises(PermissionDenied):
        _submit(surabaya, make_user(role, code))
    assert not BudgetRevision.objects.exists()
    assert not Budget.objects.exists()


def test_a_province_enters_and_approves_its_regencies_figures(surabaya):
    operator = make_user(Role.OPERATOR, "35")
    revision = _submit(surabaya, operator)
    budget_revision_approve(revision=revision, actor=make_user(Role.INSTITUTION_ADMIN, "35"))
    assert BudgetRevision.objects.get(pk=revision.pk).status == RevisionStatus.APPROVED


def test_a_regency_cannot_enter_its_provinces_figures(jatim):
    with pytest.raises(PermissionDenied):
        _submit(jatim, make_user(Role.INSTITUTION_ADMIN, "35.78"))
    assert not BudgetRevision.objects.exists()


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.OPERATOR, "35.78"),  # enters, never approves
        (Role.INSTITUTION_ADMIN, "34.04"),
        (Role.AUDITOR, "35.78"),
        (Role.CIVIL_SERVANT, "35.78"),
    ],
)
def test_deciding_outside_the_scope_is_refused_and_changes_nothing(surabaya, role, code):
    revision = _submit(surabaya, make_user(Role.OPERATOR))
    for decide in (
        lambda actor: budget_revision_approve(revision=revision, actor=actor),
        lambda actor: budget_revision_reject(revision=revision, actor=actor, reason="tidak"),
    ):
        with pytest.raises(PermissionDenied):
            decide(make_user(role, code))
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUBMITTED
    assert revision.decided_by is None


def test_per_civil_servant_divides_by_the_active_civil_servants(surabaya):
    for _i in range(4):
        EmployeeFactory(institution=surabaya)
    revision = _submit(surabaya, make_user(Role.OPERATOR), year=date.today().year)
    budget_revision_approve(revision=revision, actor=make_user(Role.INSTITUTION_ADMIN))
    allocation = metrics_budgets.allocations(date.today().year, [surabaya.pk])[surabaya.pk]
    assert allocation.civil_servants == 4
    assert allocation.per_civil_servant == ALLOCATION / 4
