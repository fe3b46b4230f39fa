"""The national generator: assessments for every active civil servant's national
competencies, and the current levels by the profile rule (SQL on PostgreSQL)."""

from datetime import date

import pytest

from tangguh.competencies import generator
from tangguh.competencies.models import Assessment, CurrentLevel
from tangguh.competencies.profile import levels_as_of
from tangguh.institutions.models import Institution
from tests.competencies.factories import AssessmentFactory, method
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 1)


def test_the_national_load_and_its_profile():
    surabaya = Institution.objects.get(code="35.78")
    people = [EmployeeFactory(institution=surabaya) for _ in range(40)]
    retired = EmployeeFactory(institution=surabaya, status="retired")
    # An earlier self-assessment of someone the load assesses: the rule still decides.
    assessed = next(p for p in people if generator.assessed(p.pk))
    AssessmentFactory(
        employee=assessed, level=5, method=method("self"), assessed_on=date(2026, 8, 1)
    )
    lines: list[str] = []
    counts = generator.generate_national(seed=1, out=lines.append, today=TODAY)
    rows = Assessment.objects.filter(source=generator.NATIONAL_SOURCE)
    expected = sum(
        len(generator.CODES)
        + sum(
            1
            for order in range(1, len(generator.CODES) + 1)
            if generator.retested(p.pk) and generator.first_level(p.pk, order) < 3
        )
        for p in people
        if generator.assessed(p.pk)
    )
    assert counts["assessments"] == rows.count() == expected > 0
    assert not rows.filter(employee=retired).exists()
    assert set(rows.values_list("assessed_on__year", flat=True)) == {2025, 2026}
    ids = [p.pk for p in people if generator.assessed(p.pk)]
    stored: dict[int, dict[str, int]] = {}
    for employee_id, code, level in CurrentLevel.objects.filter(employee_id__in=ids).values_list(
        "employee_id", "code", "level"
    ):
        stored.setdefault(employee_id, {})[code] = level
    assert stored == levels_as_of(ids, TODAY)
    assert counts["current_levels"] == sum(len(v) for v in stored.values())
    # A second run writes nothing.
    again = generator.generate_national(seed=1, out=lines.append, today=TODAY)
    assert again == {}
    assert rows.count() == expected
