"""Enrolment: nominate, apply, approvals on both sides with quotas, the waiting list,
cancellation with promotion, and refusals from outside the writer's scope."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.models import Access, Enrolment, EnrolmentStatus, ProgrammeStatus
from tangguh.development.services_enrolment import (
    enrolment_apply,
    enrolment_cancel,
    enrolment_decide,
    enrolment_nominate,
    enrolments_nominate,
)
from tangguh.institutions.models import Institution
from tests.accounts.factories import UserFactory
from tests.development.factories import ProgrammeQuotaFactory, SessionFactory
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sidoarjo(db):  # type: ignore[no-untyped-def]
    return Institution.objects.get(code="35.15")


@pytest.fixture
def listed(surabaya, sidoarjo):  # type: ignore[no-untyped-def]
    """Surabaya's programme open to Sidoarjo (2 seats per session); capacity 3."""
    quota = ProgrammeQuotaFactory(seats=2, programme__capacity=3)
    return SessionFactory(programme=quota.programme, capacity=3)


def _op(institution, role=Role.OPERATOR):  # type: ignore[no-untyped-def]
    return UserFactory(institution=institution, role=role)


def test_host_nominates_own_people_then_the_waiting_list(listed, surabaya):  # type: ignore[no-untyped-def]
    op = _op(surabaya)
    people = [EmployeeFactory(institution=surabaya) for _ in range(4)]
    outcome = enrolments_nominate(session=listed, employees=people, actor=op)
    assert [e.status for e in outcome.done] == ["enrolled"] * 3 + ["waitlisted"]
    assert AuditEntry.objects.filter(action="development.enrolment_nominate").count() == 4


def test_guest_nomination_waits_for_host_and_over_quota_is_refused(  # type: ignore[no-untyped-def]
    listed, sidoarjo, surabaya
):
    op = _op(sidoarjo)
    people = [EmployeeFactory(institution=sidoarjo) for _ in range(3)]
    outcome = enrolments_nominate(session=listed, employees=people, actor=op)
    assert [e.status for e in outcome.done] == ["awaiting_host"] * 2
    assert len(outcome.refused) == 1
    assert "Kuota instansinya sudah habis: 2 kursi" in outcome.refused[0][1]
    assert Enrolment.objects.filter(session=listed).count() == 2
    with pytest.raises(DomainError) as exc:
        enrolment_nominate(session=listed, employee=people[2], actor=op)
    assert exc.value.code == "over_quota"
    # The host approves within capacity.
    host = _op(surabaya)
    done = enrolment_decide(enrolment=outcome.done[0], approve=True, actor=host)
    assert done.status == "enrolled" and done.host_decided_by == host


def test_not_invited_institution_is_refused(listed, sleman):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=sleman)
    with pytest.raises(DomainError) as exc:
        enrolment_nominate(session=listed, employee=person, actor=_op(sleman))
    assert exc.value.code == "not_eligible"
    assert not Enrolment.objects.exists()


