"""Writes about transfers: the institution that holds a record decides a move out of it.

A transfer request comes from an import into another institution (``importing/merge.py``):
a NIP registered elsewhere is never changed by that import, whatever the person's
status. Only the holder decides (docs/permissions.md, "Write scope and transfers"):

- *confirm* moves the person to the receiving institution with the receiving side's
  employment values (status, kind, rank, position, work unit). Identity values (name,
  titles, birth date, sex) are taken only when the decider says so
  (``apply_identity``); otherwise the holder's record keeps its own;
- *reject* leaves the person where they are, and needs a reason, which the receiving
  side reads.

Both record who decided, the note, and an audit entry with the NIP in the same
transaction. ``services.transfer_confirm``/``transfer_reject`` are these functions.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditSubject
from tangguh.core.roles import Role
from tangguh.core.scoping import may

from .import_spec import PLAIN_FIELDS
from .models import (
    Employee,
    EmploymentStatus,
    Position,
    TransferRequest,
    TransferStatus,
    WorkUnit,
)
from .parsing import ParseError
from .parsing.nip import normalize_nip
from .position_kinds import kind_from_name

# The fields that say who a person is: the holder's record keeps them unless the
# decider explicitly takes the receiving side's values.
IDENTITY_FIELDS = ("full_name", "title_front", "title_back", "birth_date", "sex")
# Employment values a confirmed move always takes from the receiving side: the kinds the
# NIP and the status give, and every other plain field the register's import writes.
EMPLOYMENT_FIELDS = (
    "id_kind", "employee_kind", *(f for f in PLAIN_FIELDS if f not in IDENTITY_FIELDS),
)  # fmt: skip
NOTE_MAX = 1000


def decides_by_role(user: Any, transfer: TransferRequest) -> bool:
    """The first half of the rule, without a query: a national administrator, or an
    administrator of the institution that holds the record (the transfer's source)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(
        user.is_superuser
        or user.role == Role.NATIONAL_ADMIN
        or (
            user.role == Role.INSTITUTION_ADMIN
            and user.institution_id == transfer.from_institution_id
        )
    )


def may_decide(user: Any, transfer: TransferRequest) -> bool:
    """The rule: :func:`decides_by_role`, and the row is in the user's change scope."""
    if not decides_by_role(user, transfer):
        return False
    return TransferRequest.objects.restrict(user, "change").filter(pk=transfer.pk).exists()


def _check_decider(transfer: TransferRequest, actor: Any) -> None:
    """PermissionDenied, with a sentence saying who may decide, unless ``actor`` may."""
    if not may_decide(actor, transfer):
        raise PermissionDenied(
            _(
                "Only an administrator of the institution that holds the record, or a national "
                "administrator, may decide this transfer."
            )
        )


# Views call it first, so that whoever may not decide is refused before their input is read.
check_decider = _check_decider


def _clean_note(note: Any, *, field: str) -> str:
    text = str(note or "").strip()
    if len(text) > NOTE_MAX:
        raise DomainError(
            _("Keep the text under %(max)s characters.") % {"max": NOTE_MAX},
            errors=[
                {
                    "field": field,
                    "message": _("At most %(max)s characters.") % {"max": NOTE_MAX},
                }
            ],
        )
    return text


def _pending(transfer: TransferRequest) -> TransferRequest:
    """The transfer locked for the decision; refused when it has been decided already."""
    locked = TransferRequest.objects.select_for_update().get(pk=transfer.pk)
    if locked.status != TransferStatus.PENDING:
        raise Conflict(_("This transfer has already been decided."))
    return locked


def _decided(transfer: TransferRequest, status: str, actor: Any, note: str) -> None:
    transfer.status = status
    transfer.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    transfer.decided_at = timezone.now()
    transfer.decision_note = note
    transfer.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "identity_applied"]
    )


def transfer_confirm(
    *, transfer: TransferRequest, actor: Any, apply_identity: bool = False, note: str = ""
) -> TransferRequest:
    """Move the person to the receiving institution: close the old period, open the new one.

    The receiving side's employment values apply; its identity values only with
    ``apply_identity`` (the holder's explicit decision, recorded on the transfer).
    """
    _check_decider(transfer, actor)
    note = _clean_note(note, field="note")
    with transaction.atomic():
        transfer = _pending(transfer)
        employee = Employee.objects.select_for_update().get(pk=transfer.employee_id)
        if employee.institution_id != transfer.from_institution_id:
            raise Conflict(
                _(
                    "The civil servant is no longer registered in the institution this transfer "
                    "comes from, so it cannot be confirmed. Reject it instead."
                )
            )
        data = transfer.payload or {}
        target = transfer.to_institution
        # The transfer's date: the TMT sent, else the day it is confirmed. The period at
        # the source institution ends on it, where the new one starts.
        valid_from = _payload_date(data.get("valid_from")) or timezone.localdate()
        employee.close_period(until=valid_from)
        fields = EMPLOYMENT_FIELDS + (IDENTITY_FIELDS if apply_identity else ())
        for field in fields:
            value = data.get(field)
            if value:
                is_date = Employee._meta.get_field(field).get_internal_type() == "DateField"
                setattr(employee, field, _payload_date(value) if is_date else value)
        employee.status = data.get("status") or EmploymentStatus.ACTIVE
        employee.institution = target
        employee.work_unit = _work_unit(target, data.get("work_unit"))
        employee.position = _position(target, data.get("position"), data.get("position_kind"))
        # Never the previous position's kind: the one sent, else the new position's own.
        employee.position_kind = data.get("position_kind") or (
            employee.position.kind if employee.position else ""
        )
        employee.fingerprint = ""  # the next import compares field by field
        employee.period_start = valid_from
        employee.period_source = f"transfer:{transfer.pk}"
        try:
            employee.full_clean()
        except ValidationError as exc:
            raise DomainError(
                _("The values sent cannot be applied: %(problems)s")
                % {"problems": "; ".join(exc.messages)}
            ) from None
        employee.save()
        transfer.identity_applied = bool(apply_identity)
        _decided(transfer, TransferStatus.CONFIRMED, actor, note)
        audit_record(
            actor=actor,
            action="people.transfer_confirm",
            target=transfer,
            institution=transfer.from_institution,
            data={
                "nip": employee.nip,
                "from": transfer.from_institution_id,
                "to": target.pk,
                "identity_applied": bool(apply_identity),
                "note": note,
            },
            change=AuditSubject.Change.UPDATED,  # the person's record moved
        )
    return transfer


