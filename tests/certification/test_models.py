"""The certification models' own rules: derived status, the scopes of participations."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tangguh.certification.models import Participation, UnitResult
from tangguh.core.roles import Role
from tests.accounts.factories import UserFactory

from .factories import (
    AssessorFactory,
    BatchAssessorFactory,
    CertificateFactory,
    ParticipationFactory,
    UnitResultFactory,
)

pytestmark = pytest.mark.django_db


def test_a_certificate_is_valid_then_expired_and_revoked_whatever_its_dates():
    cert = CertificateFactory(issued_on=date(2022, 1, 10), expires_on=date(2025, 1, 10))
    assert cert.status_on(date(2025, 1, 10)) == "valid"
    assert cert.status_on(date(2025, 1, 11)) == "expired"
    cert.revoked_at = timezone.now()
    assert cert.status_on(date(2023, 1, 1)) == "revoked"


def test_an_assessor_reads_the_participants_of_the_batches_they_assess_only():
    assigned = BatchAssessorFactory()
    mine = ParticipationFactory(batch=assigned.batch)
    ParticipationFactory()  # another batch
    UnitResultFactory(participation=mine, assessor=assigned.assessor)
    assert list(Participation.objects.restrict(assigned.assessor)) == [mine]
    assert UnitResult.objects.restrict(assigned.assessor).count() == 1
    assert not Participation.objects.restrict(AssessorFactory()).exists()


def test_a_civil_servant_reads_their_own_participation_once_whatever_the_assessors():
    batch = BatchAssessorFactory().batch
    BatchAssessorFactory(batch=batch)
    own = ParticipationFactory(batch=batch)
    ParticipationFactory(batch=batch)
    user = UserFactory(role=Role.CIVIL_SERVANT, nip=own.nip)
    assert list(Participation.objects.restrict(user)) == [own]


def test_both_the_nominating_institution_and_the_organiser_read_a_participation():
    part = ParticipationFactory(exam_date=date.today() - timedelta(days=3))
    surabaya_op = UserFactory(role=Role.OPERATOR)  # 35.78, the nominating institution
    jatim_op = UserFactory(role=Role.OPERATOR, institution=part.batch.organiser)
    assert list(Participation.objects.restrict(surabaya_op)) == [part]
    assert list(Participation.objects.restrict(jatim_op)) == [part]  # Jawa Timur organises
