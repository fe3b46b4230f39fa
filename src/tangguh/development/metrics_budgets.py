"""The budget figures per institution and fiscal year, from the latest approved revision:
the allocation to competency development (absolute), per civil servant and as a share
of the total budget. One definition for the pages, the API, ``tangguh budgets list``
and the rankings (the Rakornas award "largest budget allocated to competency
development" ranks these).

Civil servants are counted as :func:`headcount.civil_servant_counts` counts them
(active on 31 December of the year, or today while it runs). The allocation per
civil servant is None when the institution has none; rounded to whole Rupiah.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .headcount import civil_servant_counts
from .models import BudgetRevision, RevisionStatus


@dataclass(frozen=True)
class Allocation:
    """An institution's approved budget figures for a year."""

    institution_id: int
    year: int
    revision_id: int
    revision_number: int
    total_budget: Decimal
    development_allocation: Decimal
    civil_servants: int | None  # None: not counted (``allocations(..., headcount=False)``)

    @property
    def share(self) -> Decimal | None:
        """The allocation as a fraction of the total (0 to 1, 4 decimals); None without a total."""
        if not self.total_budget:
            return None
        return (self.development_allocation / self.total_budget).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )

    @property
    def per_civil_servant(self) -> Decimal | None:
        """Whole Rupiah per active civil servant; None when the institution has none."""
        if not self.civil_servants:
            return None
        return (self.development_allocation / self.civil_servants).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )


def latest_approved(
    year: int, institution_ids: Iterable[int] | None = None
) -> dict[int, BudgetRevision]:
    """The latest approved revision of each institution's budget for ``year`` (by number)."""
    revisions = BudgetRevision.objects.filter(fiscal_year=year, status=RevisionStatus.APPROVED)
    if institution_ids is not None:
        revisions = revisions.filter(institution_id__in=list(institution_ids))
    latest: dict[int, BudgetRevision] = {}
    for revision in revisions.order_by("institution_id", "number").only(
        "id", "institution_id", "fiscal_year", "number", "total_budget", "development_allocation"
    ):
        latest[revision.institution_id] = revision  # the last one read is the highest number
    return latest


def allocations(
    year: int, institution_ids: Iterable[int] | None = None, *, headcount: bool = True
) -> dict[int, Allocation]:
    """Every institution with an approved budget for ``year`` (None: all), by id.

    ``headcount=False`` leaves the civil servants uncounted (None): the allocation and
    its share of the total do not need them, and counting reads the whole register.
    """
    latest = latest_approved(year, institution_ids)
    counts = civil_servant_counts(year, list(latest)) if latest and headcount else {}
    return {
        institution_id: Allocation(
            institution_id=institution_id,
            year=year,
            revision_id=revision.pk,
            revision_number=revision.number,
            total_budget=revision.total_budget,
            development_allocation=revision.development_allocation,
            civil_servants=counts.get(institution_id, 0) if headcount else None,
        )
        for institution_id, revision in latest.items()
    }
