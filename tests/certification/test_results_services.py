"""Recording assessors' recommendations: who may, under which licence, and what is refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from tangguh.certification.models import Outcome, UnitResult
from tangguh.certification.services_results import unit_result_record
from tangguh.core.exceptions import DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.permissions import make_user

from .factories import (
    AssessorLicenceFactory,
    BatchAssessorFactory,
    ParticipationFactory,
    SchemeVersionFactory,
    UnitResultFactory,
)
from .results_helpers import english  # noqa: F401  autouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned():  # type: ignore[no-untyped-def]
    return BatchAssessorFactory()


def _first_unit(participation):  # type: ignore[no-untyped-def]
    return participation.batch.scheme_version.units.order_by("order").first()


def test_an_assigned_assessor_records_their_recommendation_with_its_audit(assigned):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=assigned.batch)
    unit = _first_unit(p)
    row = unit_result_record(
        participation=p, unit=unit, recommendation="K", notes="Baik", evidence="Portofolio",
        actor=assigned.assessor,
    )  # fmt: skip
    assert (row.assessor, row.recorded_by, row.source) == (
        assigned.assessor, assigned.assessor, "screen",
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="certification.result_record")
    assert entry.data["unit"] == unit.code and entry.data["change"] == "created"
    assert list(entry.subjects.values_list("nip", flat=True)) == [p.nip]

    changed = unit_result_record(
        participation=p, unit=unit, recommendation="BK", actor=assigned.assessor
    )
    assert changed.pk == row.pk and changed.recommendation == "BK" and changed.notes == ""
    assert AuditEntry.objects.filter(action="certification.result_record").count() == 2


def test_an_assessor_of_another_batch_is_refused_and_nothing_is_written(assigned):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=assigned.batch)
    stranger = BatchAssessorFactory().assessor
    with pytest.raises(PermissionDenied, match="not an assessor of the batch"):
        unit_result_record(participation=p, unit=_first_unit(p), recommendation="K", actor=stranger)
    assert not UnitResult.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="certification.").exists()


def test_a_licence_expired_before_the_exam_refuses_the_recommendation():  # type: ignore[no-untyped-def]
    licence = AssessorLicenceFactory(valid_from=date(2020, 1, 1), valid_until=date(2021, 1, 1))
    version = SchemeVersionFactory(scheme=licence.scheme)
    assigned = BatchAssessorFactory(
        batch__scheme_version=version, licence=licence, assessor=licence.assessor
    )
    p = ParticipationFactory(batch=assigned.batch)
    with pytest.raises(DomainError, match="holds no licence for the scheme"):
        unit_result_record(
            participation=p, unit=_first_unit(p), recommendation="K", actor=assigned.assessor
        )
    assert not UnitResult.objects.exists()


def test_the_organisers_operator_records_on_an_assessors_behalf_naming_them(assigned):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=assigned.batch)
    operator = make_user(Role.OPERATOR, "35")  # the organiser: Jawa Timur
    with pytest.raises(DomainError, match="Name the assessor"):
        unit_result_record(participation=p, unit=_first_unit(p), recommendation="K", actor=operator)
    row = unit_result_record(
        participation=p, unit=_first_unit(p), recommendation="K", actor=operator,
        assessor=assigned.assessor,
    )  # fmt: skip
    assert (row.assessor, row.recorded_by) == (assigned.assessor, operator)


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.OPERATOR, "35.78"),  # the nominating institution is not the organiser
        (Role.OPERATOR, "34.04"),  # another province
        (Role.AUDITOR, "35"),  # reads, never writes
        (Role.CIVIL_SERVANT, "35.78"),
    ],
)
def test_writers_outside_the_organisers_side_are_refused(assigned, role, code):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=assigned.batch)
    with pytest.raises(PermissionDenied):
        unit_result_record(
            participation=p, unit=_first_unit(p), recommendation="K",
            actor=make_user(role, code), assessor=assigned.assessor,
        )  # fmt: skip
    assert not UnitResult.objects.exists()


def test_only_the_assessor_who_gave_a_recommendation_changes_it(assigned):  # type: ignore[no-untyped-def]
    other = BatchAssessorFactory(batch=assigned.batch, licence__scheme=assigned.batch.scheme)
    p = ParticipationFactory(batch=assigned.batch)
    unit_result_record(
        participation=p, unit=_first_unit(p), recommendation="K", actor=assigned.assessor
    )
    with pytest.raises(DomainError, match="only they may change"):
        unit_result_record(
            participation=p, unit=_first_unit(p), recommendation="BK", actor=other.assessor
        )
    assert UnitResult.objects.get().recommendation == "K"


def test_no_recommendation_changes_after_the_plenary_nor_before_the_exam(assigned):  # type: ignore[no-untyped-def]
    decided = ParticipationFactory(
        batch=assigned.batch, outcome=Outcome.NOT_CERTIFIED, decided_on=date.today()
    )
    with pytest.raises(DomainError, match="can no longer change"):
        unit_result_record(
            participation=decided, unit=_first_unit(decided), recommendation="K",
            actor=assigned.assessor,
        )  # fmt: skip
    later = ParticipationFactory(batch=assigned.batch, exam_date=date.today() + timedelta(days=3))
    with pytest.raises(DomainError, match="recommendations are recorded from"):
        unit_result_record(
            participation=later, unit=_first_unit(later), recommendation="K",
            actor=assigned.assessor,
        )  # fmt: skip
    assert not UnitResult.objects.exists()


def test_a_unit_of_another_scheme_and_an_unknown_word_are_refused(assigned):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=assigned.batch)
    foreign = SchemeVersionFactory().units.first()
    with pytest.raises(DomainError, match="not a unit of the scheme"):
        unit_result_record(
            participation=p, unit=foreign, recommendation="K", actor=assigned.assessor
        )
    with pytest.raises(DomainError, match="no recommendation"):
        unit_result_record(
            participation=p, unit=_first_unit(p), recommendation="X", actor=assigned.assessor
        )
    with pytest.raises(DomainError, match="reading direction"):
        unit_result_record(
            participation=p, unit=_first_unit(p), recommendation="K", notes="a\u202eb",
            actor=assigned.assessor,
        )  # fmt: skip
    assert not UnitResult.objects.exists()


def test_the_factory_result_of_another_assessor_blocks_a_change(assigned):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=assigned.batch)
    UnitResultFactory(participation=p)  # someone else's, as stored
    with pytest.raises(DomainError, match="only they may change"):
        unit_result_record(
            participation=p, unit=_first_unit(p), recommendation="BK", actor=assigned.assessor
        )
