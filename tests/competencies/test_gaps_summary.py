"""The gap summary: kept counts equal the plain computation, and follow every change of
their sources (people, positions, standards, current levels)."""

from datetime import date, timedelta

import pytest

from tangguh.competencies import summary
from tangguh.competencies.gaps import person_gaps
from tangguh.competencies.models import GapCount, StandardItem
from tangguh.competencies.profile import refresh
from tangguh.people.models import EmploymentStatus
from tests.competencies.factories import (
    AdministratorPositionFactory,
    AssessmentFactory,
    competency,
    method,
)
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()


def _person(level=None, code="M.01", position=None):
    position = position or AdministratorPositionFactory()
    employee = EmployeeFactory(position=position, institution=position.institution)
    if level is not None:
        AssessmentFactory(employee=employee, competency=competency(code), code=code, level=level)
        refresh([employee.pk])
    return employee


def _as_dict(counter):
    return {k: n for k, n in counter.items()}


def test_the_triggers_are_in_place():
    assert summary.watching()


def test_institution_counts_say_who_falls_short_and_who_is_unassessed():
    a = _person(level=1)  # administrator: M.01 required 3 → gap 2
    _person(level=3, position=a.position)  # meets
    _person(position=a.position)  # not assessed
    counts = summary.institution_counts(a.institution_id)
    assert counts["M.01"] == {2: 1, 0: 1, None: 1}
    # Every other required competency is unassessed for all three.
    assert counts["M.02"] == {None: 3}
    # The same as the person's own gaps say.
    m01 = next(g for g in person_gaps(a) if g.code == "M.01")
    assert (m01.required, m01.current, m01.gap) == (3, 1, 2)


def test_kept_counts_equal_the_plain_computation_and_follow_changes():
    a = _person(level=2)
    institution = a.institution_id
    summary.counts([institution])
    assert GapCount.objects.filter(institution_id=institution).exists()

    def same():
        kept = {
            (r["work_unit_id"], r["tier"], r["code"], r["gap"]): r["people"]
            for r in summary.counts([institution], group=("work_unit_id", "tier", "code", "gap"))
        }
        plain = {
            (k.work_unit_id, k.tier, k.code, k.gap): n
            for k, n in summary.plain_counts([institution]).items()
        }
        assert kept == plain
        # Without the unit (what a province reads): the same sums.
        totals = {
            (r["tier"], r["code"], r["gap"]): r["people"]
            for r in summary.counts([institution], group=("tier", "code", "gap"))
        }
        summed: dict = {}
        for (_unit, tier, code, gap), n in plain.items():
            summed[(tier, code, gap)] = summed.get((tier, code, gap), 0) + n
        assert totals == summed
        return kept

    same()
    # A new assessment (through the profile) moves the person from gap 1 to 0.
    AssessmentFactory(employee=a, competency=competency("M.01"), code="M.01", level=3)
    refresh([a.pk])
    assert summary.institution_counts(institution)["M.01"] == {0: 1}
    same()
    # A national default raised: every institution recomputes.
    StandardItem.objects.filter(institution__isnull=True, tier="administrator", code="M.01").update(
        required_level=5
    )
    assert summary.institution_counts(institution)["M.01"] == {2: 1}
    same()
    # The person leaves: nobody is counted any more.
    type(a).objects.filter(pk=a.pk).update(status=EmploymentStatus.RETIRED)
    assert summary.institution_counts(institution) == {}
    same()


def test_a_lapsed_level_is_counted_as_unassessed_from_the_day_it_lapses():
    a = _person()
    AssessmentFactory(
        employee=a,
        competency=competency("M.01"),
        code="M.01",
        level=3,
        method=method("supervisor"),  # valid 12 months
        assessed_on=TODAY - timedelta(days=360),
    )
    refresh([a.pk])
    assert summary.institution_counts(a.institution_id)["M.01"] == {0: 1}
    later = TODAY + timedelta(days=10)
    summary.refresh([a.institution_id], day=later)
    rows = summary.plain_counts([a.institution_id], day=later)
    assert {k.gap for k in rows if k.code == "M.01"} == {None}
    assert {
        r["gap"]
        for r in summary.counts([a.institution_id], codes=["M.01"], day=later)
        if r["code"] == "M.01"
    } == {None}
