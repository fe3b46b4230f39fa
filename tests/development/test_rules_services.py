"""The conversion table is data: rows are added from a date, never edited; forms are
added and retired by the national administrator only."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tangguh.core.exceptions import DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.jp_rules import rule_for
from tangguh.development.models import DevelopmentForm, JpRule
from tangguh.development.services_activities import ActivityInput, activity_record
from tangguh.development.services_rules import RuleInput, form_add, form_set_active, rule_add
from tests.development.factories import form
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


def test_a_new_rule_applies_from_its_date_and_the_old_one_before(coordinator):  # type: ignore[no-untyped-def]
    admin = make_user(Role.NATIONAL_ADMIN, "K.09")
    seminar = form("seminar")
    old = rule_for(seminar, date(2024, 6, 1))
    new = rule_add(
        form=seminar, data=RuleInput(date(2025, 1, 1), "per_day", Decimal(3)), actor=admin
    )
    assert rule_for(seminar, date(2024, 12, 31)) == old
    assert rule_for(seminar, date(2025, 1, 1)) == new
    assert JpRule.objects.get(pk=old.pk).jp_per_unit == Decimal("4.00")
    assert AuditEntry.objects.filter(action="development.rule_add").count() == 1
    with pytest.raises(DomainError) as refused:
        rule_add(form=seminar, data=RuleInput(date(2025, 1, 1), "per_day", Decimal(2)), actor=admin)
    assert refused.value.errors[0]["field"] == "valid_from"


def test_nonsense_rules_are_refused_on_their_field(coordinator):  # type: ignore[no-untyped-def]
    admin = make_user(Role.NATIONAL_ADMIN, "K.09")
    cases = {
        "jp_per_unit": RuleInput(date(2026, 1, 1), "per_day", None),
        "max_units_per_month": RuleInput(
            date(2026, 1, 1), "per_day", Decimal(2), max_units_per_month=2
        ),
        "max_jp_per_year": RuleInput(
            date(2026, 1, 1), "per_day", Decimal(2), max_jp_per_year=Decimal(0)
        ),
    }
    for field, data in cases.items():
        with pytest.raises(DomainError) as refused:
            rule_add(form=form("seminar"), data=data, actor=admin)
        assert refused.value.errors[0]["field"] == field
    assert JpRule.objects.filter(valid_from=date(2026, 1, 1)).count() == 0


def test_only_the_national_administrator_writes_the_table(surabaya):  # type: ignore[no-untyped-def]
    for role in (Role.INSTITUTION_ADMIN, Role.OPERATOR, Role.CIVIL_SERVANT, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            rule_add(form=form("seminar"), data=RuleInput(date(2026, 1, 1), "per_day", Decimal(1)),
                     actor=make_user(role))  # fmt: skip
    assert not JpRule.objects.filter(valid_from=date(2026, 1, 1)).exists()


def test_a_retired_form_takes_no_new_activity_and_a_new_form_has_its_rule(surabaya, coordinator):  # type: ignore[no-untyped-def]
    admin = make_user(Role.NATIONAL_ADMIN, "K.09")
    podcast = form_add(code="podcast", name="Podcast", name_en="Podcast", category="nonklasikal",
                       rule=RuleInput(date(2024, 1, 1), "per_occurrence", Decimal(1)), actor=admin)  # fmt: skip
    assert rule_for(podcast, date(2025, 1, 1)).jp_per_unit == Decimal("1.00")
    form_set_active(form=form("outbound"), active=False, actor=admin)
    person = EmployeeFactory(institution=surabaya)
    day = date.today() - timedelta(days=3)
    with pytest.raises(DomainError) as refused:
        activity_record(employee=person, data=ActivityInput(form=DevelopmentForm.objects.get(code="outbound"),
                        title="x", start_date=day, end_date=day, evidence_link="https://a.go.id/b"),
                        actor=make_user(Role.OPERATOR))  # fmt: skip
    assert refused.value.errors[0]["field"] == "form"
