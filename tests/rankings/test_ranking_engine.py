"""The engine: ranks with ties, both tie rules, both directions, refusals of bad definitions."""

from decimal import Decimal

import pytest

from tangguh.certification.metrics import Period
from tangguh.core.exceptions import DomainError
from tangguh.rankings.ranking import Definition, assign_ranks, check_definition, compute


def _ranks(values, **kw):
    return [(rank, key) for rank, key, _v in assign_ranks(values, **kw)]


def test_shared_ties_skip_the_next_rank():
    values = [("a", Decimal(5)), ("b", Decimal(9)), ("c", Decimal(7)), ("d", Decimal(7))]
    assert _ranks(values, direction="desc", tie_rule="shared") == [
        (1, "b"),
        (2, "c"),
        (2, "d"),
        (4, "a"),
    ]


def test_dense_ties_do_not_skip():
    values = [("a", Decimal(5)), ("b", Decimal(9)), ("c", Decimal(7)), ("d", Decimal(7))]
    assert _ranks(values, direction="desc", tie_rule="dense") == [
        (1, "b"),
        (2, "c"),
        (2, "d"),
        (3, "a"),
    ]


def test_ascending_ranks_the_smallest_first():
    values = [("a", Decimal(5)), ("b", Decimal(1)), ("c", Decimal(1))]
    assert _ranks(values, direction="asc", tie_rule="shared") == [(1, "b"), (1, "c"), (3, "a")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("definition", "period", "code"),
    [
        (Definition("no_such_metric", ("provinsi",)), Period.years(2022), "metric"),
        (Definition("certification_participants", ()), Period.years(2022), "competitors"),
        (Definition("certification_participants", ("desa",)), Period.years(2022), "competitors"),
        (Definition("budget_allocation", ("provinsi",)), Period.years(2020, 2022), "period"),
    ],
)
def test_bad_definitions_are_refused_with_a_sentence(definition, period, code):
    with pytest.raises(DomainError) as caught:
        check_definition(definition, period)
    assert caught.value.code == code
    assert str(caught.value)


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(DomainError) as caught:
        Period.parse("2022-2020")
    assert caught.value.code == "period"
    assert "2022-2020" in str(caught.value)


@pytest.mark.django_db
def test_every_province_competes_with_zero_values_too():
    ranking = compute(
        Definition("certification_participants", ("provinsi",)), Period.years(2020, 2022)
    )
    assert len(ranking.rows) == 38
    assert all(row.value == 0 and row.rank == 1 for row in ranking.rows)
    assert not ranking.winners  # nobody wins with nothing
