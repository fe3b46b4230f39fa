"""Reads of the register; every one is scoped with ``restrict(user, action)``."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from .models import Employee, EmploymentHistory, ImportJob, TransferRequest


def employee_list(*, user: Any) -> QuerySet[Employee]:
    """Civil servants ``user`` may see; ``filters.EmployeeFilter`` narrows them (page, API, export)."""
    return Employee.objects.restrict(user, "view").select_related(
        "institution", "work_unit", "position"
    )


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
        # A start not known (None) sorts last, as on both databases alike.
        .order_by(F("valid_from").desc(nulls_last=True), "-id")
    )
    current = employee.current_period()
    # The current period's objects are the employee's own, already loaded.
    current.institution = employee.institution
    current.work_unit = employee.work_unit
    current.position = employee.position
    return [current, *closed]


def transfer_list(*, user: Any) -> QuerySet[TransferRequest]:
    """Transfers ``user`` may see, either side; ``filters.TransferFilter`` narrows them."""
    return TransferRequest.objects.restrict(user, "view").select_related(
        "employee", "from_institution", "to_institution"
    )


def import_job_list(*, user: Any) -> QuerySet[ImportJob]:
    return ImportJob.objects.restrict(user, "view").select_related("institution", "created_by")
