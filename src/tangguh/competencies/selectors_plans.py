"""Reads of personal development plans: an institution's plans for a year with their
totals and the approval queue, one plan with its items and what completed them, a
person's own plan, and the approved plans' cost (development's budgets read it).

Every read starts from ``DevelopmentPlan.objects.restrict(user, "view")``; a plan
outside the reader's scope is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tangguh.development.filters_catalogue import open_to_q
from tangguh.development.models import Programme, ProgrammeStatus

from .models import DevelopmentPlan, PlanItem, PlanItemStatus, PlanStatus

_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=2))


def _item_sum(field: str) -> Coalesce:
    total = (
        PlanItem.objects.filter(plan=OuterRef("pk"))
        .exclude(status=PlanItemStatus.CANCELLED)
        .order_by()
        .values("plan")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total), _ZERO)


def with_totals(plans: QuerySet[DevelopmentPlan]) -> QuerySet[DevelopmentPlan]:
    return plans.annotate(
        total_jp=_item_sum("jp"),
        total_cost=_item_sum("cost"),
        item_count=Coalesce(
            Subquery(
                PlanItem.objects.filter(plan=OuterRef("pk"))
                .order_by()
                .values("plan")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
    )


def institution_plans(
    *, user: Any, institution_id: int, year: int, status: str = ""
) -> QuerySet[DevelopmentPlan]:
    plans = DevelopmentPlan.objects.restrict(user, "view").filter(
        institution_id=institution_id, year=year
    )
    if status:
        plans = plans.filter(status=status)
    return with_totals(plans).select_related("employee__work_unit").order_by("employee__full_name")


@dataclass(frozen=True)
class Totals:
    plans: int
    by_status: dict[str, int]
    jp: Decimal
    cost: Decimal
    approved_cost: Decimal


def _total(plan: DevelopmentPlan, name: str) -> Decimal:
    """An annotation of :func:`with_totals`."""
    return Decimal(getattr(plan, name))


def totals(plans: list[DevelopmentPlan]) -> Totals:
    by_status = {s: 0 for s in PlanStatus.values}
    for p in plans:
        by_status[p.status] += 1
    return Totals(
        plans=len(plans),
        by_status=by_status,
        jp=sum((_total(p, "total_jp") for p in plans), Decimal(0)),
        cost=sum((_total(p, "total_cost") for p in plans), Decimal(0)),
        approved_cost=sum(
            (_total(p, "total_cost") for p in plans if p.status == PlanStatus.APPROVED),
            Decimal(0),
        ),
    )


def plan_get(*, user: Any, pk: int) -> DevelopmentPlan:
    """The plan, if ``user`` reads it (DoesNotExist otherwise)."""
    return with_totals(
        DevelopmentPlan.objects.restrict(user, "view").select_related(
            "employee__position", "employee__work_unit", "institution", "decided_by"
        )
    ).get(pk=pk)


def plan_items(plan: DevelopmentPlan) -> list[PlanItem]:
    return list(plan.items.select_related("programme", "form", "competency"))


def item_get(*, user: Any, pk: int, action: str = "change") -> PlanItem:
    return PlanItem.objects.restrict(user, action).select_related("plan").get(pk=pk)


def own_plan(*, user: Any, year: int) -> DevelopmentPlan | None:
    nip = getattr(user, "nip", "")
    if not nip:
        return None
    return (
        with_totals(DevelopmentPlan.objects.restrict(user, "view").filter(nip=nip, year=year))
        .select_related("decided_by")
        .first()
    )


def suggestions(
    institution_id: int, codes: list[str], limit: int = 3
) -> dict[str, list[Programme]]:
    """Code → published catalogue programmes open to the institution that develop it."""
    wanted = {c.upper() for c in codes}
    found: dict[str, list[Programme]] = {c: [] for c in codes}
    if not wanted:
        return found
    programmes = (
        Programme.objects.filter(
            open_to_q(institution_id, prefix=""), status=ProgrammeStatus.PUBLISHED
        )
        .distinct()
        .select_related("form", "organiser")
        .order_by("title")
    )
    for programme in programmes:
        for entry in programme.competencies or []:
            code = str(entry.get("code", "")).upper() if isinstance(entry, dict) else ""
            if code in wanted and len(found.get(code, [])) < limit:
                found.setdefault(code, []).append(programme)
    return found


def approved_cost(institution_id: int, year: int) -> Decimal | None:
    """The approved plans' planned cost (None when no plan is approved): the system's
    read for development's budgets (the budget page is itself restricted)."""
    plans = DevelopmentPlan.objects.filter(
        institution_id=institution_id, year=year, status=PlanStatus.APPROVED
    )
    if not plans.exists():
        return None
    total = (
        PlanItem.objects.filter(plan__in=plans)
        .exclude(status=PlanItemStatus.CANCELLED)
        .aggregate(total=Sum("cost"))["total"]
    )
    return total or Decimal(0)
