"""A metric of the tests' own for the category pages: records made up per province
code and year, so that ranks, ties, zeros, the drill-down's total and its pagination
are known in advance whatever the real metrics' explanations return."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy as _

from tangguh.certification.metrics import Period
from tangguh.institutions.models import Institution
from tangguh.rankings import registry
from tangguh.rankings.registry import Explanation, Metric, PeriodKind, Record, Unit

CODE = "uji_rekaman"
YEAR_CODE = "uji_anggaran"

# institution code -> [(year, contribution)]: Jawa Timur and Jawa Tengah tie at 3 in
# 2020-2022; Banten has 150 records of 1 in 2021 (two pages); the rest have none.
DATA: dict[str, list[tuple[int, int]]] = {
    "35": [(2020, 1), (2021, 1), (2022, 1)],
    "33": [(2021, 2), (2022, 1)],
    "32": [(2019, 9), (2022, 2)],
    "36": [(2021, 1)] * 150,
}


def _records(code: str, period: Period) -> list[Record]:
    out = []
    for n, (year, contribution) in enumerate(DATA.get(code, []), start=1):
        if period.start.year <= year <= period.end.year:
            out.append(
                Record(
                    kind="participation",
                    id=int(code) * 1000 + n,
                    contribution=Decimal(contribution),
                    label=f"Peserta {code}-{n:03d}",
                    source="certification.Participation",
                    details={"nip": f"19800101200501{n:04d}", "exam_date": f"{year}-05-01"},
                )
            )
    return out


def _codes(ids: Sequence[int]) -> dict[int, str]:
    return dict(Institution.objects.filter(pk__in=list(ids)).values_list("pk", "code"))


def _values(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    out = {}
    for pk, code in _codes(ids).items():
        records = _records(code, period)
        if records:
            out[pk] = sum((r.contribution for r in records), Decimal(0))
    return out


def _explain(period: Period, institution_id: int) -> Explanation:
    code = _codes([institution_id]).get(institution_id, "")
    records = _records(code, period)
    return Explanation(value=sum((r.contribution for r in records), Decimal(0)), records=records)


TEST_METRIC = Metric(
    code=CODE,
    label=_("Test participations"),
    method=_("The value is the number of test participations in %(period)s."),
    unit=Unit.COUNT,
    period_kind=PeriodKind.RANGE,
    values=_values,
    explain=_explain,
    record_models=("certification.Participation",),
)

# A fiscal-year metric, to refuse over a range of years.
YEAR_METRIC = Metric(
    code=YEAR_CODE,
    label=_("Test allocation"),
    method=_("The value is the test allocation of fiscal year %(period)s."),
    unit=Unit.RUPIAH,
    period_kind=PeriodKind.YEAR,
    values=lambda period, ids: {},
    explain=lambda period, pk: Explanation(value=Decimal(0), records=[]),
    record_models=("development.BudgetRevision",),
)


RATIO_CODE = "uji_rasio"


def _explain_ratio(period: Period, institution_id: int) -> Explanation:
    """The records over 4: a share whose records add up to its numerator."""
    counted = _explain(period, institution_id)
    numerator = counted.total
    return Explanation(
        value=numerator / 4,
        records=counted.records,
        numerator=numerator,
        denominator=Decimal(4),
        denominator_label="Pegawai uji",
    )


RATIO_METRIC = Metric(
    code=RATIO_CODE,
    label=_("Test share"),
    method=_("The value is the test participations in %(period)s over four."),
    unit=Unit.SHARE,
    period_kind=PeriodKind.RANGE,
    values=lambda period, ids: {pk: v / 4 for pk, v in _values(period, ids).items()},
    explain=_explain_ratio,
    record_models=("certification.Participation",),
)


def register_test_metrics(monkeypatch: pytest.MonkeyPatch) -> dict[str, Metric]:
    """The metrics above, registered for one test (``monkeypatch`` removes them after it)."""
    monkeypatch.setitem(registry._METRICS, CODE, TEST_METRIC)
    monkeypatch.setitem(registry._METRICS, YEAR_CODE, YEAR_METRIC)
    monkeypatch.setitem(registry._METRICS, RATIO_CODE, RATIO_METRIC)
    return {"records": TEST_METRIC, "year": YEAR_METRIC, "ratio": RATIO_METRIC}
