"""Reads of budgets: a budget page, the lists (an institution and those below it, the
nation by province), a budget's history over the years.

Permission lives in the queryset: an institution's budget is read by whom
``Budget.objects.restrict(user, "view")`` would show it to (its own staff, a province's
for its regencies and cities, the national administrator and auditor everywhere). An
institution outside the reader's scope is a 404, whether or not it has a budget.
The figures come from :mod:`.metrics_budgets` (the approved revision) and
:mod:`.realisation` (what was spent), the same code as the command line and the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tangguh.core.scoping import institution_ids_in_scope
from tangguh.institutions.models import Institution, InstitutionKind

from . import metrics_budgets, realisation
from .headcount import civil_servant_counts
from .metrics_budgets import Allocation
from .models import Budget, BudgetRevision, RevisionStatus
from .plans import planned_cost
from .realisation import Realisation

CHART_YEARS = 6  # the budget page's chart: this year and the five before


def readable_ids(user: Any) -> frozenset[int] | None:
    """The institutions whose budgets ``user`` reads; None: every one."""
    return institution_ids_in_scope(user, Budget, "view")


def may_read(user: Any, institution: Institution) -> bool:
    ids = readable_ids(user)
    return ids is None or institution.pk in ids


def reads_nationally(user: Any) -> bool:
    return readable_ids(user) is None


def budget_institution(*, user: Any, code: str) -> Institution:
    """The institution ``code`` if ``user`` reads its budgets, else 404."""
    if "\x00" in code or len(code) > 16:  # no code has either (and PostgreSQL refuses NUL)
        raise Http404
    institution = Institution.objects.filter(code=code).first()
    if institution is None or not may_read(user, institution):
        raise Http404
    return institution


def revisions_of(*, user: Any, institution: Institution, year: int) -> QuerySet[BudgetRevision]:
    """A budget's revisions, newest first, with who entered and decided them."""
    return (
        BudgetRevision.objects.restrict(user, "view")
        .filter(institution=institution, fiscal_year=year)
        .select_related("entered_by", "decided_by")
        .order_by("-number")
    )


def revision_for_decision(*, user: Any, pk: int) -> BudgetRevision:
    """A revision ``user`` may decide on (change scope), else 404."""
    revision = (
        BudgetRevision.objects.restrict(user, "change")
        .select_related("institution", "entered_by")
        .filter(pk=pk)
        .first()
    )
    if revision is None:
        raise Http404
    return revision


# --- figures of one institution and year ----------------------------------------------


@dataclass
class BudgetFigures:
    """One institution's budget for a year: approved figures, what was spent, the plan."""

    institution: Institution
    year: int
    allocation: Allocation | None
    realised: Realisation
    civil_servants: int
    pending: int = 0  # revisions awaiting approval
    plan: Decimal | None = None

    @property
    def total_budget(self) -> Decimal | None:
        return self.allocation.total_budget if self.allocation else None

    @property
    def development_allocation(self) -> Decimal | None:
        return self.allocation.development_allocation if self.allocation else None

    @property
    def share(self) -> Decimal | None:
        return self.allocation.share if self.allocation else None

    @property
    def share_percent(self) -> Decimal | None:
        return None if self.share is None else self.share * 100

    @property
    def per_civil_servant(self) -> Decimal | None:
        return self.allocation.per_civil_servant if self.allocation else None

    @property
    def realisation(self) -> Decimal:
        return self.realised.total

    @property
    def realisation_percent(self) -> Decimal | None:
        allocation = self.development_allocation
        if not allocation:
            return None
        return (self.realisation * 100 / allocation).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def plan_percent(self) -> Decimal | None:
        allocation = self.development_allocation
        if self.plan is None or not allocation:
            return None
        return (self.plan * 100 / allocation).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def figures_for(
    institutions: list[Institution], year: int, *, with_plan: bool = False
) -> list[BudgetFigures]:
    """The figures of ``institutions`` for ``year``, in their order, in a few queries."""
    ids = [i.pk for i in institutions]
    approved = metrics_budgets.allocations(year, ids)
    spent = realisation.realisations(year, ids)
    counts = civil_servant_counts(year, ids)
    pending = dict(
        BudgetRevision.objects.filter(
            institution_id__in=ids, fiscal_year=year, status=RevisionStatus.SUBMITTED
        )
        .values_list("institution_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        BudgetFigures(
            institution=i,
            year=year,
            allocation=approved.get(i.pk),
            realised=spent.get(i.pk) or Realisation(i.pk, year),
            civil_servants=counts.get(i.pk, 0),
            pending=pending.get(i.pk, 0),
            plan=planned_cost(i.pk, year) if with_plan else None,
        )
        for i in institutions
    ]


