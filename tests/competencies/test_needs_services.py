"""The needs analysis (AKPK): computed in bulk from the gaps, adjusted, recomputed with
the adjustments kept, filed and then frozen; refusals leave nothing changed."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tangguh.competencies import needs as computation
from tangguh.competencies.models import NeedsAnalysis, NeedsLine, NeedsStatus
from tangguh.competencies.profile import refresh
from tangguh.competencies.services_needs import (
    LineChanges,
    needs_create,
    needs_file,
    needs_line_edit,
    needs_recompute,
)
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.people.models import EmploymentStatus
from tests.competencies.factories import (
    AdministratorPositionFactory,
    AssessmentFactory,
    competency,
)
from tests.development.factories import ProgrammeFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db
YEAR = date.today().year + 1


def surabaya() -> Institution:
    return Institution.objects.get(code="35.78")


def person(levels: dict[str, int], institution: Any = None, **extra: Any) -> Any:
    """An administrator (required level 3 in M.01–M.08 and S.01) assessed as given."""
    institution = institution or surabaya()
    employee = EmployeeFactory(
        institution=institution,
        position=AdministratorPositionFactory(institution=institution),
        **extra,
    )
    for code, level in levels.items():
        AssessmentFactory(employee=employee, competency=competency(code), level=level)
    refresh([employee.pk])
    return employee


def line(analysis: NeedsAnalysis, code: str) -> NeedsLine:
    return analysis.lines.get(code=code)


def test_counts_people_below_the_standard_by_gap_size() -> None:
    person({"M.01": 1, "M.02": 3})  # M.01 gap 2, M.02 none
    person({"M.01": 2, "M.02": 1})  # M.01 gap 1, M.02 gap 2
    person({"M.01": 4})  # above the standard: no gap
    person({})  # never assessed: no gap, counted apart
    retired = person({"M.01": 1}, status=EmploymentStatus.RETIRED)
    assert retired.status == EmploymentStatus.RETIRED

    analysis = needs_create(institution=surabaya(), year=YEAR, actor=None)

    assert analysis.people_total == 4
    assert analysis.people_assessed == 3
    assert line(analysis, "M.01").people == 2
    assert line(analysis, "M.01").by_gap == {"1": 1, "2": 1}
    assert line(analysis, "M.02").by_gap == {"2": 1}
    # Nobody assessed below the standard in M.03: no line (unassessed is never a gap).
    assert not analysis.lines.filter(code="M.03").exists()
    assert [v["framework"] for v in analysis.versions] == ["national"]
    # Priority follows the size of the need: M.01 (3 levels short in all) before M.02.
    assert line(analysis, "M.01").priority < line(analysis, "M.02").priority


def test_an_expired_level_counts_as_unassessed() -> None:
    employee = person({"M.01": 1})
    employee.competency_levels.update(valid_until=date(2000, 1, 1))
    analysis = needs_create(institution=surabaya(), year=YEAR, actor=None)
    assert not analysis.lines.exists()
    assert analysis.people_assessed == 0


def test_suggests_the_catalogue_programmes_that_develop_the_competency() -> None:
    person({"M.05": 1})
    person({"M.05": 2})
    ProgrammeFactory(
        title="Bimtek Pelayanan Prima",
        competencies=[{"code": "M.05", "level": 3}],
        jp=Decimal("24"),
        cost_per_participant=Decimal("1500000"),
    )
    ProgrammeFactory(title="Draft course", competencies=[{"code": "M.05"}], status="draft")
    ProgrammeFactory(
        title="Sleman's own course",
        competencies=[{"code": "M.05"}],
        organiser=Institution.objects.get(code="34.04"),
    )
    analysis = needs_create(institution=surabaya(), year=YEAR, actor=None)
    m05 = line(analysis, "M.05")
    assert [p["title"] for p in m05.programmes] == ["Bimtek Pelayanan Prima"]
    assert m05.form is not None and m05.form.code == "bimtek"
    assert m05.estimated_jp == Decimal("24")
    assert m05.estimated_cost == Decimal("3000000")  # 2 people × Rp 1.500.000
    # No programme for M.01: nothing estimated, for the preparer to fill.
    person({"M.01": 1})
    needs_recompute(analysis=analysis, actor=None)
    assert line(analysis, "M.01").programmes == []
    assert line(analysis, "M.01").estimated_cost == 0


def test_queries_do_not_grow_with_people() -> None:
    for _ in range(3):
        person({"M.01": 1})
    with CaptureQueriesContext(connection) as few:
        computation.compute(surabaya().pk)
    for _ in range(12):
        person({"M.01": 2, "M.04": 1})
    with CaptureQueriesContext(connection) as many:
        result = computation.compute(surabaya().pk)
    assert len(many) == len(few)
    assert {n.code: n.people for n in result.needs}["M.01"] == 15


def test_recompute_keeps_adjustments_and_scales_the_cost() -> None:
    first = person({"M.01": 1})
    analysis = needs_create(institution=surabaya(), year=YEAR, actor=None)
    needs_line_edit(
        line=line(analysis, "M.01"),
        changes=LineChanges(
            form_id=None, estimated_jp="16", estimated_cost="2000000", priority="5", note="Coaching"
        ),
        actor=None,
    )
    person({"M.01": 2})
    person({"M.06": 1})
    needs_recompute(analysis=analysis, actor=None)
    m01 = line(analysis, "M.01")
    assert (m01.people, m01.estimated_jp, m01.priority, m01.note) == (2, 16, 5, "Coaching")
    assert m01.estimated_cost == Decimal("4000000")
    assert analysis.lines.filter(code="M.06").exists()
    # When nobody is short any more the line goes.
    AssessmentFactory(employee=first, competency=competency("M.01"), level=3)
    refresh([first.pk])
    needs_recompute(analysis=analysis, actor=None)
    assert line(analysis, "M.01").people == 1


def test_line_edit_refuses_bad_figures_and_changes_nothing() -> None:
    person({"M.01": 1})
    analysis = needs_create(institution=surabaya(), year=YEAR, actor=None)
    before = list(NeedsLine.objects.values())
    for jp, cost, priority in (
        ("-1", "0", "1"),
        ("abc", "0", "1"),
        ("2", "1.5", "1"),
        ("2", "0", "x"),
    ):
        with pytest.raises(DomainError):
            needs_line_edit(
                line=line(analysis, "M.01"),
                changes=LineChanges(None, jp, cost, priority),
                actor=None,
            )
    assert list(NeedsLine.objects.values()) == before


def test_filed_is_frozen() -> None:
    person({"M.01": 1})
    admin = make_user(Role.INSTITUTION_ADMIN)
    analysis = needs_create(institution=surabaya(), year=YEAR, actor=admin)
    needs_file(analysis=analysis, actor=admin)
    analysis.refresh_from_db()
    assert analysis.status == NeedsStatus.FILED and analysis.filed_by == admin
    before = list(NeedsLine.objects.values())
    with pytest.raises(Conflict):
        needs_recompute(analysis=analysis, actor=admin)
    with pytest.raises(Conflict):
        needs_line_edit(
            line=line(analysis, "M.01"), changes=LineChanges(None, "1", "1", "1"), actor=admin
        )
    with pytest.raises(Conflict):
        needs_file(analysis=analysis, actor=admin)
    assert list(NeedsLine.objects.values()) == before


def test_refusals_from_outside_the_scope() -> None:
    person({"M.01": 1})
    sleman_admin = make_user(Role.INSTITUTION_ADMIN, "34.04")
    province_admin = make_user(Role.INSTITUTION_ADMIN, "35")
    civil_servant = make_user(Role.CIVIL_SERVANT)
    for actor in (sleman_admin, province_admin, civil_servant):
        with pytest.raises(PermissionDenied):
            needs_create(institution=surabaya(), year=YEAR, actor=actor)
    assert not NeedsAnalysis.objects.exists()
    analysis = needs_create(institution=surabaya(), year=YEAR, actor=None)
    operator = make_user(Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        needs_file(analysis=analysis, actor=operator)  # only an administrator files
    with pytest.raises(PermissionDenied):
        needs_file(analysis=analysis, actor=sleman_admin)
    assert NeedsAnalysis.objects.get().status == NeedsStatus.DRAFT


def test_one_per_institution_and_year_and_a_sensible_year() -> None:
    needs_create(institution=surabaya(), year=YEAR, actor=None)
    with pytest.raises(Conflict):
        needs_create(institution=surabaya(), year=YEAR, actor=None)
    with pytest.raises(DomainError):
        needs_create(institution=surabaya(), year=YEAR + 5, actor=None)
    assert NeedsAnalysis.objects.count() == 1


def test_writes_are_audited() -> None:
    from tangguh.core.models import AuditEntry

    person({"M.01": 1})
    analysis = needs_create(institution=surabaya(), year=YEAR, actor=None)
    needs_recompute(analysis=analysis, actor=None)
    needs_file(analysis=analysis, actor=None)
    actions = set(
        AuditEntry.objects.filter(action__startswith="competencies.needs").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "competencies.needs_create",
        "competencies.needs_recompute",
        "competencies.needs_file",
    }


def test_the_preparer_chooses_among_the_catalogue_suggestions_only() -> None:
    person({"M.05": 1})
    offered = ProgrammeFactory(competencies=[{"code": "M.05"}])
    elsewhere = ProgrammeFactory(competencies=[{"code": "M.01"}])
    analysis = needs_create(institution=surabaya(), year=YEAR, actor=None)
    m05 = line(analysis, "M.05")
    assert [p["id"] for p in m05.programmes] == [offered.pk]
    changes = LineChanges(None, "4", "0", "1", programme_ids=())
    needs_line_edit(line=m05, changes=changes, actor=None)
    assert line(analysis, "M.05").programmes == []
    changes = LineChanges(None, "4", "0", "1", programme_ids=(elsewhere.pk, offered.pk))
    needs_line_edit(line=m05, changes=changes, actor=None)
    assert [p["id"] for p in line(analysis, "M.05").programmes] == [offered.pk]
