"""Batches, their assessors and nominations: the organiser's and the nominating side's writes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from tangguh.certification.eligibility import eligibility_check, position_matches, rank_meets
from tangguh.certification.models import (
    Batch,
    BatchAssessor,
    BatchStatus,
    Outcome,
    Participation,
    ParticipationStatus,
)
from tangguh.certification.services_batches import (
    batch_assessor_assign,
    batch_assessor_remove,
    batch_create,
    batch_update,
    participant_nominate,
    participant_withdraw,
)
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.messages import Message
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.people.models import EmploymentStatus, Position
from tests.certification.factories import (
    AssessorLicenceFactory,
    BatchAssessorFactory,
    BatchFactory,
    CertificateFactory,
    ParticipationFactory,
    SchemeVersionFactory,
    UnitResultFactory,
)
from tests.people.factories import EmployeeFactory, PositionFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def camat(institution_code="35.78", name="Camat Wonokromo", **extra):
    institution = Institution.objects.get(code=institution_code)
    position = Position.objects.filter(
        institution=institution, name=name
    ).first() or PositionFactory(institution=institution, name=name, kind="administrator")
    return EmployeeFactory(institution=institution, position=position, **extra)


def open_batch(**extra):
    values = {
        "status": BatchStatus.OPEN,
        "exam_start": date.today() + timedelta(days=30),
    }
    values.update(extra)
    return BatchFactory(**values)


# --- eligibility ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Camat", True),
        ("Camat Wonokromo", True),
        ("CAMAT  wonokromo", True),
        ("Sekretaris Camat", False),
        ("Camatan", False),
        ("Lurah Ketintang", False),
    ],
)
def test_position_matches_word_wise_from_the_start(name, expected):
    assert position_matches(name, ["Camat"]) is expected


def test_rank_order():
    assert rank_meets("III/c", "III/a") and rank_meets("IV/a", "III/d")
    assert not rank_meets("II/d", "III/a")
    assert not rank_meets("IX", "III/a")  # a PPPK grade is not a PNS rank
    assert rank_meets("X", "IX")


def test_eligibility_blocks_the_wrong_position_and_warns_of_a_valid_certificate():
    version = SchemeVersionFactory(target_positions=["Camat"])
    sekcam = camat(name="Sekretaris Camat Wonokromo")
    check = eligibility_check(version=version, employee=sekcam, on=date.today())
    assert not check.ok
    assert "Sekretaris Camat Wonokromo" in str(check.blocking[0])
    holder = camat()
    participation = ParticipationFactory(
        employee=holder, batch=BatchFactory(scheme_version=version)
    )
    CertificateFactory(participation=participation)
    check = eligibility_check(version=version, employee=holder, on=date.today())
    assert check.ok and check.needs_renewal_confirmation
    assert "already holds a valid certificate" in str(check.warnings[0])


def test_eligibility_by_kind_education_and_rank():
    version = SchemeVersionFactory(
        target_positions=[],
        target_position_kinds=["jpt_pratama"],
        min_education="S2",
        min_rank="IV/a",
    )
    person = EmployeeFactory(position_kind="jpt_pratama", education="S1", rank="III/d")
    check = eligibility_check(version=version, employee=person, on=date.today())
    texts = " ".join(str(m) for m in check.blocking)
    assert "at least S2" in texts and "rank IV/a or higher" in texts
    person.education, person.rank = "S2", "IV/b"
    assert eligibility_check(version=version, employee=person, on=date.today()).ok


# --- batches -------------------------------------------------------------------------


def test_a_province_creates_a_batch_of_the_newest_version():
    version = SchemeVersionFactory()
    newer = SchemeVersionFactory(scheme=version.scheme, version=2)
    admin = make_user(Role.INSTITUTION_ADMIN, "35")
    batch = batch_create(
        scheme=version.scheme,
        organiser=admin.institution,
        data={"exam_start": date(2026, 3, 2), "exam_end": date(2026, 3, 3), "place": "Surabaya"},
        actor=admin,
    )
    assert batch.scheme_version == newer
    assert batch.code == f"UK-{version.scheme.code.upper()}-2026-01"
    assert AuditEntry.objects.filter(
        action="certification.batch_create", institution_id=batch.organiser_id
    ).exists()


def test_a_regency_cannot_organise():
    version = SchemeVersionFactory()
    admin = make_user(Role.INSTITUTION_ADMIN, "35.78")
    with pytest.raises(DomainError, match="cannot organise"):
        batch_create(
            scheme=version.scheme,
            organiser=admin.institution,
            data={"exam_start": date(2026, 3, 2), "place": "Surabaya"},
            actor=admin,
        )
    assert not Batch.objects.exists()


def test_a_province_cannot_create_a_batch_for_another_province():
    version = SchemeVersionFactory()
    with pytest.raises(PermissionDenied):
        batch_create(
            scheme=version.scheme,
            organiser=Institution.objects.get(code="34"),
            data={"exam_start": date(2026, 3, 2), "place": "Yogyakarta"},
            actor=make_user(Role.INSTITUTION_ADMIN, "35"),
        )
    assert not Batch.objects.exists()


def test_batch_dates_and_deadline_checked():
    version = SchemeVersionFactory()
    admin = make_user(Role.OPERATOR, "35")
    for data, field in [
        ({"exam_start": date(2026, 3, 2), "exam_end": date(2026, 3, 1), "place": "x"}, "exam_end"),
        (
            {"exam_start": date(2026, 3, 2), "nomination_deadline": date(2026, 3, 5), "place": "x"},
            "nomination_deadline",
        ),
        ({"exam_start": date(2026, 3, 2), "place": ""}, "place"),
    ]:
        with pytest.raises(DomainError) as refused:
            batch_create(scheme=version.scheme, organiser=admin.institution, data=data, actor=admin)
        assert field in [e["field"] for e in refused.value.errors]
    assert not Batch.objects.exists()


def test_status_moves_forward_and_closing_needs_every_decision():
    batch = open_batch()
    admin = make_user(Role.INSTITUTION_ADMIN, "35")
    ParticipationFactory(batch=batch)
    batch_update(batch=batch, data={"status": BatchStatus.ASSESSMENT}, actor=admin)
    with pytest.raises(DomainError, match="no plenary decision"):
        batch_update(batch=batch, data={"status": BatchStatus.CLOSED}, actor=admin)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ASSESSMENT
    with pytest.raises(PermissionDenied):
        batch_update(
            batch=batch,
            data={"status": BatchStatus.CANCELLED},
            actor=make_user(Role.INSTITUTION_ADMIN, "34"),
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ASSESSMENT


def test_moving_the_exam_moves_the_participants_exam_date():
    batch = open_batch()
    participation = ParticipationFactory(batch=batch)
    start = batch.exam_start + timedelta(days=7)
    batch_update(
        batch=batch,
        data={"exam_start": start, "exam_end": start},
        actor=make_user(Role.OPERATOR, "35"),
    )
    participation.refresh_from_db()
    assert participation.exam_date == start


# --- assessors -----------------------------------------------------------------------


def test_assign_an_assessor_with_a_covering_licence():
    batch = open_batch()
    licence = AssessorLicenceFactory(scheme=batch.scheme)
    assigned = batch_assessor_assign(
        batch=batch, assessor=licence.assessor, actor=make_user(Role.OPERATOR, "35")
    )
    assert assigned.licence == licence
    with pytest.raises(Conflict):
        batch_assessor_assign(
            batch=batch, assessor=licence.assessor, actor=make_user(Role.OPERATOR, "35")
        )


def test_an_expired_licence_is_refused_with_its_number_and_dates_and_nothing_changes():
    batch = open_batch(exam_start=date(2026, 3, 2), exam_end=date(2026, 3, 3))
    licence = AssessorLicenceFactory(
        scheme=batch.scheme,
        number="LIS-0042",
        valid_from=date(2022, 1, 1),
        valid_until=date(2026, 2, 28),
    )
    with pytest.raises(DomainError) as refused:
        batch_assessor_assign(
            batch=batch, assessor=licence.assessor, actor=make_user(Role.OPERATOR, "35")
        )
    name = licence.assessor.get_full_name()
    assert (
        f"The licence LIS-0042 of {name} expired on 28 February 2026, before the exam (2 March 2026)."
        in str(refused.value)
    )
    assert not BatchAssessor.objects.exists()
    assert not AuditEntry.objects.filter(action="certification.batch_assessor_assign").exists()


def test_the_expired_licence_sentence_in_indonesian():
    batch = open_batch(exam_start=date(2026, 3, 2), exam_end=date(2026, 3, 3))
    licence = AssessorLicenceFactory(
        scheme=batch.scheme,
        number="LIS-0043",
        valid_from=date(2022, 1, 1),
        valid_until=date(2026, 2, 28),
    )
    with translation.override("id"), pytest.raises(DomainError) as refused:
        batch_assessor_assign(
            batch=batch, assessor=licence.assessor, actor=make_user(Role.OPERATOR, "35")
        )
    assert "LIS-0043" in str(refused.value) and "28 Februari 2026" in str(refused.value)
    assert "berakhir" in str(refused.value)


def test_an_assessor_without_licence_or_with_a_revoked_one_is_refused():
    batch = open_batch()
    no_licence = AssessorLicenceFactory().assessor  # licensed for another scheme
    with pytest.raises(DomainError, match="holds no licence"):
        batch_assessor_assign(
            batch=batch, assessor=no_licence, actor=make_user(Role.OPERATOR, "35")
        )
    from django.utils import timezone

    revoked = AssessorLicenceFactory(scheme=batch.scheme, revoked_at=timezone.now())
    with pytest.raises(DomainError, match="was revoked"):
        batch_assessor_assign(
            batch=batch, assessor=revoked.assessor, actor=make_user(Role.OPERATOR, "35")
        )
    assert not BatchAssessor.objects.exists()


def test_assign_refused_outside_the_organiser():
    batch = open_batch()
    licence = AssessorLicenceFactory(scheme=batch.scheme)
    for outsider in (make_user(Role.OPERATOR, "35.78"), make_user(Role.OPERATOR, "34")):
        with pytest.raises(PermissionDenied):
            batch_assessor_assign(batch=batch, assessor=licence.assessor, actor=outsider)
    assert not BatchAssessor.objects.exists()


def test_remove_an_assessor_unless_they_recorded_results():
    batch = open_batch()
    licence = AssessorLicenceFactory(scheme=batch.scheme)
    operator = make_user(Role.OPERATOR, "35")
    assigned = batch_assessor_assign(batch=batch, assessor=licence.assessor, actor=operator)
    UnitResultFactory(participation=ParticipationFactory(batch=batch), assessor=licence.assessor)
    with pytest.raises(DomainError, match="recorded results"):
        batch_assessor_remove(batch_assessor=assigned, actor=operator)
    assert BatchAssessor.objects.filter(pk=assigned.pk).exists()
    other = batch_assessor_assign(
        batch=batch, assessor=AssessorLicenceFactory(scheme=batch.scheme).assessor, actor=operator
    )
    batch_assessor_remove(batch_assessor=other, actor=operator)
    assert not BatchAssessor.objects.filter(pk=other.pk).exists()


# --- nominations ---------------------------------------------------------------------


def test_nominate_an_eligible_civil_servant_of_ones_own_institution():
    batch = open_batch()
    person = camat()
    operator = make_user(Role.OPERATOR, "35.78")
    participation = participant_nominate(batch=batch, employee=person, actor=operator)
    assert participation.institution_id == person.institution_id
    assert participation.exam_date == batch.exam_start
    assert participation.nip == person.nip and participation.scheme_id == batch.scheme_id
    entry = AuditEntry.objects.get(action="certification.participant_nominate")
    assert entry.institution_id == person.institution_id
    with pytest.raises(Conflict):
        participant_nominate(batch=batch, employee=person, actor=operator)


def test_a_participant_of_the_wrong_position_is_refused_with_a_sentence_and_nothing_changes():
    batch = open_batch()
    person = camat(name="Sekretaris Camat Wonokromo")
    with pytest.raises(DomainError) as refused:
        participant_nominate(batch=batch, employee=person, actor=make_user(Role.OPERATOR, "35.78"))
    assert refused.value.code == "not_eligible"
    assert "position (Sekretaris Camat Wonokromo) is not one this scheme is for: Camat" in str(
        refused.value
    )
    assert not Participation.objects.exists()
    assert not AuditEntry.objects.filter(action="certification.participant_nominate").exists()


def test_the_wrong_position_sentence_in_indonesian():
    batch = open_batch()
    person = camat(name="Sekretaris Camat Wonokromo")
    with translation.override("id"), pytest.raises(DomainError) as refused:
        participant_nominate(batch=batch, employee=person, actor=make_user(Role.OPERATOR, "35.78"))
    assert "Jabatan" in str(refused.value) and "Sekretaris Camat Wonokromo" in str(refused.value)
    assert not Participation.objects.exists()


def test_nominating_someone_of_another_institution_is_refused():
    batch = open_batch()
    person = camat("34.04")
    with pytest.raises(PermissionDenied):
        participant_nominate(batch=batch, employee=person, actor=make_user(Role.OPERATOR, "35.78"))
    assert not Participation.objects.exists()


def test_an_inactive_person_and_a_closed_batch_are_refused():
    person = camat(status=EmploymentStatus.RETIRED)
    with pytest.raises(DomainError, match="not an active civil servant"):
        participant_nominate(
            batch=open_batch(), employee=person, actor=make_user(Role.OPERATOR, "35.78")
        )
    with pytest.raises(DomainError, match="not open for nominations"):
        participant_nominate(
            batch=open_batch(status=BatchStatus.ASSESSMENT),
            employee=camat(),
            actor=make_user(Role.OPERATOR, "35.78"),
        )
    assert not Participation.objects.exists()


def test_a_full_batch_and_a_passed_deadline_are_refused():
    operator = make_user(Role.OPERATOR, "35.78")
    full = open_batch(capacity=1)
    participant_nominate(batch=full, employee=camat(), actor=operator)
    with pytest.raises(DomainError, match="full"):
        participant_nominate(batch=full, employee=camat(), actor=operator)
    late = open_batch(nomination_deadline=date.today() - timedelta(days=1))
    with pytest.raises(DomainError, match="Nominations closed"):
        participant_nominate(batch=late, employee=camat(), actor=operator)
    assert Participation.objects.count() == 1


def test_a_holder_of_a_valid_certificate_needs_an_explicit_renewal():
    batch = open_batch()
    person = camat()
    earlier = ParticipationFactory(
        employee=person, batch=BatchFactory(scheme_version=batch.scheme_version)
    )
    CertificateFactory(participation=earlier, number="SKP-X-2025-00001")
    operator = make_user(Role.OPERATOR, "35.78")
    with pytest.raises(DomainError) as refused:
        participant_nominate(batch=batch, employee=person, actor=operator)
    assert refused.value.code == "renewal_needs_confirmation"
    assert "SKP-X-2025-00001" in str(refused.value)
    assert not batch.participations.exists()
    participation = participant_nominate(
        batch=batch, employee=person, actor=operator, renewal_ok=True
    )
    notes = [Message.from_json(n) for n in participation.eligibility_notes]
    assert "SKP-X-2025-00001" in str(notes[0])


def test_withdraw_with_a_reason_then_nominate_again():
    batch = open_batch()
    person = camat()
    operator = make_user(Role.OPERATOR, "35.78")
    participation = participant_nominate(batch=batch, employee=person, actor=operator)
    with pytest.raises(DomainError, match="reason"):
        participant_withdraw(participation=participation, reason=" ", actor=operator)
    with pytest.raises(PermissionDenied):
        participant_withdraw(
            participation=participation, reason="Sakit", actor=make_user(Role.OPERATOR, "34.04")
        )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.NOMINATED
    participant_withdraw(participation=participation, reason="Sakit", actor=operator)
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.WITHDRAWN
    again = participant_nominate(batch=batch, employee=person, actor=operator)
    assert again.pk == participation.pk and again.status == ParticipationStatus.NOMINATED


def test_a_decided_participant_cannot_be_withdrawn():
    participation = ParticipationFactory(outcome=Outcome.NOT_CERTIFIED)
    with pytest.raises(DomainError, match="already decided"):
        participant_withdraw(
            participation=participation, reason="x", actor=make_user(Role.OPERATOR, "35.78")
        )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.NOMINATED


def test_the_organiser_sets_a_participants_exam_day_within_the_batch():
    from tangguh.certification.services_batches import participant_exam_date_set

    start = date.today() + timedelta(days=10)
    batch = open_batch(exam_start=start, exam_end=start + timedelta(days=2))
    participation = ParticipationFactory(batch=batch)
    organiser = make_user(Role.OPERATOR, "35")
    participant_exam_date_set(
        participation=participation, exam_date=start + timedelta(days=2), actor=organiser
    )
    participation.refresh_from_db()
    assert participation.exam_date == start + timedelta(days=2)
    with pytest.raises(DomainError, match="one of the batch's days"):
        participant_exam_date_set(
            participation=participation, exam_date=start + timedelta(days=3), actor=organiser
        )
    with pytest.raises(PermissionDenied):
        participant_exam_date_set(
            participation=participation, exam_date=start, actor=make_user(Role.OPERATOR, "35.78")
        )
    participation.refresh_from_db()
    assert participation.exam_date == start + timedelta(days=2)
    assert AuditEntry.objects.filter(action="certification.participant_exam_date").count() == 1


def test_the_organiser_may_withdraw_a_participant_of_its_batch_and_an_assessor_may_not():
    batch = open_batch()
    participation = ParticipationFactory(batch=batch)
    assessor = BatchAssessorFactory(batch=batch).assessor
    with pytest.raises(PermissionDenied):
        participant_withdraw(participation=participation, reason="Sakit", actor=assessor)
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.NOMINATED
    participant_withdraw(
        participation=participation, reason="Sakit", actor=make_user(Role.OPERATOR, "35")
    )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.WITHDRAWN
    note = Message.from_json(participation.eligibility_notes[-1])
    assert "Sakit" in str(note)
