"""Gap closure: of the gaps open on 31 December of the year before, how many are closed
by the end of the year; unassessed competencies are no gap, expired results are told
apart from gaps still open."""

from datetime import date
from decimal import Decimal

import pytest

from tangguh.competencies.closure import (
    closure_by_institution,
    gap_changes,
    institution_closure,
    year_bounds,
)
from tangguh.competencies.models import AssessmentStatus
from tangguh.institutions.models import Institution
from tests.competencies.factories import AdministratorPositionFactory, AssessmentFactory, method
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

YEAR = date.today().year - 1  # a year wholly past: its end is 31 December
BEFORE = YEAR - 1


def _admin(institution):
    """An administrator: M.01–M.08 and S.01 required at level 3 (national defaults)."""
    return EmployeeFactory(
        institution=institution, position=AdministratorPositionFactory(institution=institution)
    )


def _assess(person, code, level, on, method_code="assessment-centre", **extra):
    from tests.competencies.factories import competency

    return AssessmentFactory(
        employee=person,
        competency=competency(code),
        level=level,
        assessed_on=on,
        method=method(method_code),
        **extra,
    )


@pytest.fixture
def surabaya():
    """Closed (M.01 2 → 3), still open (M.02 1 → 2), no longer assessed (M.03 by the
    supervisor, expired), not a gap (M.04 at 3), unassessed (the rest), void (M.05)."""
    institution = Institution.objects.get(code="35.78")
    ani, budi = _admin(institution), _admin(institution)
    _assess(ani, "M.01", 2, date(BEFORE, 3, 1))
    _assess(ani, "M.01", 3, date(YEAR, 5, 1))
    _assess(ani, "M.02", 1, date(BEFORE, 3, 1))
    _assess(ani, "M.02", 2, date(YEAR, 5, 1))
    _assess(budi, "M.03", 1, date(BEFORE, 6, 1), "supervisor")
    _assess(budi, "M.04", 3, date(BEFORE, 6, 1))
    _assess(budi, "M.05", 1, date(BEFORE, 6, 1), status=AssessmentStatus.VOID)
    return {"institution": institution, "ani": ani, "budi": budi}


def test_the_two_days_compared():
    assert year_bounds(2024, today=date(2026, 5, 1)) == (date(2023, 12, 31), date(2024, 12, 31))
    assert year_bounds(2026, today=date(2026, 5, 1)) == (date(2025, 12, 31), date(2026, 5, 1))


def test_each_open_gap_and_what_became_of_it(surabaya):
    pk = surabaya["institution"].pk
    changes = gap_changes([pk], YEAR)[pk]
    found = {(c.employee_id, c.code): (c.before, c.after, c.closed) for c in changes}
    assert found == {
        (surabaya["ani"].pk, "M.01"): (2, 3, True),
        (surabaya["ani"].pk, "M.02"): (1, 2, False),
        (surabaya["budi"].pk, "M.03"): (1, None, False),
    }


def test_the_year_in_figures(surabaya):
    pk = surabaya["institution"].pk
    closure = closure_by_institution([pk], YEAR)[pk]
    assert (closure.open, closure.closed, closure.still_open, closure.unassessed) == (3, 1, 1, 1)
    assert closure.rate == Decimal("0.3333")


def test_an_institution_without_open_gaps_has_no_figure(surabaya):
    sleman = Institution.objects.get(code="34.04")
    assert closure_by_institution([sleman.pk], YEAR) == {}
    # The year before: nothing was assessed before it began.
    assert closure_by_institution([surabaya["institution"].pk], BEFORE) == {}


def test_the_page_years_start_after_the_first_assessment(surabaya):
    rows = institution_closure(surabaya["institution"].pk)
    assert [r.year for r in rows] == list(range(BEFORE + 1, date.today().year + 1))
    assert rows[0].open == 3
