"""Gap closure: of the competency gaps an institution's civil servants had at the start
of the year, the share closed by its end (``competencies.closure``: the same figures
as the institution's gap-closure page).

An explanation lists every gap open at the start, one record per person ×
competency; a closed gap contributes 1, any other 0, so the contributions add up to
the numerator (gaps closed) and the records count the denominator (gaps open).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.certification.metrics import Period
from tangguh.competencies.closure import closure_by_institution, gap_changes, summarise
from tangguh.core.formatting import format_date

from .registry import Explanation, Metric, PeriodKind, Record, Unit, register_metric


def _values(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    found = closure_by_institution(ids, period.start.year)
    return {pk: c.rate for pk, c in found.items() if c.rate is not None}


def _explain(period: Period, institution_id: int) -> Explanation:
    year = period.start.year
    changes = gap_changes([institution_id], year).get(institution_id, [])
    summary = summarise(year, changes)
    records = [
        Record(
            kind="competency_gap",
            id=c.employee_id,
            contribution=Decimal(1 if c.closed else 0),
            label=f"{c.name} · {c.nip} · {c.code}",
            source="people.Employee",
            details={
                "nip": c.nip,
                "competency_code": c.code,
                "required": c.required,
                "level_before": c.before,
                "level_after": c.after,
                "closed": c.closed,
            },
        )
        for c in changes
    ]
    records.sort(key=lambda r: (r.label.casefold(), r.id))
    return Explanation(
        value=summary.rate if summary.rate is not None else Decimal(0),
        records=records,
        numerator=Decimal(summary.closed),
        denominator=Decimal(summary.open),
        denominator_label=_("competency gaps open on %(day)s")
        % {"day": format_date(summary.start)},
    )


GAP_CLOSURE = register_metric(
    Metric(
        code="gap_closure",
        label=gettext_lazy("Competency gap closure"),
        method=gettext_lazy(
            "The value is the share of the competency gaps of the institution's active "
            "civil servants (each person and competency whose assessed level, by the "
            "profile rule, was below their position's required level on 31 December of "
            "the year before %(period)s) that were closed by 31 December %(period)s "
            "(today while the year runs). Unassessed competencies are not counted as gaps."
        ),
        unit=Unit.SHARE,
        period_kind=PeriodKind.YEAR,
        values=_values,
        explain=_explain,
        record_models=("people.Employee", "competencies.Assessment"),
        sources=("assessments", "standards", "register"),
        decimals=1,
    )
)
