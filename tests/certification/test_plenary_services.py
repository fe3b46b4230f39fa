"""The plenary decision: who records it, what certified needs, the dates, the certificate."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from tangguh.certification.models import Certificate, Outcome, Participation
from tangguh.certification.services_plenary import plenary_decide
from tangguh.certification.services_results import unit_result_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.permissions import make_user

from .factories import BatchAssessorFactory, ParticipationFactory
from .results_helpers import english  # noqa: F401  autouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():  # type: ignore[no-untyped-def]
    """A Jawa Timur batch, exam 30 days ago, with two assessors."""
    first = BatchAssessorFactory()
    BatchAssessorFactory(batch=first.batch, licence__scheme=first.batch.scheme)
    return first.batch


def _assessors(batch):  # type: ignore[no-untyped-def]
    return [a.assessor for a in batch.batch_assessors.order_by("pk")]


def _assess(p, assessor, *words):  # type: ignore[no-untyped-def]
    units = list(p.batch.scheme_version.units.order_by("order"))
    for unit, word in zip(units, words, strict=False):
        unit_result_record(participation=p, unit=unit, recommendation=word, actor=assessor)


def _state(p):  # type: ignore[no-untyped-def]
    p = Participation.objects.get(pk=p.pk)
    return (p.outcome, p.decided_on, p.days_to_decision, Certificate.objects.count())


def test_the_participants_own_assessor_may_not_record_their_plenary(batch):  # type: ignore[no-untyped-def]
    own, _other = _assessors(batch)
    p = ParticipationFactory(batch=batch)
    _assess(p, own, "K", "K", "K")
    before = _state(p)
    with pytest.raises(DomainError) as info:
        plenary_decide(
            participation=p, outcome=Outcome.CERTIFIED, decided_on=date.today(), actor=own
        )
    assert str(info.value.message) == (
        "You assessed this participant; the plenary decision must be recorded by someone else."
    )
    assert _state(p) == before
    assert not AuditEntry.objects.filter(action="certification.plenary_decide").exists()


def test_another_assessor_certifies_and_the_certificate_is_issued_in_the_same_step(batch):  # type: ignore[no-untyped-def]
    own, other = _assessors(batch)
    p = ParticipationFactory(batch=batch)
    _assess(p, own, "K", "K", "K")
    decided_on = p.exam_date + timedelta(days=12)
    plenary_decide(
        participation=p, outcome=Outcome.CERTIFIED, decided_on=decided_on, note="Sah",
        actor=other,
    )  # fmt: skip
    p.refresh_from_db()
    assert (p.outcome, p.decided_on, p.days_to_decision, p.decided_by) == (
        Outcome.CERTIFIED, decided_on, 12, other,
    )  # fmt: skip
    certificate = Certificate.objects.get(participation=p)
    assert certificate.issued_on == decided_on and certificate.credential
    entry = AuditEntry.objects.get(action="certification.plenary_decide")
    assert entry.data["days_to_decision"] == 12


def test_certified_needs_k_on_every_unit_and_names_the_others(batch):  # type: ignore[no-untyped-def]
    own, other = _assessors(batch)
    p = ParticipationFactory(batch=batch)
    _assess(p, own, "K", "BK")
    before = _state(p)
    with pytest.raises(DomainError) as info:
        plenary_decide(
            participation=p, outcome=Outcome.CERTIFIED, decided_on=date.today(), actor=other
        )
    assert "U.02 (BK), U.03 (no recommendation)" in str(info.value.message)
    assert _state(p) == before
    plenary_decide(
        participation=p, outcome=Outcome.NOT_CERTIFIED, decided_on=date.today(), actor=other
    )
    assert _state(p)[0] == Outcome.NOT_CERTIFIED and _state(p)[3] == 0


@pytest.mark.parametrize(
    ("shift", "match"), [(-31, "cannot be before the exam"), (31, "is in the future")]
)
def test_the_plenary_date_lies_between_the_exam_and_today(batch, shift, match):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=batch)
    with pytest.raises(DomainError, match=match):
        plenary_decide(
            participation=p, outcome=Outcome.NOT_CERTIFIED,
            decided_on=date.today() + timedelta(days=shift), actor=None,
        )  # fmt: skip
    assert _state(p)[0] == Outcome.PENDING


def test_a_decided_plenary_is_not_decided_again(batch):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=batch)
    plenary_decide(
        participation=p, outcome=Outcome.NOT_CERTIFIED, decided_on=date.today(), actor=None
    )
    with pytest.raises((DomainError, Conflict), match="already"):
        plenary_decide(
            participation=p, outcome=Outcome.NOT_CERTIFIED, decided_on=date.today(), actor=None
        )


def test_the_organisers_operator_decides_the_nominating_institution_does_not(batch):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=batch)
    for role, code in [(Role.OPERATOR, "35.78"), (Role.OPERATOR, "34.04"), (Role.AUDITOR, "35")]:
        with pytest.raises(PermissionDenied):
            plenary_decide(
                participation=p, outcome=Outcome.NOT_CERTIFIED, decided_on=date.today(),
                actor=make_user(role, code),
            )  # fmt: skip
        assert _state(p)[0] == Outcome.PENDING
    stranger = BatchAssessorFactory().assessor  # assesses another batch
    with pytest.raises(PermissionDenied):
        plenary_decide(
            participation=p, outcome=Outcome.NOT_CERTIFIED, decided_on=date.today(), actor=stranger
        )
    plenary_decide(
        participation=p, outcome=Outcome.NOT_CERTIFIED, decided_on=date.today(),
        actor=make_user(Role.OPERATOR, "35"),
    )  # fmt: skip
    assert _state(p)[0] == Outcome.NOT_CERTIFIED
