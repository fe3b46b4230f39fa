"""The kept values equal the metrics computed straight from the records after every kind
of write, and a reading recomputes only the institutions whose rows changed."""

import dataclasses
import random
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from tangguh.certification.metrics import Period
from tangguh.certification.models import Participation, ParticipationStatus
from tangguh.development.models import BudgetRevision, RevisionStatus
from tangguh.institutions.models import Institution
from tangguh.institutions.services import institutions_load
from tangguh.rankings import cache
from tangguh.rankings.models import KeptValue
from tangguh.rankings.registry import PeriodKind, all_metrics, get_metric
from tests.certification.factories import BatchFactory, ParticipationFactory
from tests.development.factories import BudgetFactory, BudgetRevisionFactory
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

CODES = ["35", "35.78", "35.15", "33", "32", "31"]
PERIODS = [Period.years(2022), Period.years(2020, 2022), Period.years(2021)]


def _ids():
    return list(Institution.objects.filter(code__in=CODES).values_list("pk", flat=True))


def _kept_metrics():
    return [m for m in all_metrics() if cache.keeps(m)]


def _assert_exact():
    ids = _ids()
    metrics = _kept_metrics()
    assert {"budget_allocation", "certification_participants", "certification_schemes"} <= {
        m.code for m in metrics
    }
    for metric in metrics:
        for period in PERIODS:
            if metric.period_kind == PeriodKind.YEAR and period.start.year != period.end.year:
                continue
            assert cache.values(metric, period, ids) == metric.values(period, ids), (
                metric.code,
                str(period),
            )
            # a subset read from the same kept values
            assert cache.values(metric, period, ids[:2]) == metric.values(period, ids[:2])


def _person(code):
    return EmployeeFactory(institution=Institution.objects.get(code=code))


def _participation(code, exam, batch=None):
    batch = batch or BatchFactory(exam_start=exam, exam_end=exam)
    return ParticipationFactory(batch=batch, employee=_person(code))


def _approved(code, year, number, allocation):
    return BudgetRevisionFactory(
        budget=BudgetFactory(institution=Institution.objects.get(code=code), fiscal_year=year),
        number=number,
        development_allocation=Decimal(allocation),
        status=RevisionStatus.APPROVED,
    )


@pytest.fixture
def records():
    batch_2022 = BatchFactory(exam_start=date(2022, 5, 10), exam_end=date(2022, 5, 11))
    batch_2021 = BatchFactory(exam_start=date(2021, 3, 1), exam_end=date(2021, 3, 1))
    made = {
        "a": _participation("35", None, batch_2022),
        "b": _participation("35.78", None, batch_2022),
        "c": _participation("33", None, batch_2021),
        "d": _participation("32", date(2019, 12, 31)),
    }
    # a person examined twice counts once
    ParticipationFactory(batch=batch_2021, employee=made["a"].employee)
    _approved("35", 2022, 1, "1000000")
    _approved("33", 2022, 1, "500000")
    _approved("33", 2021, 1, "7")
    return made


def test_the_kept_values_follow_every_kind_of_write(records):
    _assert_exact()  # cold: nothing kept yet
    _assert_exact()  # warm
    assert KeptValue.objects.exists()

    # a new participation, and a new person in it
    _participation("31", date(2022, 8, 1))
    _assert_exact()
    # a withdrawal (saved through the model)
    withdrawn = records["a"]
    withdrawn.status = ParticipationStatus.WITHDRAWN
    withdrawn.save()
    _assert_exact()
    # an exam date moved by a bulk update (no save(), no updated_at): into and out of a period
    Participation.objects.filter(pk=records["d"].pk).update(exam_date=date(2020, 1, 2))
    _assert_exact()
    Participation.objects.filter(pk=records["c"].pk).update(exam_date=date(2023, 1, 2))
    _assert_exact()
    # the nominating institution changed: both institutions' values change
    moved = records["b"]
    moved.institution = Institution.objects.get(code="35.15")
    moved.save()
    _assert_exact()
    # a scheme changed, a participation deleted
    Participation.objects.filter(pk=records["a"].pk).update(
        scheme=BatchFactory().scheme, status=ParticipationStatus.NOMINATED
    )
    _assert_exact()
    Participation.objects.filter(pk=records["c"].pk).delete()
    _assert_exact()
    # a later approved revision wins; a later unapproved one does not, until approved
    _approved("35", 2022, 2, "2500000")
    _assert_exact()
    pending = BudgetRevisionFactory(
        budget=BudgetFactory(institution=Institution.objects.get(code="33"), fiscal_year=2022),
        number=2,
        development_allocation=Decimal("900000"),
    )
    _assert_exact()
    BudgetRevision.objects.filter(pk=pending.pk).update(status=RevisionStatus.APPROVED)
    _assert_exact()
    # a revision's allocation corrected by hand in SQL
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE development_budgetrevision SET development_allocation = 42 WHERE id = %s",
            [pending.pk],
        )
    _assert_exact()
    BudgetRevision.objects.filter(pk=pending.pk).delete()
    _assert_exact()


