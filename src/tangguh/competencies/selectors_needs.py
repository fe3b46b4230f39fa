"""Reads about the needs analysis (AKPK), always within the reader's scope."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from tangguh.institutions.models import Institution

from .models import (
    DevelopmentPlan,
    NeedsAnalysis,
    NeedsLine,
    PlanItem,
    PlanItemStatus,
    PlanStatus,
)


def analyses(*, user: Any, year: int | None = None) -> QuerySet[NeedsAnalysis]:
    rows = NeedsAnalysis.objects.restrict(user, "view").select_related("institution")
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "institution__name")


def analysis(*, user: Any, pk: int, action: str = "view") -> NeedsAnalysis:
    """The analysis, if the reader may see it (DoesNotExist otherwise: a 404)."""
    return (
        NeedsAnalysis.objects.restrict(user, action)
        .select_related("institution", "created_by", "filed_by")
        .get(pk=pk)
    )


def lines(item: NeedsAnalysis) -> list[NeedsLine]:
    return list(item.lines.select_related("competency", "form").order_by("priority", "code"))


@dataclass(frozen=True)
class Totals:
    people: int  # sum over the lines: a person short in two competencies counts twice
    jp: Decimal  # JP per person × people, summed
    cost: Decimal


def totals(rows: list[NeedsLine]) -> Totals:
    return Totals(
        people=sum(line.people for line in rows),
        jp=sum((line.estimated_jp * line.people for line in rows), Decimal(0)),
        cost=sum((line.estimated_cost for line in rows), Decimal(0)),
    )


@dataclass(frozen=True)
class PlanTotals:
    plans: int
    jp: Decimal
    cost: Decimal


def approved_plans(institution_id: int, year: int) -> PlanTotals | None:
    """The institution's approved personal plans for the year, summed (cancelled items
    left out); None when it has none."""
    plans = DevelopmentPlan.objects.filter(
        institution_id=institution_id, year=year, status=PlanStatus.APPROVED
    )
    count = plans.count()
    if not count:
        return None
    sums = (
        PlanItem.objects.filter(plan__in=plans)
        .exclude(status=PlanItemStatus.CANCELLED)
        .aggregate(jp=Sum("jp"), cost=Sum("cost"))
    )
    return PlanTotals(plans=count, jp=sums["jp"] or Decimal(0), cost=sums["cost"] or Decimal(0))


def preparable_institutions(*, user: Any) -> QuerySet[Institution]:
    """The institutions whose needs the reader may prepare (for the create form)."""
    from tangguh.core.scoping import institution_ids_in_scope

    ids = institution_ids_in_scope(user, NeedsAnalysis, "add")
    rows = Institution.objects.all() if ids is None else Institution.objects.filter(pk__in=ids)
    return rows.order_by("name")
