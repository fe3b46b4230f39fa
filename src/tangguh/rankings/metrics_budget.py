"""Budget metrics: the competency-development allocation of a fiscal year, from the
latest approved budget revision (``development.metrics_budgets``, the budgets pages'
own figures): absolute, per civil servant, share of the total budget.

An explanation's one record is the revision that counts: it contributes the
allocation (the value, or the numerator of the two ratios). A later revision still
awaiting approval, or a rejected one, does not count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.certification.metrics import Period
from tangguh.core.formatting import format_date, format_rupiah
from tangguh.core.messages import Message
from tangguh.development.headcount import reference_day
from tangguh.development.metrics_budgets import Allocation, allocations
from tangguh.development.models import BudgetRevision, RevisionKind

from .registry import Explanation, Metric, PeriodKind, Record, Unit, register_metric

REVISION = "development.BudgetRevision"


def _values(
    figure: Callable[[Allocation], Decimal | None], *, headcount: bool = False
) -> Callable[[Period, Sequence[int]], dict[int, Decimal]]:
    """``values`` of a metric reading one figure of each institution's allocation
    (``headcount``: the figure needs the civil servants, which reads the register)."""

    def values(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
        found = allocations(period.start.year, ids, headcount=headcount)
        return {pk: v for pk, a in found.items() if (v := figure(a)) is not None}

    return values


def _allocation(a: Allocation) -> Decimal:
    return a.development_allocation


def _per_civil_servant(a: Allocation) -> Decimal | None:
    return a.per_civil_servant


def _share(a: Allocation) -> Decimal | None:
    return a.share


def _revision_record(allocation: Allocation) -> Record:
    """The revision that counts, contributing the allocation."""
    revision = BudgetRevision.objects.only(
        "id", "fiscal_year", "number", "kind", "status", "decided_at", "document"
    ).get(pk=allocation.revision_id)
    label = Message(
        gettext_lazy("Revision %(number)s · %(kind)s"),
        {"number": revision.number, "kind": RevisionKind(revision.kind).label},
    )
    return Record(
        kind="budget_revision",
        id=revision.pk,
        contribution=allocation.development_allocation,
        label=str(label),
        label_message=label,
        source=REVISION,
        details={
            "fiscal_year": revision.fiscal_year,
            "number": revision.number,
            "revision_kind": revision.kind,  # "kind" is the record's own
            "status": revision.status,
            "approved_at": revision.decided_at.isoformat() if revision.decided_at else None,
            "document": revision.document,
            "total_budget": int(allocation.total_budget),
            "development_allocation": int(allocation.development_allocation),
        },
    )


def _explainer(
    figure: Callable[[Allocation], Decimal | None],
    denominator: Callable[[Allocation], Decimal] | None = None,
    denominator_label: Callable[[Allocation], str] | None = None,
) -> Callable[[Period, int], Explanation]:
    def explain(period: Period, institution_id: int) -> Explanation:
        allocation = allocations(
            period.start.year, [institution_id], headcount=denominator is _civil_servants
        ).get(institution_id)
        if allocation is None:  # no approved budget: nothing behind a zero
            zero = Decimal(0) if denominator is not None else None
            return Explanation(value=Decimal(0), records=[], numerator=zero, denominator=zero)
        value = figure(allocation)
        explanation = Explanation(
            value=Decimal(0) if value is None else value, records=[_revision_record(allocation)]
        )
        if denominator is not None and denominator_label is not None:
            explanation.numerator = allocation.development_allocation
            explanation.denominator = denominator(allocation)
            explanation.denominator_label = denominator_label(allocation)
        return explanation

    return explain


def _civil_servants(a: Allocation) -> Decimal:
    return Decimal(a.civil_servants or 0)


def _civil_servants_label(a: Allocation) -> str:
    return _("active civil servants on %(day)s") % {
        "day": format_date(reference_day(a.year)),
    }


def _total(a: Allocation) -> Decimal:
    return a.total_budget


def _total_label(a: Allocation) -> str:
    return _("the total budget of revision %(number)s (%(total)s)") % {
        "number": a.revision_number,
        "total": format_rupiah(a.total_budget),
    }


BUDGET_ALLOCATION = register_metric(
    Metric(
        code="budget_allocation",
        label=gettext_lazy("Competency-development budget allocation"),
        method=gettext_lazy(
            "The value is the competency-development allocation of fiscal year %(period)s in "
            "the latest approved revision of the institution's budget."
        ),
        unit=Unit.RUPIAH,
        period_kind=PeriodKind.YEAR,
        values=_values(_allocation),
        explain=_explainer(_allocation),
        record_models=(REVISION,),
        sources=("budgets",),
    )
)

BUDGET_PER_CIVIL_SERVANT = register_metric(
    Metric(
        code="budget_per_civil_servant",
        label=gettext_lazy("Competency-development budget per civil servant"),
        method=gettext_lazy(
            "The value is the competency-development allocation of fiscal year %(period)s in "
            "the latest approved revision of the institution's budget, divided by the "
            "institution's active civil servants on 31 December of that year (today while "
            "it runs), in whole Rupiah. An institution without civil servants has no value."
        ),
        unit=Unit.RUPIAH,
        period_kind=PeriodKind.YEAR,
        values=_values(_per_civil_servant, headcount=True),
        explain=_explainer(_per_civil_servant, _civil_servants, _civil_servants_label),
        record_models=(REVISION,),
        sources=("budgets", "register"),
    )
)

BUDGET_SHARE = register_metric(
    Metric(
        code="budget_share",
        label=gettext_lazy("Competency-development share of the budget"),
        method=gettext_lazy(
            "The value is the competency-development allocation of fiscal year %(period)s "
            "as a share of the institution's total budget, both from the latest approved "
            "revision of its budget."
        ),
        unit=Unit.SHARE,
        period_kind=PeriodKind.YEAR,
        values=_values(_share),
        explain=_explainer(_share, _total, _total_label),
        record_models=(REVISION,),
        sources=("budgets",),
        decimals=1,  # shown as a percentage: 12,5 %
    )
)
