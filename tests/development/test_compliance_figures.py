"""The 20-JP duty's figures: what they count, and that every change that matters —
a ledger write, a correction, a transfer, a retirement, a new person — changes the
next reading (the summaries are kept correct, not merely fast)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tangguh.core.roles import Role
from tangguh.development import compliance, metrics
from tangguh.development.compliance import Figures
from tangguh.development.headcount import civil_servant_counts
from tangguh.development.ledger import ledger_reverse
from tangguh.development.models import ComplianceSummary
from tangguh.people.models import EmployeeKind, EmploymentHistory, TransferRequest
from tangguh.people.services_employee import employee_deactivate
from tangguh.people.services_transfer import transfer_confirm
from tests.development.compliance_helpers import credit, this_year
from tests.people.factories import EmployeeFactory, WorkUnitFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


def reading(institution, year=None):  # type: ignore[no-untyped-def]
    return compliance.summaries(year or this_year(), [institution.pk]).get(
        institution.pk, Figures()
    )


def three_people(institution):  # type: ignore[no-untyped-def]
    a, b, c = (
        EmployeeFactory(institution=institution, period_start=date(2020, 1, 1)) for _ in range(3)
    )
    credit(a, 20)
    credit(a, 4)
    credit(b, "10.5")
    return a, b, c


def test_the_figures_count_reached_mean_and_zero(surabaya):  # type: ignore[no-untyped-def]
    three_people(surabaya)
    f = reading(surabaya)
    assert (f.civil_servants, f.reached, f.at_zero) == (3, 1, 1)
    assert f.total_jp == Decimal("34.5")
    assert f.mean_jp == Decimal("11.50")
    assert f.share == pytest.approx(1 / 3)


def test_inactive_people_and_other_years_do_not_count(surabaya):  # type: ignore[no-untyped-def]
    gone = EmployeeFactory(institution=surabaya, status="retired")
    credit(gone, 30)
    other_year = EmployeeFactory(institution=surabaya)
    credit(other_year, 30, date(this_year() - 1, 6, 1))
    f = reading(surabaya)
    assert (f.civil_servants, f.reached, f.at_zero) == (1, 0, 1)


def test_a_ledger_write_changes_the_next_reading(surabaya):  # type: ignore[no-untyped-def]
    _a, b, _c = three_people(surabaya)
    assert reading(surabaya).reached == 1
    credit(b, "9.5")
    f = reading(surabaya)
    assert (f.reached, f.total_jp) == (2, Decimal("44"))
    assert not ComplianceSummary.objects.get(institution=surabaya, year=this_year()).stale


def test_a_correction_changes_the_next_reading(surabaya):  # type: ignore[no-untyped-def]
    a = EmployeeFactory(institution=surabaya)
    entry = credit(a, 24)
    assert reading(surabaya).reached == 1
    ledger_reverse(entry=entry, actor=None, reason="Dobel input")
    f = reading(surabaya)
    assert (f.reached, f.at_zero, f.total_jp) == (0, 1, Decimal("0"))


def test_a_transfer_changes_the_next_reading_of_both_institutions(surabaya, sleman):  # type: ignore[no-untyped-def]
    a, _, _ = three_people(surabaya)
    EmployeeFactory(institution=sleman)
    before_mark = compliance.register_mark(this_year())
    assert (reading(surabaya).civil_servants, reading(sleman).civil_servants) == (3, 1)
    transfer = TransferRequest.objects.create(
        employee=a, from_institution=surabaya, to_institution=sleman, payload={}
    )
    transfer_confirm(transfer=transfer, actor=make_user(Role.INSTITUTION_ADMIN, "35.78"))
    assert compliance.register_mark(this_year()) != before_mark
    here, there = reading(surabaya), reading(sleman)
    assert (here.civil_servants, here.reached) == (2, 0)
    assert (there.civil_servants, there.reached, there.total_jp) == (2, 1, Decimal("24"))


def test_a_retirement_changes_the_next_reading(surabaya):  # type: ignore[no-untyped-def]
    a, _, _ = three_people(surabaya)
    EmployeeFactory(institution=surabaya)  # the actor's record does not matter
    assert reading(surabaya).civil_servants == 4
    before_mark = compliance.register_mark(this_year())
    employee_deactivate(
        actor=None,
        employee=a,
        status="retired",
        date=timezone.localdate() - timedelta(days=1),
    )
    assert compliance.register_mark(this_year()) != before_mark
    f = reading(surabaya)
    assert (f.civil_servants, f.reached) == (3, 0)


def test_a_new_person_changes_the_next_reading(surabaya):  # type: ignore[no-untyped-def]
    three_people(surabaya)
    assert reading(surabaya).civil_servants == 3
    before_mark = compliance.register_mark(this_year())
    EmployeeFactory(institution=surabaya)
    assert compliance.register_mark(this_year()) != before_mark
    f = reading(surabaya)
    assert (f.civil_servants, f.at_zero) == (4, 2)


def test_only_touched_institutions_are_recomputed(surabaya, sleman, jatim):  # type: ignore[no-untyped-def]
    three_people(surabaya)
    EmployeeFactory(institution=sleman)
    EmployeeFactory(institution=jatim)
    compliance.refresh(this_year())
    assert compliance.refresh(this_year()) == 0  # nothing changed: nothing recomputed
    EmployeeFactory(institution=sleman)
    assert compliance.refresh(this_year()) == 1
    assert reading(sleman).civil_servants == 2


def test_a_past_year_counts_people_where_they_were_on_31_december(surabaya, sleman):  # type: ignore[no-untyped-def]
    last = this_year() - 1
    moved = EmployeeFactory(institution=sleman, period_start=date(this_year(), 1, 1))
    EmploymentHistory.objects.create(
        employee=moved,
        institution=surabaya,
        employee_kind=EmployeeKind.PNS,
        status="active",
        valid_from=date(2015, 1, 1),
        valid_to=date(this_year(), 1, 1),
    )
    credit(moved, 21, date(last, 5, 5))
    assert (reading(surabaya, last).civil_servants, reading(surabaya, last).reached) == (1, 1)
    assert reading(sleman, last).civil_servants == 0
    assert reading(sleman).civil_servants == 1
    assert reading(sleman).at_zero == 1


def test_the_summaries_equal_a_fresh_computation_after_many_changes(surabaya, sleman):  # type: ignore[no-untyped-def]
    people = [
        EmployeeFactory(institution=i, period_start=date(2020, 1, 1))
        for i in (surabaya, sleman)
        for _ in range(4)
    ]
    compliance.refresh(this_year())
    for n, person in enumerate(people):
        credit(person, n * 3 + 1)
    entry = credit(people[0], 30)
    ledger_reverse(entry=entry, actor=None, reason="Salah orang")
    EmployeeFactory(institution=sleman)
    employee_deactivate(
        actor=None,
        employee=people[5],
        status="retired",
        date=timezone.localdate() - timedelta(days=1),
    )
    kept = compliance.summaries(this_year())
    fresh = compliance.compute(this_year())
    for pk in (surabaya.pk, sleman.pk):
        assert kept[pk] == fresh[pk]


def test_refresh_with_force_recomputes_everything(surabaya):  # type: ignore[no-untyped-def]
    three_people(surabaya)
    compliance.refresh(this_year())
    ComplianceSummary.objects.filter(institution=surabaya).update(civil_servants=99)
    assert reading(surabaya).civil_servants == 99  # a change the watermark cannot see
    compliance.refresh(this_year(), force=True)
    assert reading(surabaya).civil_servants == 3


def test_the_metrics_are_the_pages_figures(surabaya, sleman):  # type: ignore[no-untyped-def]
    three_people(surabaya)
    assert metrics.share_reaching_20(this_year()) == {surabaya.pk: round(1 / 3, 4)}
    assert metrics.mean_jp(this_year()) == {surabaya.pk: Decimal("11.50")}
    assert sleman.pk not in metrics.duty_figures(this_year())  # nobody counted: no value


def test_the_unit_figures_and_names(surabaya):  # type: ignore[no-untyped-def]
    a, _b, c = three_people(surabaya)
    units = compliance.per_unit(this_year(), surabaya.pk)
    assert units[a.work_unit_id].reached == 1
    assert units[c.work_unit_id].at_zero == 1
    names = compliance.people(this_year(), surabaya.pk, a.work_unit_id)
    assert [(p.nip, p.jp) for p in names] == [(a.nip, Decimal("24"))]


def test_many_changes_at_once_recompute_every_institution(surabaya, sleman, monkeypatch):  # type: ignore[no-untyped-def]
    EmployeeFactory(institution=surabaya)
    EmployeeFactory(institution=sleman)
    compliance.refresh(this_year())
    monkeypatch.setattr(compliance, "TOUCHED_LIMIT", 1)
    EmployeeFactory(institution=surabaya)
    EmployeeFactory(institution=surabaya)  # two new people: more than the limit
    recomputed = compliance.refresh(this_year())
    assert recomputed == ComplianceSummary.objects.filter(year=this_year()).count() >= 2
    assert reading(surabaya).civil_servants == 3


def test_a_move_between_units_changes_the_units_figures(surabaya):  # type: ignore[no-untyped-def]
    a, _b, _c = three_people(surabaya)
    old_unit = a.work_unit
    assert compliance.per_unit(this_year(), surabaya.pk)[old_unit.pk].reached == 1
    new_unit = WorkUnitFactory(institution=surabaya)
    a.close_period(until=timezone.localdate())  # what a change of unit does in the register
    a.work_unit = new_unit
    a.period_start = timezone.localdate()
    a.save()
    units = compliance.per_unit(this_year(), surabaya.pk)
    assert old_unit.pk not in units
    assert (units[new_unit.pk].civil_servants, units[new_unit.pk].reached) == (1, 1)


def test_the_civil_servants_counted_are_the_headcounts(surabaya, sleman):  # type: ignore[no-untyped-def]
    """The duty's denominator is ``headcount.civil_servant_counts``, whatever happened."""
    people = [
        EmployeeFactory(institution=i, period_start=date(2020, 1, 1))
        for i in (surabaya, sleman)
        for _ in range(3)
    ]
    EmployeeFactory(institution=surabaya, status="retired")
    transfer = TransferRequest.objects.create(
        employee=people[0], from_institution=surabaya, to_institution=sleman, payload={}
    )
    transfer_confirm(transfer=transfer, actor=make_user(Role.INSTITUTION_ADMIN, "35.78"))
    employee_deactivate(
        actor=None,
        employee=people[4],
        status="retired",
        date=timezone.localdate() - timedelta(days=1),
    )
    for year in (this_year(), this_year() - 1):
        counts = civil_servant_counts(year, [surabaya.pk, sleman.pk])
        kept = compliance.summaries(year, [surabaya.pk, sleman.pk])
        assert {pk: f.civil_servants for pk, f in kept.items() if f.civil_servants} == counts
