"""The ledger's writer: entries, reversals and the per-person yearly totals beside them."""

from datetime import date
from decimal import Decimal

import pytest

from tangguh.core.exceptions import DomainError
from tangguh.core.models import AppendOnlyError
from tangguh.development.ledger import (
    institution_on,
    ledger_append,
    ledger_reverse,
    rebuild_year_totals,
)
from tangguh.development.models import ComplianceSummary, JpYearTotal, LedgerEntry, LedgerSource
from tangguh.people.models import EmploymentHistory
from tests.development.factories import EnrolmentFactory, form
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _total(employee, year):  # type: ignore[no-untyped-def]
    row = JpYearTotal.objects.filter(employee=employee, year=year).first()
    return row.jp if row else None


def test_entries_add_up_in_the_yearly_total(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    seminar = form("seminar")
    ledger_append(
        employee=person,
        day=date(2024, 3, 1),
        jp=8,
        form=seminar,
        source="activity",
        description="Seminar A",
    )
    ledger_append(
        employee=person,
        day=date(2024, 9, 1),
        jp="4.5",
        form=seminar,
        source="activity",
        description="Seminar B",
    )
    ledger_append(
        employee=person,
        day=date(2025, 1, 2),
        jp=3,
        form=seminar,
        source="activity",
        description="Seminar C",
    )
    assert _total(person, 2024) == Decimal("12.50")
    assert _total(person, 2025) == Decimal("3.00")
    entry = LedgerEntry.objects.get(description="Seminar B")
    assert (entry.year, entry.institution_id, entry.nip) == (2024, surabaya.pk, person.nip)


def test_a_reversal_is_a_new_negative_entry_and_the_total_follows(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    entry = ledger_append(
        employee=person,
        day=date(2024, 3, 1),
        jp=8,
        form=form("seminar"),
        source=LedgerSource.ACTIVITY,
        description="Seminar A",
    )
    reversal = ledger_reverse(entry=entry, actor=None, reason="Double entry")
    assert reversal.jp == Decimal("-8.00") and reversal.reverses_id == entry.pk
    assert _total(person, 2024) == Decimal("0.00")
    assert LedgerEntry.objects.count() == 2
    with pytest.raises(DomainError):
        ledger_reverse(entry=entry, actor=None, reason="again")
    with pytest.raises(DomainError):
        ledger_reverse(entry=reversal, actor=None, reason="undo the undo")
    with pytest.raises(DomainError):
        ledger_reverse(entry=entry, actor=None, reason="  ")


def test_entries_are_never_changed_or_deleted(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    entry = ledger_append(
        employee=person,
        day=date(2024, 3, 1),
        jp=8,
        form=form("seminar"),
        source=LedgerSource.ACTIVITY,
        description="Seminar A",
    )
    entry.jp = Decimal("80")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(jp=80)
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DomainError):
        ledger_append(
            employee=person,
            day=date(2024, 3, 1),
            jp=0,
            form=form("seminar"),
            source=LedgerSource.ACTIVITY,
            description="nothing",
        )


def test_the_institution_is_the_one_on_the_entry_date(surabaya, jatim):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=jatim, period_start=date(2024, 7, 1))
    EmploymentHistory.objects.create(
        employee=person,
        institution=surabaya,
        valid_from=date(2015, 1, 1),
        valid_to=date(2024, 6, 30),
        status="active",
        employee_kind="PNS",
    )
    assert institution_on(person, date(2024, 6, 30)) == surabaya.pk
    assert institution_on(person, date(2024, 7, 1)) == jatim.pk
    assert institution_on(person, date(2010, 1, 1)) == surabaya.pk
    entry = ledger_append(
        employee=person,
        day=date(2024, 2, 1),
        jp=8,
        form=form("seminar"),
        source=LedgerSource.ACTIVITY,
        description="Seminar A",
    )
    assert entry.institution_id == surabaya.pk


def test_writes_mark_the_year_end_institution_stale(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    summary = ComplianceSummary.objects.create(institution=surabaya, year=2024, stale=False)
    ledger_append(
        employee=person,
        day=date(2024, 3, 1),
        jp=8,
        form=form("seminar"),
        source=LedgerSource.ACTIVITY,
        description="Seminar A",
    )
    summary.refresh_from_db()
    assert summary.stale


def test_rebuild_recomputes_totals_from_the_ledger(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    enrolment = EnrolmentFactory(employee=person)
    for day, jp in ((date(2023, 1, 5), 10), (date(2023, 6, 5), 12), (date(2024, 1, 5), 7)):
        ledger_append(
            employee=person,
            day=day,
            jp=jp,
            form=form("bimtek"),
            source=LedgerSource.SESSION,
            description="Bimtek",
            enrolment=enrolment,
        )
    JpYearTotal.objects.all().delete()
    assert rebuild_year_totals([2023]) == 1
    assert _total(person, 2023) == Decimal("22.00") and _total(person, 2024) is None
    assert rebuild_year_totals() == 2
    assert _total(person, 2024) == Decimal("7.00")
