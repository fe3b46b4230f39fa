"""The ranking metric "gap_closure": the closure page's figure, explained gap by gap."""

from decimal import Decimal

import pytest

from tangguh.certification.metrics import Period
from tangguh.competencies.closure import closure_by_institution
from tangguh.institutions.models import Institution
from tangguh.rankings.ranking import Definition, compute
from tangguh.rankings.registry import get_metric
from tests.competencies.test_closure import BEFORE, YEAR, surabaya  # noqa: F401  fixture

pytestmark = pytest.mark.django_db

PERIOD = Period.years(YEAR)


def test_the_value_is_the_share_of_open_gaps_closed(surabaya):  # noqa: F811
    pk = surabaya["institution"].pk
    assert get_metric("gap_closure").values(PERIOD, [pk]) == {pk: Decimal("0.3333")}
    assert closure_by_institution([pk], YEAR)[pk].rate == Decimal("0.3333")


def test_the_explanation_adds_up(surabaya):  # noqa: F811
    pk = surabaya["institution"].pk
    explanation = get_metric("gap_closure").explain(PERIOD, pk)
    assert explanation.denominator == len(explanation.records) == 3
    assert explanation.numerator == explanation.total == 1
    assert explanation.value == Decimal("0.3333")
    closed = [r for r in explanation.records if r.contribution == 1]
    assert [(r.id, r.details["competency_code"]) for r in closed] == [(surabaya["ani"].pk, "M.01")]
    assert closed[0].details["level_before"] == 2
    assert closed[0].details["level_after"] == 3
    assert {r.kind for r in explanation.records} == {"competency_gap"}
    assert explanation.as_json()["numerator"] == 1


def test_the_ranking_puts_the_institution_with_closure_first(surabaya):  # noqa: F811
    ranking = compute(Definition("gap_closure", ("kota",)), PERIOD)
    codes = dict(Institution.objects.values_list("pk", "code"))
    first = ranking.rows[0]
    assert codes[first.institution_id] == "35.78"
    assert first.value == Decimal("0.3333")
    others = {row.value for row in ranking.rows[1:]}
    assert others == {Decimal(0)}


def test_an_institution_without_gaps_explains_zero(surabaya):  # noqa: F811
    sleman = Institution.objects.get(code="34.04").pk
    explanation = get_metric("gap_closure").explain(PERIOD, sleman)
    assert (explanation.value, explanation.records, explanation.denominator) == (0, [], 0)
    assert get_metric("gap_closure").values(Period.years(BEFORE), [sleman]) == {}
