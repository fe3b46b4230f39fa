"""Who counts as an institution's civil servant on a day; who may join a programme."""

from datetime import date, timedelta

import pytest

from tangguh.development.access import is_guest, may_join, quota_for, quota_used, seats
from tangguh.development.headcount import civil_servant_counts, reference_day
from tangguh.development.models import Access, EnrolmentStatus
from tangguh.people.models import EmploymentHistory
from tests.development.factories import (
    EnrolmentFactory,
    ProgrammeHostFactory,
    ProgrammeQuotaFactory,
    SessionFactory,
)
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_reference_day_is_year_end_or_today():  # type: ignore[no-untyped-def]
    today = date(2026, 11, 30)
    assert reference_day(2024, today) == date(2024, 12, 31)
    assert reference_day(2026, today) == today


def test_counts_follow_the_period_covering_the_day(surabaya, jatim):  # type: ignore[no-untyped-def]
    stayed = EmployeeFactory(institution=surabaya, period_start=date(2010, 1, 1))
    moved = EmployeeFactory(institution=jatim, period_start=date(2025, 3, 1))
    EmploymentHistory.objects.create(
        employee=moved,
        institution=surabaya,
        valid_from=date(2010, 1, 1),
        valid_to=date(2025, 2, 28),
        status="active",
        employee_kind="PNS",
    )
    EmployeeFactory(institution=surabaya, status="retired")
    EmployeeFactory(institution=surabaya, period_start=date(2025, 6, 1))  # joined in 2025
    today = date(2026, 11, 30)
    assert civil_servant_counts(2024, [surabaya.pk, jatim.pk], today=today) == {surabaya.pk: 2}
    now = civil_servant_counts(2026, [surabaya.pk, jatim.pk], today=today)
    assert now == {surabaya.pk: 2, jatim.pk: 1}
    assert stayed.pk


def test_hosts_guests_and_quotas(surabaya, jatim, sleman):  # type: ignore[no-untyped-def]
    quota = ProgrammeQuotaFactory(seats=2)  # Surabaya's programme, listed; Sidoarjo invited
    programme = quota.programme
    ProgrammeHostFactory(programme=programme, institution=jatim)
    assert not is_guest(programme, surabaya.pk) and not is_guest(programme, jatim.pk)
    assert quota_for(programme, jatim.pk) is None
    assert quota_for(programme, quota.institution_id) == 2
    assert quota_for(programme, sleman.pk) == 0 and not may_join(programme, sleman.pk)
    programme.access = Access.EVERYONE
    assert quota_for(programme, sleman.pk) is None and may_join(programme, sleman.pk)
    programme.access = Access.OWN
    assert not may_join(programme, quota.institution_id) and may_join(programme, jatim.pk)


def test_seats_and_quota_use(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory(capacity=2, start_date=date.today() + timedelta(days=5))
    EnrolmentFactory(session=session)
    EnrolmentFactory(session=session, status=EnrolmentStatus.WAITLISTED)
    EnrolmentFactory(session=session, status=EnrolmentStatus.CANCELLED)
    counted = seats(session)
    assert (counted.enrolled, counted.waitlisted, counted.open) == (1, 1, 1)
    assert quota_used(session, surabaya.pk) == 2
