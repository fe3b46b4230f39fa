"""Reads for a person about themselves: their record, found by the NIP on their account.

The self scope (``RestrictedModel.scope_self_q``) is the only way in: whatever the
account's role, these functions return the account holder's own rows and nobody
else's, so a staff member with a NIP reads their own record even when it belongs to
an institution outside their staff scope, and their staff scope gains nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from tangguh.core.audit import action_label
from tangguh.core.models import AuditEntry, AuditSubject

from .import_spec import REGISTER
from .models import CorrectionRequest, Employee, EmploymentHistory, TransferRequest

# The audit entries a download lists: a person's record is read often (every list page
# that shows them), so the newest ones, with the total said.
AUDIT_LIMIT = 1000


def own_employee(*, user: Any) -> Employee | None:
    """The signed-in person's own record, or None (no NIP on the account, or no record)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    condition = Employee.scope_self_q(user)
    if condition is None:
        return None
    return (
        Employee.objects.filter(condition)
        .select_related("institution", "work_unit", "position")
        .first()
    )


def is_own(user: Any, employee: Employee) -> bool:
    return bool(getattr(user, "nip", "")) and user.is_active and user.nip == employee.nip


def own_history(*, employee: Employee) -> list[EmploymentHistory]:
    """``employee``'s periods, newest first: the current one, then the closed ones.

    ``employee`` comes from :func:`own_employee`: the person reads their whole history.
    """
    closed = (
        EmploymentHistory.objects.filter(employee=employee)
        .select_related("institution", "work_unit", "position")
        .order_by("-valid_to", "-id")
    )
    current = employee.current_period()
    current.institution = employee.institution
    current.work_unit = employee.work_unit
    current.position = employee.position
    return [current, *closed]


def own_corrections(*, employee: Employee) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(employee=employee).select_related(
        "decided_by", "requested_by"
    )


def own_transfers(*, employee: Employee) -> QuerySet[TransferRequest]:
    return TransferRequest.objects.filter(employee=employee).select_related(
        "from_institution", "to_institution"
    )


def audit_about(*, nip: str) -> tuple[list[AuditEntry], int]:
    """The audit entries that name ``nip`` (who read or changed the record), newest first,
    at most :data:`AUDIT_LIMIT`, and how many there are in all."""
    ids = AuditSubject.objects.filter(nip=nip).values("entry_id")
    entries = AuditEntry.objects.filter(pk__in=ids)
    total = entries.count()
    shown = list(
        entries.select_related("actor", "institution").order_by("-created_at", "-id")[:AUDIT_LIMIT]
    )
    return shown, total


def record_values(employee: Employee) -> dict[str, str]:
    """The record's value of every template column, as the template writes it (column key
    -> text): what a correction request keeps as the value it asks to change."""
    paths = [p for c in REGISTER.template_columns for p in c.export_paths]
    values = Employee.objects.filter(pk=employee.pk).values_list(*paths).get()
    cells = REGISTER.export_row(values)
    return {
        c.key: cell.strftime("%d-%m-%Y") if isinstance(cell, date) else str(cell)
        for c, cell in zip(REGISTER.template_columns, cells, strict=True)
    }


def my_data(*, user: Any, employee: Employee) -> dict[str, Any]:
    """Everything Tangguh holds about the person (UU PDP, right of access), as plain data.

    The account: never its password or API-token hashes.
    """
    entries, audit_total = audit_about(nip=employee.nip)
    return {
        "record": {
            "nip": employee.nip,
            "id_kind": employee.id_kind,
            "full_name": employee.full_name,
            "title_front": employee.title_front,
            "title_back": employee.title_back,
            "sex": employee.sex,
            "birth_date": employee.birth_date,
            "employee_kind": employee.employee_kind,
            "status": employee.status,
            "institution": _institution(employee.institution),
            "work_unit": employee.work_unit.path if employee.work_unit else "",
            "position": employee.position.name if employee.position else "",
            "position_kind": employee.position_kind,
            "rank": employee.rank,
            "education": employee.education,
            "created_at": employee.created_at,
            "updated_at": employee.updated_at,
        },
        "history": [_period(p) for p in own_history(employee=employee)],
        "correction_requests": [_correction(c) for c in own_corrections(employee=employee)],
        "transfer_requests": [_transfer(t) for t in own_transfers(employee=employee)],
        "account": {
            "username": user.username,
            "name": user.get_full_name(),
            "email": user.email,
            "role": user.role,
            "institution": _institution(user.institution),
            "nip": user.nip,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "audit": {
            "total": audit_total,
            "entries": [_entry(e) for e in entries],
        },
    }


def _institution(institution: Any) -> dict[str, str] | None:
    if institution is None:
        return None
    return {"code": institution.code, "name": institution.name}


def _period(p: EmploymentHistory) -> dict[str, Any]:
    return {
        "current": p.valid_to is None and p.pk is None,
        "valid_from": p.valid_from,  # None: the start is unknown
        "valid_to": p.valid_to,
        "institution": _institution(p.institution),
        "work_unit": p.work_unit.path if p.work_unit else "",
        "position": p.position.name if p.position else "",
        "position_kind": p.position_kind,
        "rank": p.rank,
        "employee_kind": p.employee_kind,
        "status": p.status,
        "source": p.source,
    }


def _correction(c: CorrectionRequest) -> dict[str, Any]:
    return {
        "field": c.field,
        "current_value": c.current_value,
        "requested_value": c.requested_value,
        "note": c.note,
        "status": c.status,
        "requested_at": c.requested_at,
        "decided_at": c.decided_at,
        "decision_note": c.decision_note,
    }


def _transfer(t: TransferRequest) -> dict[str, Any]:
    return {
        "from_institution": _institution(t.from_institution),
        "to_institution": _institution(t.to_institution),
        "status": t.status,
        "requested_at": t.requested_at,
        "decided_at": t.decided_at,
        "request_note": t.request_note,
        "decision_note": t.decision_note,
        "values_sent": t.payload,
    }


def _entry(e: AuditEntry) -> dict[str, Any]:
    return {
        "time": e.created_at,
        "action": e.action,
        "action_label": action_label(e.action),
        "actor": e.actor.username if e.actor else "",
        "actor_name": e.actor.get_full_name() if e.actor else "",
        "institution": _institution(e.institution),
    }
