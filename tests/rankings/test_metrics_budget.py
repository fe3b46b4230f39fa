"""Budget metrics: the latest approved revision counts (a later one awaiting approval
does not), absolute, per civil servant and as a share; the explanation is the revision."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tangguh.certification.metrics import Period
from tangguh.development.models import RevisionKind, RevisionStatus
from tangguh.institutions.models import Institution
from tangguh.rankings.registry import get_metric
from tests.development.factories import BudgetFactory, BudgetRevisionFactory
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

YEAR = Period.years(2022)
CODES = ["budget_allocation", "budget_per_civil_servant", "budget_share"]


def _inst(code):
    return Institution.objects.get(code=code)


def _revision(budget, number, allocation, status=RevisionStatus.APPROVED, **kw):
    return BudgetRevisionFactory(
        budget=budget,
        number=number,
        development_allocation=Decimal(allocation),
        total_budget=Decimal(kw.pop("total", "1000000000000")),
        status=status,
        decided_at=timezone.now() if status == RevisionStatus.APPROVED else None,
        **kw,
    )


@pytest.fixture
def budgets():
    """Jawa Timur: revision 1 approved, revision 2 (APBD-P) approved, revision 3 waiting;
    DKI: one approved revision, rejected one later; Jawa Tengah: only a waiting one."""
    jatim, dki, jateng = _inst("35"), _inst("31"), _inst("33")
    b = BudgetFactory(institution=jatim, fiscal_year=2022)
    _revision(b, 1, "100000000000")
    amended = _revision(
        b, 2, "143000000000", kind=RevisionKind.AMENDED, total="2000000000000", document="Perda 7"
    )
    _revision(b, 3, "999000000000", status=RevisionStatus.SUBMITTED)
    d = BudgetFactory(institution=dki, fiscal_year=2022)
    only = _revision(d, 1, "90000000000", total="900000000000")
    _revision(d, 2, "500000000000", status=RevisionStatus.REJECTED)
    _revision(BudgetFactory(institution=jateng, fiscal_year=2022), 1, "7", status="submitted")
    # Another year does not count for 2022.
    _revision(BudgetFactory(institution=dki, fiscal_year=2021), 1, "800000000000")
    for _ in range(4):
        EmployeeFactory(institution=jatim, period_start=date(2020, 1, 1))
    EmployeeFactory(institution=jatim, status="retired", period_start=date(2020, 1, 1))
    # Joined after 31 December 2022: not counted for 2022.
    EmployeeFactory(institution=jatim, period_start=date(2023, 2, 1))
    return {"jatim": jatim, "dki": dki, "jateng": jateng, "amended": amended, "only": only}


def test_the_latest_approved_revision_counts(budgets):
    ids = [budgets["jatim"].pk, budgets["dki"].pk, budgets["jateng"].pk]
    assert get_metric("budget_allocation").values(YEAR, ids) == {
        budgets["jatim"].pk: Decimal("143000000000"),
        budgets["dki"].pk: Decimal("90000000000"),
    }


def test_per_civil_servant_divides_by_the_active_civil_servants(budgets):
    values = get_metric("budget_per_civil_servant").values(YEAR, [budgets["jatim"].pk])
    assert values == {budgets["jatim"].pk: Decimal("35750000000")}
    # DKI has nobody registered: no value (a share of nobody is not zero).
    assert get_metric("budget_per_civil_servant").values(YEAR, [budgets["dki"].pk]) == {}


def test_share_of_the_total_budget(budgets):
    values = get_metric("budget_share").values(YEAR, [budgets["jatim"].pk, budgets["dki"].pk])
    assert values == {budgets["jatim"].pk: Decimal("0.0715"), budgets["dki"].pk: Decimal("0.1")}


def test_the_allocation_explained_is_the_revision(budgets):
    explanation = get_metric("budget_allocation").explain(YEAR, budgets["jatim"].pk)
    assert explanation.value == explanation.total == Decimal("143000000000")
    assert explanation.denominator is None
    (record,) = explanation.records
    assert record.kind == "budget_revision"
    assert record.id == budgets["amended"].pk
    assert record.source == "development.BudgetRevision"
    assert record.details["number"] == 2
    assert record.details["revision_kind"] == "amended"
    assert record.details["status"] == "approved"
    assert record.details["fiscal_year"] == 2022
    assert record.details["total_budget"] == 2000000000000
    assert record.details["development_allocation"] == 143000000000
    assert record.details["approved_at"]
    assert record.details["document"] == "Perda 7"
    assert "2" in record.label
    data = explanation.as_json()
    assert data["value"] == 143000000000
    assert data["records"][0]["contribution"] == 143000000000
    assert data["records"][0]["kind"] == "budget_revision"


def test_a_ratio_explains_its_numerator_and_denominator(budgets):
    explanation = get_metric("budget_per_civil_servant").explain(YEAR, budgets["jatim"].pk)
    assert explanation.numerator == explanation.total == Decimal("143000000000")
    assert explanation.denominator == 4
    assert explanation.value == Decimal("35750000000")
    assert explanation.denominator_label
    share = get_metric("budget_share").explain(YEAR, budgets["dki"].pk)
    assert share.numerator == share.total == Decimal("90000000000")
    assert share.denominator == Decimal("900000000000")
    assert share.value == Decimal("0.1")
    assert share.as_json()["denominator"] == 900000000000


def test_without_an_approved_budget_the_value_is_zero_with_no_record(budgets):
    for code in CODES:
        explanation = get_metric(code).explain(YEAR, budgets["jateng"].pk)
        assert explanation.value == 0
        assert explanation.records == []


@pytest.mark.parametrize("code", CODES)
def test_values_agree_with_the_explanations_for_every_province(budgets, code):
    metric = get_metric(code)
    ids = list(Institution.objects.filter(kind="provinsi").values_list("pk", flat=True))
    values = metric.values(YEAR, ids)
    for pk in ids:
        explanation = metric.explain(YEAR, pk)
        assert explanation.value == values.get(pk, Decimal(0))
        ratio = explanation.denominator is not None
        assert explanation.total == (explanation.numerator if ratio else explanation.value)
        if explanation.denominator:
            ratio = explanation.numerator / explanation.denominator
            assert abs(ratio - explanation.value) <= Decimal("0.5")


def test_a_budget_metric_refuses_a_range_of_years():
    from tangguh.core.exceptions import DomainError

    with pytest.raises(DomainError):
        get_metric("budget_share").check_period(Period.years(2020, 2022))


def test_a_revision_label_is_kept_as_a_message_read_in_each_language(budgets):
    """A publication freezes the records as JSON: the revision's label must still read
    in the reader's language, not the publisher's."""
    import json

    from django.utils import translation

    from tangguh.rankings.registry import record_for_reader

    with translation.override("en"):
        stored = json.loads(
            json.dumps(get_metric("budget_allocation").explain(YEAR, _inst("35").pk).as_json())
        )["records"][0]
    assert stored["label"].startswith("Revision 2")
    with translation.override("id"):
        assert record_for_reader(stored)["label"].startswith("Revisi 2")
        assert "label_m" not in record_for_reader(stored)
    with translation.override("en"):
        assert record_for_reader(stored)["label"].startswith("Revision 2")