def transfer_reject(*, transfer: TransferRequest, actor: Any, reason: str = "") -> TransferRequest:
    """Refuse the move: the person stays where they are. A reason is required."""
    _check_decider(transfer, actor)
    reason = _clean_note(reason, field="reason")
    if not reason:
        message = _(
            "Give the reason for the rejection: the institution that asked for the transfer reads it."
        )
        raise DomainError(message, errors=[{"field": "reason", "message": message}])
    with transaction.atomic():
        transfer = _pending(transfer)
        _decided(transfer, TransferStatus.REJECTED, actor, reason)
        audit_record(
            actor=actor,
            action="people.transfer_reject",
            target=transfer,
            institution=transfer.from_institution,
            data={
                "nip": transfer.employee.nip,
                "from": transfer.from_institution_id,
                "to": transfer.to_institution_id,
                "reason": reason,
            },
        )
    return transfer


def _work_unit(institution: Any, path: str | None) -> WorkUnit | None:
    if not path:
        return None
    # The import's rule: a unit by its code first, then by its path (created if none).
    coded = WorkUnit.objects.filter(institution=institution, code=path).exclude(code="").first()
    if coded is not None:
        return coded
    return WorkUnit.objects.get_or_create(
        institution=institution, path=path, defaults={"name": path[:255]}
    )[0]


def _position(institution: Any, name: str | None, kind: str | None) -> Position | None:
    if not name:
        return None
    return Position.objects.get_or_create(
        institution=institution, name=name, defaults={"kind": kind or kind_from_name(name)}
    )[0]


def _payload_date(value: Any) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])


# --- asking: the receiving institution starts a transfer -----------------------------


def transfer_lookup(*, nip: Any, institution: Any) -> Employee:
    """The civil servant ``institution`` asks for, by NIP: registered in another one.

    DomainError (on the field ``nip``) when the NIP is malformed, unknown, or already
    in ``institution``. The caller has checked that the actor may ask (``add``)."""
    try:
        nip = normalize_nip(nip)
    except ParseError as exc:
        _refuse("nip", str(exc))
    employee = Employee.objects.select_related("institution").filter(nip=nip).first()
    if employee is None:
        _refuse("nip", _("No civil servant with the NIP %(nip)s is registered.") % {"nip": nip})
    if employee.institution_id == getattr(institution, "pk", institution):
        _refuse(
            "nip",
            _("%(name)s is already registered in your institution: there is nothing to ask for.")
            % {"name": employee.display_name},
        )
    return employee


def transfer_request(
    *,
    nip: Any,
    institution: Any,
    actor: Any,
    position: str,
    work_unit: str,
    note: str,
    valid_from: date | None = None,
) -> TransferRequest:
    """The receiving institution asks for a civil servant registered elsewhere; the
    holder decides (:func:`transfer_confirm`, :func:`transfer_reject`).

    The request carries what the import's transfer requests carry (people/importing/
    merge.py): the NIP, the person's identity values as the holder's record has them,
    the new position and work unit, the TMT (None: the day it is confirmed), and the
    receiving side's reason (``request_note``, required).
    """
    if institution is None or not may(actor, TransferRequest, "add", institution):
        raise PermissionDenied(_("Only an institution's operators and administrators may ask."))
    note = _clean_note(note, field="request_note")
    if not note:
        _refuse(
            "request_note", _("Give the reason for the request: the holding institution reads it.")
        )
    position = " ".join(str(position or "").split())
    work_unit = " ".join(str(work_unit or "").split())
    if not position:
        _refuse("position", _("Give the new position."))
    if not work_unit:
        _refuse("work_unit", _("Give the new work unit."))
    with transaction.atomic():
        employee = transfer_lookup(nip=nip, institution=institution)
        if TransferRequest.objects.filter(
            employee=employee, to_institution=institution, status=TransferStatus.PENDING
        ).exists():
            raise Conflict(_("A transfer of this person to this institution is already waiting."))
        payload = {
            "nip": employee.nip,
            "id_kind": employee.id_kind,
            **{f: getattr(employee, f) for f in ("full_name", "title_front", "title_back")},
            "status": EmploymentStatus.ACTIVE,
            "position": position,
            "work_unit": work_unit,
            "valid_from": valid_from.isoformat() if valid_from else None,
        }
        transfer = TransferRequest.objects.create(
            employee=employee,
            from_institution_id=employee.institution_id,
            to_institution=institution,
            payload=payload,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            request_note=note,
        )
        audit_record(
            actor=actor,
            action="people.transfer_request",
            target=transfer,
            institution=institution,
            data={
                "nip": employee.nip,
                "from": employee.institution_id,
                "to": getattr(institution, "pk", institution),
                "note": note,
            },
            change=AuditSubject.Change.TRANSFER,
        )
    return transfer


def _refuse(field: str, message: Any) -> NoReturn:
    raise DomainError(message, errors=[{"field": field, "message": message}])
