"""Writes about one civil servant: create one (the API), and the audit of reads of one.

The bulk path is ``services.employee_import``; this one uses the same parsers
(NIP, rank) so that a record created by hand obeys the rules of an imported one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import audit_read, audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution

from .models import Employee, EmployeeKind, Position, WorkUnit
from .parsing import ParseError
from .parsing.nip import check_consistency, parse_identifier
from .parsing.values import check_text, parse_rank


def _field_error(field: str, error: ParseError | str) -> dict[str, Any]:
    return {"field": field, "message": str(getattr(error, "message", error))}


@transaction.atomic
def employee_create(*, data: dict[str, Any], institution: Institution, actor: Any) -> Employee:
    """Register one civil servant in ``institution``; their first period starts at ``valid_from``.

    ``data``: nip, full_name, and optionally title_front, title_back, sex ("M"/"F"),
    birth_date, employee_kind, status, work_unit_id, position_id, rank, valid_from.
    Raises DomainError listing every problem, Conflict when the NIP is registered,
    PermissionDenied when ``actor`` may not add civil servants to ``institution``.
    """
    if not may(actor, Employee, "add", institution):
        raise PermissionDenied(
            _("You may not register civil servants in %(institution)s.")
            % {"institution": institution}
        )
    today = timezone.localdate()
    kind = data.get("employee_kind") or EmployeeKind.PNS
    errors: list[dict[str, Any]] = []
    info = None
    try:
        info = parse_identifier(data.get("nip"), today=today, kind_hint=kind)
    except ParseError as exc:
        errors.append(_field_error("nip", exc))
    birth_date: date | None = data.get("birth_date")
    sex = data.get("sex") or None
    if info is not None:
        errors += [
            _field_error("nip", e) for e in check_consistency(info, birth_date=birth_date, sex=sex)
        ]
        birth_date = birth_date or info.birth_date
        sex = sex or info.sex
    rank = ""
    try:
        rank = parse_rank(data.get("rank"), employee_kind=kind) or ""
    except ParseError as exc:
        errors.append(_field_error("rank", exc))
    # The import's rule for typed text (no bidirectional controls), word for word.
    for field in ("full_name", "title_front", "title_back"):
        try:
            check_text(str(data.get(field) or ""), field)
        except ParseError as exc:
            errors.append(_field_error(field, exc))
    work_unit = _owned(WorkUnit, data.get("work_unit_id"), institution, "work_unit_id", errors)
    position = _owned(Position, data.get("position_id"), institution, "position_id", errors)
    if errors:
        raise DomainError(
            _("The civil servant was not registered: correct the fields listed."), errors=errors
        )
    assert info is not None
    existing = Employee.objects.filter(nip=info.nip).select_related("institution").first()
    if existing is not None:
        raise _registered(existing, actor)
    employee = Employee(
        nip=info.nip,
        id_kind="ni_pppk" if info.kind == "PPPK" else "nip",
        full_name=" ".join(str(data.get("full_name") or "").split()),
        title_front=data.get("title_front") or "",
        title_back=data.get("title_back") or "",
        sex=sex or "",
        birth_date=birth_date,
        employee_kind=kind,
        status=data.get("status") or "active",
        institution=institution,
        work_unit=work_unit,
        position=position,
        position_kind=position.kind if position else "",
        rank=rank,
        period_start=data.get("valid_from") or today,
        period_source="api",
    )
    try:
        employee.full_clean()
    except ValidationError as exc:
        raise DomainError(
            _("The civil servant was not registered: correct the fields listed."),
            errors=[
                {"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs
            ],
        ) from None
    employee.save()
    audit_record(
        actor=actor, action="people.employee.create", target=employee, data={"nip": employee.nip}
    )
    return employee


def _registered(existing: Employee, actor: Any) -> Conflict:
    """The answer for a NIP registered already: it reveals no more than a read would.

    Outside the actor's view scope the answer names neither the institution nor the
    person's state (the same sentence for every such NIP); inside it, the
    institution, which the actor can read anyway.
    """
    field = [
        {"field": "nip", "message": str(_("A civil servant with this NIP is already registered."))}
    ]
    visible = (
        actor is None or Employee.objects.restrict(actor, "view").filter(pk=existing.pk).exists()
    )
    if not visible:
        return Conflict(
            _("This NIP is already registered in another institution; ask for a transfer."),
            errors=field,
        )
    return Conflict(
        _(
            "A civil servant with this NIP is already registered (%(institution)s). A move between institutions goes through a transfer."
        )
        % {"institution": existing.institution.name},
        errors=field,
    )


def _owned(
    model: Any, pk: Any, institution: Institution, field: str, errors: list[dict[str, Any]]
) -> Any:
    if not pk:
        return None
    obj = model.objects.filter(pk=pk, institution=institution).first()
    if obj is None:
        errors.append(
            _field_error(
                field,
                str(
                    _("%(model)s %(pk)s does not belong to this institution.")
                    % {"model": model._meta.verbose_name, "pk": pk}
                ),
            )
        )
    return obj


def employee_view_record(*, employee: Employee, actor: Any, via: str, request: Any = None) -> None:
    """Attribute a read of one person's record by staff (UU PDP); their own is not recorded."""
    audit_read(
        action="people.employee.view",
        actor=actor,
        request=request,
        target=employee,
        institution=employee.institution_id,
        nips=[employee.nip],
        query={"via": via},
    )