def test_many_random_writes_keep_the_values_exact(records):
    rng = random.Random(13)
    batches = [
        BatchFactory(exam_start=date(y, m, 1), exam_end=date(y, m, 1))
        for y, m in [(2020, 2), (2021, 6), (2022, 9), (2023, 1)]
    ]
    people = [_person(code) for code in CODES]
    _assert_exact()
    for step in range(25):
        kind = rng.choice(["add", "withdraw", "move", "date", "budget", "delete"])
        rows = list(Participation.objects.order_by("pk"))
        if kind == "add" or not rows:
            batch, person = rng.choice(batches), rng.choice(people)
            if not Participation.objects.filter(batch=batch, employee=person).exists():
                ParticipationFactory(batch=batch, employee=person)
        elif kind == "withdraw":
            Participation.objects.filter(pk=rng.choice(rows).pk).update(
                status=rng.choice([ParticipationStatus.WITHDRAWN, ParticipationStatus.NOMINATED])
            )
        elif kind == "move":
            target = Institution.objects.get(code=rng.choice(CODES))
            Participation.objects.filter(pk=rng.choice(rows).pk).update(institution=target)
        elif kind == "date":
            Participation.objects.filter(pk=rng.choice(rows).pk).update(
                exam_date=date(rng.choice([2019, 2020, 2021, 2022, 2023]), 6, 1)
            )
        elif kind == "budget":
            _approved(rng.choice(CODES), rng.choice([2021, 2022]), 10 + step, rng.randint(1, 10**9))
        else:
            rng.choice(rows).delete()
        _assert_exact()


@pytest.fixture
def committed():
    # Transactional (each write commits, as in production): the database may have been
    # flushed by the test before.
    institutions_load()


@pytest.mark.django_db(transaction=True)
def test_a_warm_reading_computes_nothing_and_a_write_recomputes_only_its_institution(
    committed, records
):
    asked: list[list[int]] = []
    metric = get_metric("certification_participants")

    def counting(period, ids):
        asked.append(sorted(ids))
        return metric.values(period, ids)

    watched = dataclasses.replace(metric, values=counting)
    ids, period = _ids(), Period.years(2020, 2022)
    first = cache.values(watched, period, ids)
    assert asked == [sorted(ids)]
    assert cache.values(watched, period, ids) == first
    assert asked == [sorted(ids)]  # kept: the raw tables were not aggregated again

    new = _participation("31", date(2021, 7, 1))
    after = cache.values(watched, period, ids)
    assert asked[1:] == [[new.institution_id]]
    assert after == metric.values(period, ids)
    assert after[new.institution_id] == first.get(new.institution_id, 0) + 1

    moved = records["b"]
    source, target = moved.institution_id, Institution.objects.get(code="33").pk
    Participation.objects.filter(pk=moved.pk).update(institution_id=target)
    assert cache.values(watched, period, ids) == metric.values(period, ids)
    assert asked[2:] == [sorted([source, target])]


def test_forget_drops_the_kept_values_and_unwatched_metrics_are_not_kept(records):
    ids, period = _ids(), Period.years(2022)
    metric = get_metric("budget_allocation")
    cache.values(metric, period, ids)
    assert KeptValue.objects.exists()
    assert cache.forget("budget_allocation") == 1
    assert not KeptValue.objects.exists()

    unwatched = dataclasses.replace(metric, code="unwatched", sources=("ledger",))
    assert not cache.keeps(unwatched)
    assert cache.values(unwatched, period, ids) == metric.values(period, ids)
    assert not KeptValue.objects.exists()
    assert cache.values(metric, period, []) == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions")
def test_a_write_committed_while_a_reading_ran_is_read_the_next_time(committed, records):
    import psycopg

    metric = get_metric("certification_participants")
    ids, period = _ids(), Period.years(2020, 2022)
    cache.values(metric, period, ids)
    person, template = _person("33"), records["c"]  # a 2021 batch of 33
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
    )
    try:
        other.execute(
            "INSERT INTO certification_participation (created_at, updated_at, nip, holder_name,"
            " exam_date, status, eligibility_notes, outcome, decision_note, batch_id,"
            " employee_id, institution_id, scheme_id)"
            " SELECT now(), now(), %s, '', exam_date, 'nominated', '[]', 'pending', '',"
            " batch_id, %s, %s, scheme_id FROM certification_participation WHERE id = %s",
            [person.nip, person.pk, person.institution_id, template.pk],
        )
        # Another write, committed: this reading recomputes and moves its mark on while
        # the insert above is still running.
        _participation("35", date(2022, 2, 2))
        during = cache.values(metric, period, ids)
        assert during == metric.values(period, ids)
        other.commit()
    finally:
        other.close()
    after = cache.values(metric, period, ids)
    assert after == metric.values(period, ids)
    assert after[person.institution_id] == during[person.institution_id] + 1