def budget_figures(*, user: Any, institution: Institution, year: int) -> BudgetFigures:
    """The budget page's figures (the reader's scope was checked with the institution)."""
    return figures_for([institution], year, with_plan=True)[0]


def history(institution: Institution, year: int) -> list[BudgetFigures]:
    """The figures of the :data:`CHART_YEARS` years up to ``year``, oldest first."""
    return [figures_for([institution], y)[0] for y in range(year - CHART_YEARS + 1, year + 1)]


# --- lists ------------------------------------------------------------------------------


def list_root(*, user: Any, code: str | None) -> Institution | None:
    """The institution whose list is shown: ``code`` if readable (404 otherwise), else the
    reader's own; None for a reader without an institution."""
    if code:
        return budget_institution(user=user, code=code)
    institution = getattr(user, "institution", None)
    if institution is None or not may_read(user, institution):
        return None
    return institution


def institution_and_below(*, user: Any, root: Institution) -> list[Institution]:
    """``root`` and the institutions directly below it that ``user`` reads (a province's
    regencies and cities), root first then by code."""
    ids = readable_ids(user)
    children = Institution.objects.filter(parent=root, is_active=True)
    if ids is not None:
        children = children.filter(pk__in=ids)
    return [root, *children.order_by("code")]


@dataclass
class NationalRow:
    """A province's own budget and its regencies' and cities' together."""

    figures: BudgetFigures
    regions_with_budget: int
    regions: int
    regions_allocation: Decimal


def national(*, user: Any, year: int) -> tuple[list[NationalRow], list[BudgetFigures]]:
    """Every province (its own budget, and its regencies' and cities' summed), and the
    ministries and agencies with a budget for ``year``: over what ``user`` reads (a
    province the reader cannot read shows only the regions below it it can)."""
    ids = readable_ids(user)
    below = Institution.objects.filter(
        parent__kind=InstitutionKind.PROVINSI,
        kind__in=[InstitutionKind.KABUPATEN, InstitutionKind.KOTA],
    )
    regions: dict[int, int] = dict(
        below.values_list("parent_id").annotate(n=Count("id")).order_by()
    )
    readable_below = below if ids is None else below.filter(pk__in=ids)
    approved = metrics_budgets.latest_approved(year, readable_below.values_list("id", flat=True))
    parent_of = dict(below.filter(pk__in=list(approved)).values_list("id", "parent_id"))
    with_budget: dict[int, int] = {}
    summed: dict[int, Decimal] = {}
    for institution_id, revision in approved.items():
        parent = parent_of[institution_id]
        with_budget[parent] = with_budget.get(parent, 0) + 1
        summed[parent] = summed.get(parent, Decimal(0)) + revision.development_allocation
    provinces = Institution.objects.filter(kind=InstitutionKind.PROVINSI).order_by("code")
    if ids is not None:
        provinces = provinces.filter(Q(pk__in=ids) | Q(pk__in=readable_below.values("parent_id")))
    listed = list(provinces)
    own = {
        f.institution.pk: f
        for f in figures_for([p for p in listed if ids is None or p.pk in ids], year)
    }
    rows = [
        NationalRow(
            figures=own.get(p.pk) or BudgetFigures(p, year, None, Realisation(p.pk, year), 0),
            regions_with_budget=with_budget.get(p.pk, 0),
            regions=regions.get(p.pk, 0),
            regions_allocation=summed.get(p.pk, Decimal(0)),
        )
        for p in listed
    ]
    central = Institution.objects.filter(
        kind__in=[InstitutionKind.KEMENTERIAN, InstitutionKind.LEMBAGA],
        pk__in=BudgetRevision.objects.filter(
            fiscal_year=year, status=RevisionStatus.APPROVED
        ).values("institution_id"),
    )
    if ids is not None:
        central = central.filter(pk__in=ids)
    return rows, figures_for(list(central.order_by("code")), year)


def listed_institutions(*, user: Any, year: int) -> QuerySet[Institution]:
    """Every institution ``user`` reads with a budget for ``year`` (the API's list)."""
    ids = readable_ids(user)
    budgets = Budget.objects.restrict(user, "view").filter(fiscal_year=year)
    queryset = Institution.objects.filter(pk__in=budgets.values("institution_id"))
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.order_by("code")


def years_with_budgets(user: Any) -> list[int]:
    return list(
        Budget.objects.restrict(user, "view")
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
