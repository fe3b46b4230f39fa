"""Every metric: registered with its contract, ranks every province, explains each value
with records that add up to it; the three Rakornas presets on the demo data."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from tangguh.certification.metrics import Period
from tangguh.institutions.models import Institution
from tangguh.rankings.models import Category
from tangguh.rankings.ranking import Definition, compute, compute_category
from tangguh.rankings.registry import PeriodKind, Unit, all_metrics, get_metric

pytestmark = pytest.mark.django_db

CODES = {
    "budget_allocation",
    "budget_per_civil_servant",
    "budget_share",
    "certification_schemes",
    "certification_participants",
    "certification_certified",
    "jp_share_20",
    "jp_mean",
    "certificate_coverage",
    "gap_closure",
}


def test_every_built_in_metric_is_registered_with_its_contract():
    metrics = {m.code: m for m in all_metrics()}
    assert set(metrics) >= CODES
    for metric in metrics.values():
        assert metric.unit in Unit.values
        assert metric.period_kind in PeriodKind.values
        assert "%(period)s" in str(metric.method)
        assert str(metric.method) % {"period": "2022"}
        assert metric.record_models
        assert metric.sources


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_metric_ranks_the_provinces_with_nothing_recorded(code):
    metric = get_metric(code)
    year = 2022
    period = (
        Period.years(year) if metric.period_kind == PeriodKind.YEAR else Period.years(2020, 2022)
    )
    ranking = compute(Definition(code, ("provinsi",)), period)
    assert len(ranking.rows) == 38
    assert {row.value for row in ranking.rows} == {Decimal(0)}
    explanation = metric.explain(period, ranking.rows[0].institution_id)
    assert explanation.value == 0
    json.dumps(explanation.as_json())


def _demo():
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())


def _table(code):
    ranking = compute_category(Category.objects.get(code=code))
    codes = dict(Institution.objects.values_list("pk", "code"))
    return ranking, {codes[r.institution_id]: (r.rank, r.value) for r in ranking.rows}


def test_the_three_presets_on_the_demo_and_their_explanations_add_up():
    _demo()
    budget, rows = _table("rakornas-2022-anggaran")
    assert rows["35"][0] == 1
    assert rows["31"][0] == 2
    assert Decimal("100000000000") < rows["35"][1] < Decimal("200000000000")
    schemes, rows = _table("rakornas-2022-jenis-sertifikasi")
    assert rows["35"] == (1, Decimal(6))
    assert rows["32"] == rows["33"] == (2, Decimal(5))
    people, rows = _table("rakornas-2022-peserta-sertifikasi")
    assert rows["33"] == (1, Decimal(60))
    assert rows["35"] == (2, Decimal(52))
    assert rows["32"] == (3, Decimal(31))
    for ranking in (budget, schemes, people):
        assert len(ranking.rows) == 38
        for row in ranking.rows:
            explanation = ranking.metric.explain(ranking.period, row.institution_id)
            assert explanation.value == row.value
            assert explanation.total == row.value
            data = explanation.as_json()
            assert sum(Decimal(str(r["contribution"])) for r in data["records"]) == row.value
            # A detail never hides the record's own kind, id or source.
            assert [(r["kind"], r["id"], r["source"]) for r in data["records"]] == [
                (r.kind, r.id, r.source) for r in explanation.records
            ]
    # The participants behind Jawa Timur's 52: 52 people, each with the participations.
    jatim = Institution.objects.get(code="35").pk
    explanation = people.metric.explain(people.period, jatim)
    assert len({r.id for r in explanation.records}) == 52
    assert all(r.details["participations"] for r in explanation.records)
