"""The realisation rule: sessions (cost, guest fees, co-host shares) and activities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tangguh.development.models import ActivityStatus, EnrolmentStatus, SessionStatus
from tangguh.development.realisation import PieceKind, realisation, realisations
from tangguh.institutions.models import Institution
from tests.development.factories import (
    ActivityFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    ProgrammeHostFactory,
    SessionFactory,
)
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _inst(code: str) -> Institution:
    return Institution.objects.get(code=code)


def _completed(programme, *, end=date(2024, 6, 12), actual_cost=None):  # type: ignore[no-untyped-def]
    return SessionFactory(
        programme=programme,
        start_date=end.replace(day=end.day - 2),
        end_date=end,
        status=SessionStatus.COMPLETED,
        actual_cost=actual_cost,
    )


def _enrol(session, code: str, n: int = 1, status=EnrolmentStatus.ENROLLED):  # type: ignore[no-untyped-def]
    for _i in range(n):
        EnrolmentFactory(
            session=session,
            employee=EmployeeFactory(institution=_inst(code)),
            status=status,
        )


def test_own_session_costs_its_participants_at_the_programme_price(surabaya):
    session = _completed(ProgrammeFactory(cost_per_participant=Decimal("1500000")))
    _enrol(session, "35.78", 3)
    _enrol(session, "35.78", 2, status=EnrolmentStatus.CANCELLED)  # never counted
    result = realisation(surabaya.pk, 2024)
    assert result.total == Decimal("4500000")
    (piece,) = result.pieces
    assert piece.kind == PieceKind.ORGANISER
    assert piece.session_id == session.pk
    assert piece.participants == 3


def test_actual_cost_replaces_the_price_times_participants(surabaya):
    session = _completed(ProgrammeFactory(), actual_cost=Decimal("7000000"))
    _enrol(session, "35.78", 3)
    assert realisation(surabaya.pk, 2024).total == Decimal("7000000")


def test_guests_pay_their_seats_and_the_hosts_share_the_rest(surabaya, jatim):
    programme = ProgrammeFactory(cost_per_participant=Decimal("1000000"), guests_pay=True)
    ProgrammeHostFactory(programme=programme, institution=jatim, cost_share=Decimal("40"))
    session = _completed(programme, actual_cost=Decimal("10000000"))
    _enrol(session, "35.78", 6)
    _enrol(session, "35.15", 2)  # Sidoarjo: guests
    sidoarjo = _inst("35.15")
    figures = realisations(2024, [surabaya.pk, jatim.pk, sidoarjo.pk])
    # Guest fees: 2 × 1.000.000 to Sidoarjo; the hosts' 8.000.000: 40 % to Jawa Timur.
    assert figures[sidoarjo.pk].total == Decimal("2000000")
    assert figures[sidoarjo.pk].pieces[0].kind == PieceKind.GUEST_FEES
    assert figures[jatim.pk].total == Decimal("3200000")
    assert figures[surabaya.pk].total == Decimal("4800000")
    everything = sum((r.total for r in figures.values()), Decimal(0))
    assert everything == Decimal("10000000")


def test_guests_who_do_not_pay_leave_the_whole_cost_to_the_hosts(surabaya):
    programme = ProgrammeFactory(cost_per_participant=Decimal("1000000"), guests_pay=False)
    session = _completed(programme)
    _enrol(session, "35.78", 1)
    _enrol(session, "35.15", 2)
    sidoarjo = _inst("35.15")
    figures = realisations(2024, [surabaya.pk, sidoarjo.pk])
    assert figures[surabaya.pk].total == Decimal("3000000")
    assert sidoarjo.pk not in figures


def test_guest_fees_above_the_actual_cost_leave_the_hosts_nothing_not_less(surabaya):
    programme = ProgrammeFactory(cost_per_participant=Decimal("1000000"))
    session = _completed(programme, actual_cost=Decimal("500000"))
    _enrol(session, "35.15", 2)
    assert realisation(surabaya.pk, 2024).total == Decimal(0)
    assert realisation(_inst("35.15").pk, 2024).total == Decimal("2000000")


def test_shares_are_whole_rupiah_and_add_up_to_the_cost(surabaya, jatim):
    programme = ProgrammeFactory(cost_per_participant=Decimal("0"))
    ProgrammeHostFactory(programme=programme, institution=jatim, cost_share=Decimal("33.33"))
    _completed(programme, actual_cost=Decimal("1000001"))
    jatim_part = realisation(jatim.pk, 2024).total
    own_part = realisation(surabaya.pk, 2024).total
    assert jatim_part == Decimal("333300")  # 333300.33 rounded
    assert jatim_part + own_part == Decimal("1000001")


def test_only_completed_sessions_ending_in_the_year_count(surabaya):
    programme = ProgrammeFactory()
    planned = SessionFactory(
        programme=programme, start_date=date(2024, 3, 1), end_date=date(2024, 3, 2)
    )
    _enrol(planned, "35.78", 2)
    across = _completed(programme, end=date(2025, 1, 3))  # ends the next year
    _enrol(across, "35.78", 2)
    assert realisation(surabaya.pk, 2024).total == Decimal(0)
    assert realisation(surabaya.pk, 2025).total == Decimal("3000000")


def test_approved_activities_cost_their_institution(surabaya):
    employee = EmployeeFactory(institution=surabaya)
    approved = ActivityFactory(
        employee=employee,
        start_date=date(2024, 5, 1),
        end_date=date(2024, 5, 2),
        cost=Decimal("750000"),
        status=ActivityStatus.APPROVED,
    )
    ActivityFactory(  # pending: not spent yet
        employee=employee,
        start_date=date(2024, 5, 1),
        end_date=date(2024, 5, 2),
        cost=Decimal("900000"),
    )
    result = realisation(surabaya.pk, 2024)
    assert result.total == Decimal("750000")
    assert result.pieces[0].activity_id == approved.pk
    assert result.by_kind() == {PieceKind.ACTIVITY: Decimal("750000")}


def test_other_institutions_sessions_are_not_ours(surabaya, sleman):
    session = _completed(ProgrammeFactory(organiser=sleman))
    _enrol(session, "34.04", 3)
    assert realisation(surabaya.pk, 2024).pieces == []
    assert realisation(sleman.pk, 2024).total == Decimal("4500000")
