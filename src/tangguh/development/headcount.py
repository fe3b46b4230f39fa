"""How many active civil servants an institution has on a day: the denominator of the
20-JP duty and of a budget's allocation per civil servant.

"On 31 December of that year (or today, for the current year)": :func:`reference_day`.
The register keeps the open period on the employee row and closed periods in
EmploymentHistory; a person counts where their period covering the day puts them, if
active then (a closed period with no status recorded counts as active).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q

from tangguh.people.models import Employee, EmploymentHistory, EmploymentStatus


def reference_day(year: int, today: date | None = None) -> date:
    """31 December of ``year``, or today while the year is still running."""
    today = today or date.today()
    return min(date(year, 12, 31), today)


def current_members_q(day: date) -> Q:
    """Employee rows whose open period covers ``day`` and who are active in it."""
    return Q(status=EmploymentStatus.ACTIVE) & (
        Q(period_start__isnull=True) | Q(period_start__lte=day)
    )


def closed_members_q(day: date) -> Q:
    """EmploymentHistory rows (closed periods) covering ``day`` with the person active."""
    return (
        Q(valid_to__gte=day)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & Q(status__in=[EmploymentStatus.ACTIVE, ""])
    )


def civil_servant_counts(
    year: int, institution_ids: Iterable[int] | None = None, *, today: date | None = None
) -> dict[int, int]:
    """Active civil servants per institution id on :func:`reference_day` of ``year``.

    Institutions with nobody are absent from the result (read it with ``.get(id, 0)``).
    """
    day = reference_day(year, today)
    ids = None if institution_ids is None else list(institution_ids)
    current = Employee.objects.filter(current_members_q(day))
    if ids is not None:
        current = current.filter(institution_id__in=ids)
    counts: Counter[int] = Counter(
        dict(current.values_list("institution_id").annotate(n=Count("id")).order_by())
    )
    if (
        day < (today or date.today())
        or EmploymentHistory.objects.filter(valid_to__gte=day).exists()
    ):
        closed = EmploymentHistory.objects.filter(closed_members_q(day))
        if ids is not None:
            closed = closed.filter(institution_id__in=ids)
        # One period per person covers a day; a person whose open period also covers it
        # (a history row overlapping the current period) is not counted twice.
        closed = closed.exclude(employee__in=Employee.objects.filter(current_members_q(day)))
        for institution_id, n in (
            closed.values_list("institution_id")
            .annotate(n=Count("employee_id", distinct=True))
            .order_by()
        ):
            counts[institution_id] += n
    return dict(counts)
