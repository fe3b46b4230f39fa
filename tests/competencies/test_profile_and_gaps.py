"""The profile rule, the standards' resolution and a person's gaps (the contracts every
part of the domain stands on)."""

from datetime import date, timedelta

import pytest

from tangguh.competencies.gaps import person_gaps
from tangguh.competencies.models import AssessmentStatus, CurrentLevel, StandardItem
from tangguh.competencies.profile import levels_as_of, refresh
from tangguh.competencies.standards import required_for
from tangguh.competencies.tiers import tier_of
from tests.competencies.factories import (
    AdministratorPositionFactory,
    AssessmentFactory,
    PositionItemFactory,
    competency,
    method,
)
from tests.people.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()


def test_tiers_come_from_the_kind_and_a_functional_grade():
    assert tier_of("administrator", "Camat Gubeng") == "administrator"
    assert tier_of("fungsional", "Analis Kebijakan Ahli  Muda") == "ahli_muda"
    assert tier_of("fungsional", "Pranata Komputer Terampil") == "terampil"
    assert tier_of("fungsional", "Guru") == ""
    assert tier_of("", "Kepala Bidang") == ""


def test_the_most_specific_standard_wins_per_code():
    position = AdministratorPositionFactory()
    national = required_for(position)
    assert {code: r.level for code, r in national.items()} == {
        **{f"M.0{i}": 3 for i in range(1, 9)},
        "S.01": 3,
    }
    StandardItem.objects.create(
        institution=position.institution,
        tier="administrator",
        competency=competency("M.01"),
        code="M.01",
        required_level=4,
    )
    PositionItemFactory(position=position)  # P.01 level 3, the position's own
    PositionItemFactory(position=position, competency=competency("M.02"), required_level=5)
    resolved = required_for(position)
    assert (resolved["M.01"].level, resolved["M.01"].source) == (4, "institution")
    assert (resolved["M.02"].level, resolved["M.02"].source) == (5, "position")
    assert (resolved["P.01"].level, resolved["P.01"].source) == (3, "position")
    assert (resolved["M.03"].level, resolved["M.03"].source) == (3, "national")
    # A functional position without a grade has only its own items.
    assert required_for(PositionFactory(name="Guru")) == {}


def test_a_higher_ranked_method_outranks_a_later_lower_one_while_valid():
    first = AssessmentFactory(level=2, assessed_on=TODAY - timedelta(days=300))
    employee = first.employee
    AssessmentFactory(
        employee=employee, level=4, method=method("self"), assessed_on=TODAY - timedelta(days=5)
    )
    refresh([employee.pk])
    assert CurrentLevel.objects.get(employee=employee, code="M.01").level == 2
    # A later result of the same rank replaces it.
    AssessmentFactory(employee=employee, level=3, assessed_on=TODAY - timedelta(days=1))
    refresh([employee.pk])
    assert CurrentLevel.objects.get(employee=employee, code="M.01").level == 3
    # Void results no longer count.
    employee.competency_assessments.filter(level=3).update(status=AssessmentStatus.VOID)
    refresh([employee.pk])
    assert CurrentLevel.objects.get(employee=employee, code="M.01").level == 2
    # As of a day before any assessment, nothing is known.
    assert levels_as_of([employee.pk], TODAY - timedelta(days=400)) == {}
    assert levels_as_of([employee.pk], TODAY - timedelta(days=100)) == {employee.pk: {"M.01": 2}}


def test_an_expired_result_gives_way_to_a_valid_lower_one():
    old = AssessmentFactory(level=4, assessed_on=TODAY - timedelta(days=40 * 31))  # 36 months
    AssessmentFactory(
        employee=old.employee,
        level=2,
        method=method("supervisor"),
        assessed_on=TODAY - timedelta(days=10),
    )
    refresh([old.employee.pk])
    assert CurrentLevel.objects.get(employee=old.employee).level == 2


def test_gaps_show_unassessed_competencies_as_unknown_never_zero():
    employee = EmployeeFactory(position=AdministratorPositionFactory())
    AssessmentFactory(employee=employee, level=1)  # M.01: required 3
    AssessmentFactory(employee=employee, competency=competency("M.02"), code="M.02", level=5)
    refresh([employee.pk])
    gaps = {g.code: g for g in person_gaps(employee)}
    assert len(gaps) == 9
    assert (gaps["M.01"].current, gaps["M.01"].gap) == (1, 2)
    assert (gaps["M.02"].current, gaps["M.02"].gap) == (5, 0)
    assert (gaps["M.03"].current, gaps["M.03"].gap) == (None, None)
    assert gaps["M.03"].as_json() == {
        "competency_code": "M.03",
        "required": 3,
        "current": None,
        "gap": None,
    }
    assert list(gaps)[:3] == ["M.01", "M.02", "M.03"]
    assert person_gaps(EmployeeFactory(position=None)) == []
