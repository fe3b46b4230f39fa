"""Budget metrics: the competency-development allocation of a fiscal year, from the
latest approved budget revision (``development.metrics_budgets``, the budgets pages'
own figures): absolute, per civil servant, share of the total budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tangguh.certification.metrics import Period
from tangguh.development.metrics_budgets import allocations

from .registry import Explanation, Metric, PeriodKind, Unit, register_metric


def _allocation(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    return {pk: a.development_allocation for pk, a in allocations(period.start.year, ids).items()}


def _explain_allocation(period: Period, institution_id: int) -> Explanation:
    value = _allocation(period, [institution_id]).get(institution_id, Decimal(0))
    return Explanation(value=value, records=[])  # helper A: the revision as the record


BUDGET_ALLOCATION = register_metric(
    Metric(
        code="budget_allocation",
        label=_("Competency-development budget allocation"),
        method=_(
            "The value is the competency-development allocation of fiscal year %(period)s in "
            "the latest approved revision of the institution's budget."
        ),
        unit=Unit.RUPIAH,
        period_kind=PeriodKind.YEAR,
        values=_allocation,
        explain=_explain_allocation,
        record_models=("development.BudgetRevision",),
        sources=("budgets",),
    )
)
