"""Writes about one civil servant: register, edit, deactivate; and the audit of reads of one.

The bulk path is ``services.employee_import``. These check a record's values as one
row of a register file, by the import's own rules and messages (:mod:`.employee_check`),
and make the history entry an import makes: a change of the work unit, position,
rank, kind or status closes the current period and opens a new one; a change of the
name or titles alone does not. Each write records an audit entry with every changed
field, old and new, in its transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read, audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditSubject
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution

from .employee_check import EDITABLE_FIELDS, HISTORY_FIELDS, check_values
from .models import Employee, EmployeeKind, EmploymentStatus, Position, WorkUnit
from .parsing import ParseError
from .parsing.values import check_text

# A unit by its code, else by its path (created if none); a position by its name: the
# import's rules, shared with a confirmed transfer.
from .services_transfer import _position as position_for
from .services_transfer import _work_unit as work_unit_for

INACTIVE_STATUSES = (
    EmploymentStatus.RETIRED,
    EmploymentStatus.MOVED_OUT,
    EmploymentStatus.DECEASED,
)
NOTE_MAX = 1000
SOURCE = "edit"  # the period source of a change made on the form or through the API


def record_values(employee: Employee) -> dict[str, Any]:
    """The record as an edit's values: every field the import writes, related ones by name."""
    values: dict[str, Any] = {"nip": employee.nip}
    for field in EDITABLE_FIELDS:
        if field == "work_unit":
            values[field] = employee.work_unit.path if employee.work_unit else ""
        elif field == "position":
            values[field] = employee.position.name if employee.position else ""
        else:
            values[field] = getattr(employee, field)
    return values


def _refused(message: str, errors: list[dict[str, Any]]) -> DomainError:
    return DomainError(message, errors=errors)


def _owned(model: Any, pk: Any, institution: Institution, field: str) -> Any:
    """A work unit or position given by id (the API): it must be the institution's."""
    found = model.objects.filter(pk=pk, institution=institution).first()
    if found is None:
        message = _("%(model)s %(pk)s does not belong to this institution.") % {
            "model": model._meta.verbose_name,
            "pk": pk,
        }
        raise _refused(message, [{"field": field, "message": message}])
    return found


def _named(data: dict[str, Any], institution: Institution) -> dict[str, Any]:
    """``data`` with a work unit or position given by id replaced by its path or name."""
    named = dict(data)
    if named.get("work_unit_id"):
        named["work_unit"] = _owned(
            WorkUnit, named["work_unit_id"], institution, "work_unit_id"
        ).path
    if named.get("position_id"):
        named["position"] = _owned(Position, named["position_id"], institution, "position_id").name
    return named


def _checked(values: dict[str, Any], *, failed: str) -> dict[str, Any]:
    """The staged values of ``values`` by the import's rules, or DomainError per field."""
    today = timezone.localdate()
    staged, errors = check_values(values, today=today)
    effective = _period_start(values.get("valid_from"))
    if effective is not None and effective > today:
        message = _("The effective date cannot be in the future.")
        errors.append({"field": "valid_from", "message": message})
    if staged is None or errors:
        raise _refused(failed, errors)
    return staged


def _after(staged: dict[str, Any], institution: Institution) -> dict[str, Any]:
    """The record's values once ``staged`` is written (:func:`record_values`), writing nothing."""
    after = {f: staged.get(f) or "" for f in EDITABLE_FIELDS}
    after["status"] = staged.get("state") or EmploymentStatus.ACTIVE
    after["birth_date"] = _period_start(staged.get("birth_date"))
    unit = staged.get("work_unit")
    if unit:
        coded = WorkUnit.objects.filter(institution=institution, code=unit).exclude(code="")
        after["work_unit"] = coded.values_list("path", flat=True).first() or unit
    if staged.get("position") and not staged.get("position_kind"):
        known = Position.objects.filter(institution=institution, name=staged["position"])
        after["position_kind"] = known.values_list("kind", flat=True).first() or ""
    return after


def _apply(employee: Employee, staged: dict[str, Any], institution: Institution) -> None:
    """Write the staged values to ``employee`` (not saved); a blank value clears the field."""
    for field in EDITABLE_FIELDS:
        if field in ("work_unit", "position", "status", "birth_date", "position_kind"):
            continue
        setattr(employee, field, staged.get(field) or "")
    employee.id_kind = staged["id_kind"]
    employee.employee_kind = staged.get("employee_kind") or EmployeeKind.PNS
    employee.status = staged.get("state") or EmploymentStatus.ACTIVE
    birth = staged.get("birth_date")
    employee.birth_date = date.fromisoformat(birth) if birth else None
    employee.work_unit = work_unit_for(institution, staged.get("work_unit"))
    position = position_for(institution, staged.get("position"), staged.get("position_kind"))
    employee.position = position
    # A position's kind unless the values name one (as the import's merge).
    employee.position_kind = staged.get("position_kind") or (position.kind if position else "")
    employee.fingerprint = ""  # the next import compares field by field


