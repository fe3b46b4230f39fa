"""The competencies demo: standards (P.01 for camat), two years of assessments, plans in
every status (pegawai.surabaya's among them), an AKPK draft; fast and idempotent."""

import time
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from tangguh.competencies.closure import closure_by_institution
from tangguh.competencies.demo import DEMO_SOURCE, load_demo
from tangguh.competencies.models import (
    Assessment,
    CurrentLevel,
    DevelopmentPlan,
    NeedsAnalysis,
    NeedsStatus,
    PlanStatus,
    StandardItem,
)
from tangguh.competencies.profile import levels_as_of
from tangguh.institutions.models import Institution
from tangguh.people.demo import DEMO_EMPLOYEE_NIP
from tangguh.people.models import Employee

pytestmark = pytest.mark.django_db


def test_the_demo():  # one demo run, checked part by part
    out = StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.startswith("Competencies:"))
    # Seconds: bulk writes (about 3 s on a quiet machine; the bound leaves room for a busy one).
    assert float(line.rsplit("(", 1)[1].split(" s")[0]) < 10, line
    check_camat_positions_require_government_competency()
    check_two_years_of_assessments_and_the_profile_they_make()
    check_gap_closure_means_something_in_surabaya()
    check_plans_in_every_status_and_the_demo_civil_servant_has_one()
    check_an_akpk_draft_with_lines()
    check_the_step_is_fast_and_a_second_run_writes_nothing()


def check_camat_positions_require_government_competency():
    items = StandardItem.objects.filter(position__name__startswith="Camat ", code="P.01")
    assert items.exists()
    assert {i.required_level for i in items} == {3}
    assert {i.institution.code for i in items} >= {"35.78"}


def check_two_years_of_assessments_and_the_profile_they_make():
    year = date.today().year
    rows = Assessment.objects.filter(source=DEMO_SOURCE)
    years = {d.year for d in rows.values_list("assessed_on", flat=True)}
    assert years == {year - 1, year}
    assert not rows.filter(assessed_on__gt=date.today()).exists()
    # No one assesses themselves outside a self-assessment.
    assert not rows.exclude(method__is_self=True).filter(assessor_nip=models_nip()).exists()
    people = list(rows.values_list("employee_id", flat=True).distinct())
    today = levels_as_of(people, date.today())
    stored = {}
    for employee_id, code, level in CurrentLevel.objects.filter(employee_id__in=people).values_list(
        "employee_id", "code", "level"
    ):
        stored.setdefault(employee_id, {})[code] = level
    assert stored == today


def models_nip():  # the assessed person's own NIP, as a column reference
    from django.db.models import F

    return F("nip")


def check_gap_closure_means_something_in_surabaya():
    surabaya = Institution.objects.get(code="35.78").pk
    closure = closure_by_institution([surabaya], date.today().year)[surabaya]
    assert closure.open > 50
    assert 0 < closure.closed < closure.open


def check_plans_in_every_status_and_the_demo_civil_servant_has_one():
    statuses = set(DevelopmentPlan.objects.values_list("status", flat=True))
    assert statuses == set(PlanStatus.values)
    hers = DevelopmentPlan.objects.get(nip=DEMO_EMPLOYEE_NIP, year=date.today().year)
    assert hers.status == PlanStatus.DRAFT
    assert sorted(hers.items.values_list("code", "target_level")) == [("M.04", 2), ("M.07", 2)]
    # Her gaps: M.04 and M.07 still at 1; M.02 and M.05 closed this year; S.01 unassessed.
    employee = Employee.objects.get(nip=DEMO_EMPLOYEE_NIP)
    levels = dict(CurrentLevel.objects.filter(employee=employee).values_list("code", "level"))
    assert levels["M.04"] == levels["M.07"] == 1
    assert levels["M.02"] == levels["M.05"] == 2
    assert "S.01" not in levels


def check_an_akpk_draft_with_lines():
    analysis = NeedsAnalysis.objects.get(institution__code="35.78")
    assert analysis.status == NeedsStatus.DRAFT
    assert analysis.year == date.today().year + 1
    lines = list(analysis.lines.all())
    assert lines
    assert all(line.people == sum(line.by_gap.values()) for line in lines)
    assert analysis.people_assessed <= analysis.people_total


def check_the_step_is_fast_and_a_second_run_writes_nothing():
    started = time.perf_counter()
    counts = load_demo(seed=2026, out=lambda _line: None)
    assert time.perf_counter() - started < 5
    assert counts == {"standard_items": 0, "assessments": 0, "people": 0, "plans": 0, "needs": 0}
