"""Reads of the register; every one is scoped with ``restrict(user, action)``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tangguh.core.api_filters import ID_MAX

from .models import Employee, EmploymentHistory, ImportJob, TransferRequest


def employee_list(
    *,
    user: Any,
    institution_code: str | None = None,
    work_unit_id: int | None = None,
    position_kind: str | None = None,
    rank: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Employee]:
    """Civil servants ``user`` may see, filtered; ``q`` matches a NIP prefix or a name."""
    qs = Employee.objects.restrict(user, "view").select_related(
        "institution", "work_unit", "position"
    )
    if institution_code:
        qs = qs.filter(institution__code=institution_code)
    if work_unit_id:
        if not 1 <= work_unit_id <= ID_MAX:  # no such row; SQLite would overflow on it
            return qs.none()
        qs = qs.filter(work_unit_id=work_unit_id)
    if position_kind:
        qs = qs.filter(position_kind=position_kind)
    if rank:
        qs = qs.filter(rank=rank)
    if status:
        qs = qs.filter(status=status)
    if q and (text := " ".join(q.split())):
        digits = text.replace(" ", "").lstrip("'")
        if digits.isascii() and digits.isdigit():  # not "²", which isdigit() but int() refuses
            qs = qs.filter(**_nip_prefix_range(digits[:18]))
        else:
            qs = qs.filter(full_name__icontains=text)
    return qs


def _nip_prefix_range(prefix: str) -> dict[str, str]:
    """A NIP prefix as a range: the plain NIP index serves it whatever the collation
    (``LIKE 'prefix%'`` needs a pattern index under a non-C collation)."""
    if len(prefix) == 18:
        return {"nip": prefix}
    upper = str(int(prefix) + 1).zfill(len(prefix)) if prefix.strip("9") else "A"
    return {"nip__gte": prefix, "nip__lt": upper}


def employee_get(*, user: Any, pk: int) -> Employee:
    """One civil servant; ``Employee.DoesNotExist`` when absent or out of ``user``'s scope."""
    return (
        Employee.objects.restrict(user, "view")
        .select_related("institution", "work_unit", "position")
        .get(pk=pk)
    )


def employee_history(*, user: Any, employee: Employee) -> list[EmploymentHistory]:
    """The employment periods of ``employee``, newest first: the current one, then the closed ones.

    ``employee`` comes from a scoped selector; whoever may see them sees their history.
    """
    closed = (
        EmploymentHistory.objects.restrict(user, "view")
        .filter(employee=employee)
        .select_related("institution", "work_unit", "position")
        .order_by("-valid_from", "-id")
    )
    current = employee.current_period()
    # The current period's objects are the employee's own, already loaded.
    current.institution = employee.institution
    current.work_unit = employee.work_unit
    current.position = employee.position
    return [current, *closed]


def transfer_list(*, user: Any, status: str | None = None) -> QuerySet[TransferRequest]:
    qs = TransferRequest.objects.restrict(user, "view").select_related(
        "employee", "from_institution", "to_institution"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def import_job_list(*, user: Any) -> QuerySet[ImportJob]:
    return ImportJob.objects.restrict(user, "view").select_related("institution", "created_by")
