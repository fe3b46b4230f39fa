"""JP-duty metrics of a year: the share of the civil servants who reached 20 JP and
the mean JP per civil servant, from ``development.metrics`` (the compliance pages' own
figures: who counts is the institution's active civil servants on 31 December, or
today while the year runs; each person's JP is their yearly total from the ledger).

An explanation lists every civil servant counted (the denominator), each with their
JP of the year and the ledger entries behind it; a person contributes 1 when they
reached 20 JP (the share) or their JP (the mean), so the contributions add up to the
numerator. The people are read with ``development.compliance``'s own membership
queries: one query per kind of membership, one for the ledger entries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.certification.metrics import Period
from tangguh.core.formatting import format_date
from tangguh.development.compliance import (
    REACHED_JP,
    Figures,
    closed_members,
    current_members,
)
from tangguh.development.headcount import closed_members_q, current_members_q, reference_day
from tangguh.development.metrics import duty_figures
from tangguh.development.models import LedgerEntry
from tangguh.people.models import Employee, EmploymentHistory

from .registry import (
    Explanation,
    Metric,
    PeriodKind,
    Record,
    Unit,
    json_number,
    register_metric,
)

SHARE_PLACES = Decimal("0.0001")


def share(reached: int, civil_servants: int) -> Decimal:
    """The share reaching 20 JP, 0 to 1, four decimals rounded half up."""
    return (Decimal(reached) / Decimal(civil_servants)).quantize(SHARE_PLACES, ROUND_HALF_UP)


def _share_20(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    figures = duty_figures(period.start.year, ids)
    return {pk: share(f.reached, f.civil_servants) for pk, f in figures.items()}


def _mean(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    figures = duty_figures(period.start.year, ids)
    return {pk: f.mean_jp or Decimal(0) for pk, f in figures.items()}


# --- the people behind a value ---------------------------------------------------------


@dataclass
class _Member:
    name: str
    nip: str
    jp: Decimal
    entries: list[int] = field(default_factory=list)


def members(year: int, institution_id: int) -> dict[int, _Member]:
    """The institution's civil servants counted for ``year``, with their JP and entries."""
    day = reference_day(year)
    current = current_members(day, year).filter(institution_id=institution_id)
    closed = closed_members(day, year).filter(institution_id=institution_id)
    found: dict[int, _Member] = {}
    for pk, nip, name, jp in current.values_list(  # type: ignore[misc]  # annotated "t"
        "id", "nip", "full_name", "t__jp"
    ):
        found[pk] = _Member(name, nip, Decimal(jp or 0))
    for pk, nip, name, jp in closed.values_list(  # type: ignore[misc]  # annotated "t"
        "employee_id", "employee__nip", "employee__full_name", "t__jp"
    ):
        found.setdefault(pk, _Member(name, nip, Decimal(jp or 0)))
    if found:
        # The members as plain subqueries (the year totals' join is not needed here).
        people = Q(
            employee__in=Employee.objects.filter(
                current_members_q(day), institution_id=institution_id
            ).values("id")
        ) | Q(
            employee__in=EmploymentHistory.objects.filter(
                closed_members_q(day), institution_id=institution_id
            ).values("employee_id")
        )
        entries = LedgerEntry.objects.filter(people, year=year).order_by("date", "id")
        for employee_id, entry_id in entries.values_list("employee_id", "id"):
            if employee_id in found:
                found[employee_id].entries.append(entry_id)
    return found


def _explainer(
    contribution: Callable[[_Member], Decimal],
    value: Callable[[Figures], Decimal],
) -> Callable[[Period, int], Explanation]:
    def explain(period: Period, institution_id: int) -> Explanation:
        year = period.start.year
        found = members(year, institution_id)
        figures = Figures(
            civil_servants=len(found),
            reached=sum(1 for m in found.values() if m.jp >= REACHED_JP),
            total_jp=sum((m.jp for m in found.values()), Decimal(0)),
        )
        records = sorted(
            (
                Record(
                    kind="civil_servant",
                    id=pk,
                    contribution=contribution(m),
                    label=f"{m.name} · {m.nip}",
                    source="people.Employee",
                    details={"nip": m.nip, "jp": json_number(m.jp), "entries": m.entries},
                )
                for pk, m in found.items()
            ),
            key=lambda r: (r.label.casefold(), r.id),
        )
        explanation = Explanation(
            value=value(figures) if found else Decimal(0),
            records=records,
            numerator=sum((r.contribution for r in records), Decimal(0)),
            denominator=Decimal(len(found)),
            denominator_label=_("active civil servants on %(day)s")
            % {"day": format_date(reference_day(year))},
        )
        return explanation

    return explain


def _reached(m: _Member) -> Decimal:
    return Decimal(1) if m.jp >= REACHED_JP else Decimal(0)


def _jp(m: _Member) -> Decimal:
    return m.jp


def _share_value(f: Figures) -> Decimal:
    return share(f.reached, f.civil_servants)


def _mean_value(f: Figures) -> Decimal:
    return f.mean_jp or Decimal(0)


RECORD_MODELS = ("people.Employee", "development.LedgerEntry")

JP_SHARE_20 = register_metric(
    Metric(
        code="jp_share_20",
        label=gettext_lazy("Share of civil servants reaching 20 JP"),
        method=gettext_lazy(
            "The value is the share of the institution's active civil servants (on 31 "
            "December %(period)s, or today while the year runs) whose competency "
            "development in %(period)s, as credited in the JP ledger, reached at least 20 JP."
        ),
        unit=Unit.SHARE,
        period_kind=PeriodKind.YEAR,
        values=_share_20,
        explain=_explainer(_reached, _share_value),
        record_models=RECORD_MODELS,
        sources=("ledger", "register"),
        decimals=1,  # shown as a percentage: 45,2 %
    )
)

JP_MEAN = register_metric(
    Metric(
        code="jp_mean",
        label=gettext_lazy("Mean JP per civil servant"),
        method=gettext_lazy(
            "The value is the JP of competency development credited in the JP ledger in "
            "%(period)s to the institution's active civil servants (on 31 December, or "
            "today while the year runs), divided by their number."
        ),
        unit=Unit.JP,
        period_kind=PeriodKind.YEAR,
        values=_mean,
        explain=_explainer(_jp, _mean_value),
        record_models=RECORD_MODELS,
        sources=("ledger", "register"),
        decimals=1,
    )
)