def test_nominating_another_institutions_person_is_refused(listed, surabaya, sidoarjo):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    with pytest.raises(PermissionDenied):
        enrolment_nominate(session=listed, employee=person, actor=_op(sidoarjo))
    civil = UserFactory(institution=surabaya, role=Role.CIVIL_SERVANT, nip=person.nip)
    with pytest.raises(PermissionDenied):
        enrolment_nominate(session=listed, employee=person, actor=civil)
    auditor = _op(surabaya, Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        enrolment_nominate(session=listed, employee=person, actor=auditor)
    assert not Enrolment.objects.exists()


def test_closed_cancelled_and_duplicate_are_refused(listed, surabaya):  # type: ignore[no-untyped-def]
    op = _op(surabaya)
    person = EmployeeFactory(institution=surabaya)
    enrolment_nominate(session=listed, employee=person, actor=op)
    with pytest.raises(Conflict):
        enrolment_nominate(session=listed, employee=person, actor=op)
    other = EmployeeFactory(institution=surabaya)
    listed.enrolment_closes = date.today() - timedelta(days=1)
    listed.save()
    with pytest.raises(DomainError) as exc:
        enrolment_nominate(session=listed, employee=other, actor=op)
    assert exc.value.code == "session_closed"
    listed.enrolment_closes = None
    listed.status = "cancelled"
    listed.save()
    with pytest.raises(DomainError):
        enrolment_nominate(session=listed, employee=other, actor=op)
    retired = EmployeeFactory(institution=surabaya, status="retired")
    listed.status = "planned"
    listed.save()
    with pytest.raises(DomainError):
        enrolment_nominate(session=listed, employee=retired, actor=op)
    assert Enrolment.objects.count() == 1


def test_application_approved_by_institution_then_host(listed, sidoarjo, surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=sidoarjo)
    me = UserFactory(institution=sidoarjo, role=Role.CIVIL_SERVANT, nip=person.nip)
    applied = enrolment_apply(session=listed, employee=person, actor=me)
    assert applied.status == "awaiting_institution" and applied.route == "application"
    # Not the host's turn yet, and nobody else's person.
    with pytest.raises(PermissionDenied):
        enrolment_decide(enrolment=applied, approve=True, actor=_op(surabaya))
    stranger = EmployeeFactory(institution=sidoarjo)
    with pytest.raises(PermissionDenied):
        enrolment_apply(
            session=listed,
            employee=stranger,
            actor=me,
        )
    sent = enrolment_decide(enrolment=applied, approve=True, actor=_op(sidoarjo))
    assert sent.status == "awaiting_host"
    with pytest.raises(PermissionDenied):  # the sending side cannot approve for the host
        enrolment_decide(enrolment=sent, approve=True, actor=_op(sidoarjo))
    with pytest.raises(DomainError):  # a rejection needs a reason
        enrolment_decide(enrolment=sent, approve=False, actor=_op(surabaya))
    rejected = enrolment_decide(
        enrolment=sent, approve=False, actor=_op(surabaya), reason="Tidak sesuai jabatan"
    )
    assert rejected.status == "rejected" and rejected.reason == "Tidak sesuai jabatan"
    with pytest.raises(Conflict):
        enrolment_decide(enrolment=rejected, approve=True, actor=_op(surabaya))


def test_host_approval_when_full_goes_to_waiting_list(listed, sidoarjo, surabaya):  # type: ignore[no-untyped-def]
    host = _op(surabaya)
    for _ in range(3):
        enrolment_nominate(
            session=listed, employee=EmployeeFactory(institution=surabaya), actor=host
        )
    guest = enrolment_nominate(
        session=listed, employee=EmployeeFactory(institution=sidoarjo), actor=_op(sidoarjo)
    )
    assert enrolment_decide(enrolment=guest, approve=True, actor=host).status == "waitlisted"


def test_cancel_promotes_first_waitlisted(listed, surabaya, sidoarjo):  # type: ignore[no-untyped-def]
    host = _op(surabaya)
    seated = [
        enrolment_nominate(
            session=listed, employee=EmployeeFactory(institution=surabaya), actor=host
        )
        for _ in range(3)
    ]
    first = enrolment_nominate(
        session=listed, employee=EmployeeFactory(institution=surabaya), actor=host
    )
    second = enrolment_nominate(
        session=listed, employee=EmployeeFactory(institution=surabaya), actor=host
    )
    assert first.status == second.status == "waitlisted"
    # Someone from outside both sides cannot cancel, and a reason is needed.
    with pytest.raises(PermissionDenied):
        enrolment_cancel(enrolment=seated[0], actor=_op(sidoarjo), reason="x")
    with pytest.raises(DomainError):
        enrolment_cancel(enrolment=seated[0], actor=host, reason=" ")
    person = seated[0].employee
    me = UserFactory(institution=surabaya, role=Role.CIVIL_SERVANT, nip=person.nip)
    enrolment_cancel(enrolment=seated[0], actor=me, reason="Tugas dinas luar kota")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "enrolled" and second.status == "waitlisted"
    assert AuditEntry.objects.filter(action="development.enrolment_promote").count() == 1
    with pytest.raises(Conflict):
        enrolment_cancel(enrolment=seated[0], actor=host, reason="again")
    # Someone else's own enrolment is not the civil servant's to cancel.
    with pytest.raises(PermissionDenied):
        enrolment_cancel(enrolment=seated[1], actor=me, reason="bukan saya")


def test_draft_programme_is_not_open(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory(programme__status=ProgrammeStatus.DRAFT)
    with pytest.raises(DomainError):
        enrolment_nominate(
            session=session, employee=EmployeeFactory(institution=surabaya), actor=_op(surabaya)
        )


def test_everyone_programme_guest_without_quota(surabaya, sleman):  # type: ignore[no-untyped-def]
    session = SessionFactory(programme__access=Access.EVERYONE)
    guest = enrolment_nominate(
        session=session, employee=EmployeeFactory(institution=sleman), actor=_op(sleman)
    )
    assert guest.status == EnrolmentStatus.AWAITING_HOST and guest.is_guest