def _save(employee: Employee, failed: str) -> None:
    try:
        employee.full_clean()
    except ValidationError as exc:
        raise _refused(
            failed,
            [{"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs],
        ) from None
    employee.save()


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [old, new] for each field that changed (dates as ISO text, blanks as "")."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else ("" if value is None else value)

    return {
        f: [plain(before.get(f)), plain(after.get(f))]
        for f in EDITABLE_FIELDS
        if plain(before.get(f)) != plain(after.get(f))
    }


def _period_start(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@transaction.atomic
def employee_create(
    *, actor: Any, institution: Institution, data: dict[str, Any], source: str = "api"
) -> Employee:
    """Register one civil servant in ``institution``; their first period starts at ``valid_from``.

    ``data``: nip, full_name, and optionally the other fields the import knows
    (:data:`.employee_check.EDITABLE_FIELDS`; the work unit and the position by path or
    name, or by ``work_unit_id``/``position_id``) and ``valid_from`` (the TMT; without
    it the period's start is unknown, never the day of typing).
    Raises DomainError listing every problem, Conflict when the NIP is registered,
    PermissionDenied when ``actor`` may not add civil servants to ``institution``.
    """
    if not may(actor, Employee, "add", institution):
        raise PermissionDenied(
            _("You may not register civil servants in %(institution)s.")
            % {"institution": institution}
        )
    failed = _("The civil servant was not registered: correct the fields listed.")
    values = _named(data, institution)
    values.setdefault("employee_kind", EmployeeKind.PNS)
    values["status"] = values.get("status") or EmploymentStatus.ACTIVE
    staged = _checked(values, failed=failed)
    existing = Employee.objects.filter(nip=staged["nip"]).select_related("institution").first()
    if existing is not None:
        raise _registered(existing, actor)
    employee = Employee(nip=staged["nip"], institution=institution)
    _apply(employee, staged, institution)
    employee.period_start = _period_start(data.get("valid_from"))
    employee.period_source = source
    _save(employee, failed)
    audit_record(
        actor=actor,
        action="people.employee.create",
        target=employee,
        data={"nip": employee.nip, "changes": _changes({}, record_values(employee))},
        change=AuditSubject.Change.CREATED,
    )
    return employee


def employee_update(*, actor: Any, employee: Employee, data: dict[str, Any]) -> Employee:
    """Change one civil servant's record with ``data`` (any of the fields the import knows).

    The NIP never changes. A change of a field the import keeps history of closes the
    current period and starts the new one at ``valid_from`` (both unknown when not
    given). When nothing changes, nothing is written and no audit entry recorded.
    """
    with transaction.atomic():
        employee = (
            Employee.objects.select_for_update(of=("self",))
            .select_related("institution", "work_unit", "position")
            .get(pk=employee.pk)
        )
        institution = employee.institution
        if not may(actor, Employee, "change", institution):
            raise PermissionDenied(_("You may not change this civil servant's record."))
        failed = _("The record was not saved: correct the fields listed.")
        before = record_values(employee)
        given = {k: v for k, v in _named(data, institution).items() if k in EDITABLE_FIELDS}
        staged = _checked({**before, **given, "valid_from": data.get("valid_from")}, failed=failed)
        valid_from = _period_start(data.get("valid_from"))
        changes = _changes(before, _after(staged, institution))
        if not changes:
            return employee
        if any(f in HISTORY_FIELDS for f in changes):
            # Ended where the new one starts: unknown when nobody said (never "today").
            employee.close_period(until=valid_from, source=SOURCE)
            employee.period_start = valid_from
            employee.period_source = SOURCE
        _apply(employee, staged, institution)
        _save(employee, failed)
        audit_record(
            actor=actor,
            action="people.employee.update",
            target=employee,
            data={
                "nip": employee.nip,
                "changes": changes,
                "valid_from": valid_from.isoformat() if valid_from else None,
            },
            change=AuditSubject.Change.UPDATED,
        )
    return employee


def employee_deactivate(
    *, actor: Any, employee: Employee, status: str, date: date | None, note: str = ""
) -> Employee:
    """Record that a civil servant retired, moved out or died on ``date``.

    The current period closes on that date and the period of the new status starts
    there. The date may not be in the future, nor before the current period began.
    """
    failed = _("The civil servant was not deactivated: correct the fields listed.")
    errors: list[dict[str, Any]] = []
    if status not in INACTIVE_STATUSES:
        errors.append({"field": "status", "message": _("Choose retired, moved out or deceased.")})
    if date is None:
        errors.append({"field": "date", "message": _("Give the date it took effect.")})
    elif date > timezone.localdate():
        errors.append({"field": "date", "message": _("The date cannot be in the future.")})
    note = " ".join(str(note or "").split())
    try:
        check_text(note, "note")
    except ParseError as exc:
        errors.append({"field": "note", "message": str(exc.message)})
    if len(note) > NOTE_MAX:
        message = _("The note is longer than %(limit)s characters. Shorten it.")
        errors.append({"field": "note", "message": message % {"limit": NOTE_MAX}})
    with transaction.atomic():
        employee = (
            Employee.objects.select_for_update(of=("self",))
            .select_related("institution")
            .get(pk=employee.pk)
        )
        if not may(actor, Employee, "change", employee.institution):
            raise PermissionDenied(_("You may not change this civil servant's record."))
        if date is not None and employee.period_start and date < employee.period_start:
            message = _("The current period began on %(start)s: the date cannot be before it.") % {
                "start": employee.period_start.strftime("%d-%m-%Y")
            }
            errors.append({"field": "date", "message": message})
        if status == employee.status:
            message = _("The record has this status already.")
            errors.append({"field": "status", "message": message})
        if errors:
            raise _refused(failed, errors)
        assert date is not None
        old = employee.status
        employee.close_period(until=date, source=SOURCE)
        employee.status = status
        employee.period_start = date
        employee.period_source = SOURCE
        employee.fingerprint = ""
        employee.save()
        audit_record(
            actor=actor,
            action="people.employee.deactivate",
            target=employee,
            data={
                "nip": employee.nip,
                "changes": {"status": [old, status]},
                "valid_from": date.isoformat(),
                "note": note,
            },
            change=AuditSubject.Change.UPDATED,
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
