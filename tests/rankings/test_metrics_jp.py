"""JP-duty metrics: the compliance pages' figures (share reaching 20 JP, mean JP); each
explanation lists every civil servant counted with their ledger entries, adding up to
the numerator."""

from datetime import date
from decimal import Decimal

import pytest

from tangguh.certification.metrics import Period
from tangguh.development import compliance
from tangguh.institutions.models import Institution
from tangguh.people.models import EmployeeKind, EmploymentHistory
from tangguh.rankings.metrics_jp import share
from tangguh.rankings.registry import get_metric
from tests.development.compliance_helpers import credit, this_year
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _inst(code):
    return Institution.objects.get(code=code)


def _person(institution, **kw):
    return EmployeeFactory(institution=institution, period_start=date(2020, 1, 1), **kw)


@pytest.fixture
def duty():
    """Surabaya (35.78): four counted (24 JP, 20 JP, 10.5 JP, none), one retired with
    30 JP, one with 30 JP last year only; Sleman (34.04): one person at 8 JP."""
    surabaya, sleman = _inst("35.78"), _inst("34.04")
    a, b, c, _d = (_person(surabaya) for _ in range(4))
    entries = [credit(a, 20), credit(a, 4)]
    credit(b, 20)
    credit(c, "10.5")
    credit(_person(surabaya, status="retired"), 30)
    credit(_person(surabaya), 30, date(this_year() - 1, 6, 1))
    credit(_person(sleman), 8)
    return {"surabaya": surabaya, "sleman": sleman, "a": a, "entries": entries}


def _year():
    return Period.years(this_year())


def test_share_reaching_20_is_the_compliance_pages_share(duty):
    pk = duty["surabaya"].pk
    values = get_metric("jp_share_20").values(_year(), [pk, duty["sleman"].pk])
    # Last year's person counts too (nothing this year): 2 of 5 reached.
    assert values == {pk: Decimal("0.4000"), duty["sleman"].pk: Decimal(0)}
    figures = compliance.summaries(this_year(), [pk])[pk]
    assert values[pk] == Decimal(str(round(figures.share, 4)))


def test_mean_jp_is_the_compliance_pages_mean(duty):
    pk = duty["surabaya"].pk
    values = get_metric("jp_mean").values(_year(), [pk])
    assert values == {pk: Decimal("10.90")}  # 54.5 JP over 5 people
    assert values[pk] == compliance.summaries(this_year(), [pk])[pk].mean_jp


def test_an_institution_with_nobody_has_no_value(duty):
    pk = _inst("11").pk
    assert get_metric("jp_mean").values(_year(), [pk]) == {}
    explanation = get_metric("jp_mean").explain(_year(), pk)
    assert explanation.value == 0
    assert explanation.records == []
    assert explanation.denominator == 0


def test_the_share_explanation_counts_every_civil_servant(duty):
    explanation = get_metric("jp_share_20").explain(_year(), duty["surabaya"].pk)
    assert explanation.denominator == 5
    assert len(explanation.records) == 5
    assert explanation.numerator == explanation.total == 2
    assert explanation.value == Decimal("0.4000")
    a = next(r for r in explanation.records if r.id == duty["a"].pk)
    assert a.kind == "civil_servant"
    assert a.source == "people.Employee"
    assert a.contribution == 1
    assert a.details["jp"] == 24
    assert a.details["nip"] == duty["a"].nip
    assert a.details["entries"] == [e.pk for e in duty["entries"]]
    assert explanation.denominator_label


def test_the_mean_explanation_adds_up_to_the_total_jp(duty):
    explanation = get_metric("jp_mean").explain(_year(), duty["surabaya"].pk)
    assert explanation.numerator == explanation.total == Decimal("54.5")
    assert explanation.value == Decimal("10.90")
    assert sorted(r.contribution for r in explanation.records) == [
        Decimal(0),
        Decimal(0),  # last year's JP do not count this year
        Decimal("10.5"),
        Decimal(20),
        Decimal(24),
    ]


def test_share_rounds_half_up_at_four_decimals():
    assert share(1, 32) == Decimal("0.0313")
    assert share(2, 3) == Decimal("0.6667")


@pytest.mark.parametrize("code", ["jp_share_20", "jp_mean"])
def test_values_agree_with_the_explanations(duty, code):
    metric = get_metric(code)
    ids = [duty["surabaya"].pk, duty["sleman"].pk, _inst("35").pk]
    values = metric.values(_year(), ids)
    for pk in ids:
        explanation = metric.explain(_year(), pk)
        assert explanation.value == values.get(pk, Decimal(0))
        assert explanation.total == explanation.numerator


def test_an_explanation_reads_in_a_few_queries(duty, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        get_metric("jp_mean").explain(_year(), duty["surabaya"].pk)


def test_a_past_year_counts_people_where_they_were_on_31_december():
    surabaya, sleman = _inst("35.78"), _inst("34.04")
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
    entry = credit(moved, 21, date(last, 5, 5))
    period = Period.years(last)
    assert get_metric("jp_share_20").values(period, [surabaya.pk, sleman.pk]) == {
        surabaya.pk: Decimal(1)
    }
    explanation = get_metric("jp_share_20").explain(period, surabaya.pk)
    (record,) = explanation.records
    assert (record.id, record.contribution, record.details["entries"]) == (moved.pk, 1, [entry.pk])
    assert get_metric("jp_share_20").explain(period, sleman.pk).records == []
