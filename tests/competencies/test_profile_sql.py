"""``profile.refresh`` on PostgreSQL is one statement; it must keep the rule that
``profile._best`` keeps in Python (and ``levels_as_of`` answers): same rows in, same
current levels out, month ends and expiry included. On SQLite both sides are Python."""

from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tangguh.competencies import profile
from tangguh.competencies.models import Assessment, AssessmentMethod, AssessmentStatus, CurrentLevel
from tests.competencies.factories import AssessmentFactory, competency, method
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 2, 28)
METHODS = ("assessment-centre", "competency-test", "360", "supervisor", "self")
# Month ends and the days around them: where adding whole months must clamp.
DATES = st.sampled_from(
    [date(2023, 1, 31), date(2023, 2, 28), date(2023, 8, 31), date(2024, 2, 29),
     date(2024, 2, 28), date(2024, 3, 1), date(2025, 2, 28), date(2025, 8, 31),
     date(2025, 11, 30), date(2026, 2, 28), date(2026, 3, 1)]
)  # fmt: skip
ROW = st.tuples(
    st.integers(0, 2),  # person
    st.sampled_from(("M.01", "M.02")),
    st.integers(1, 5),
    DATES,
    st.sampled_from(METHODS),
    st.booleans(),  # void
)


def _expected(day: date) -> dict[tuple[int, str], tuple[int, date, int, date | None]]:
    methods = {m.pk: m for m in AssessmentMethod.objects.all()}
    rows = Assessment.objects.filter(status=AssessmentStatus.VALID).values_list(
        "pk", "employee_id", "code", "level", "assessed_on", "method_id"
    )
    return profile._best(rows, methods, day)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROW, min_size=1, max_size=12))
@example(  # a higher rank earlier outranks a lower one later; validity ends on DAY exactly
    rows=[
        (0, "M.01", 2, date(2024, 2, 29), "assessment-centre", False),
        (0, "M.01", 4, date(2026, 2, 28), "self", False),
        (1, "M.02", 3, date(2024, 2, 29), "360", False),  # 24 months: 28 Feb 2026
        (2, "M.01", 5, date(2023, 1, 31), "assessment-centre", False),  # expired 31 Jan
        (2, "M.01", 1, date(2025, 2, 28), "supervisor", False),
        (2, "M.02", 5, date(2025, 11, 30), "competency-test", True),  # void
    ]
)
def test_refresh_keeps_the_rule_of_best(rows: list[tuple]) -> None:
    Assessment.objects.all().delete()
    people = [EmployeeFactory() for _ in range(3)]
    for person, code, level, day, method_code, void in rows:
        AssessmentFactory(
            employee=people[person],
            competency=competency(code),
            code=code,
            level=level,
            assessed_on=day,
            method=method(method_code),
            status=AssessmentStatus.VOID if void else AssessmentStatus.VALID,
        )
    written = profile.refresh([p.pk for p in people], day=DAY)
    got = {
        (c.employee_id, c.code): (c.level, c.assessed_on, c.assessment_id, c.valid_until)
        for c in CurrentLevel.objects.all()
    }
    assert got == _expected(DAY)
    assert written == len(got)
