"""Writes about personal development plans: a plan drafted for a year, its items added,
changed and removed, the plan submitted, and the institution's decision on it.

Who writes: the person themselves (their own plan, SELF), or the staff of the person's
institution (operators, administrators; INSTITUTION). Only a draft or a returned plan
changes. A submitted plan is approved, or returned with a note, by the institution's
administrator or operator, never by the person whose plan it is. Every write checks
the grant and records its audit entry in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditSubject
from tangguh.core.scoping import Scope, may, scope_for
from tangguh.development.filters_catalogue import open_to_q
from tangguh.development.models import DevelopmentForm, Programme, ProgrammeStatus
from tangguh.people.models import Employee

from .frameworks import current_competencies
from .models import DevelopmentPlan, PlanItem, PlanStatus

FIRST_YEAR = 2000
EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)
MAX_ITEMS = 30


def last_year() -> int:
    """Plans are drafted at most a year ahead."""
    return timezone.localdate().year + 1


def is_own(actor: Any, nip: str) -> bool:
    return bool(getattr(actor, "nip", "")) and actor.nip == nip


def may_write(actor: Any, action: str, *, institution_id: int, nip: str) -> bool:
    """The person on their own plan (SELF), or staff of the plan's institution."""
    if actor is None:
        return True
    scope = scope_for(actor, DevelopmentPlan, action)
    if scope == Scope.SELF:
        return is_own(actor, nip)
    return may(actor, DevelopmentPlan, action, institution_id)


def may_decide(actor: Any, plan: DevelopmentPlan) -> bool:
    """Staff of the plan's institution, and not the person whose plan it is."""
    if actor is None:
        return True
    if scope_for(actor, DevelopmentPlan, "change") in (None, Scope.SELF):
        return False
    return may(actor, DevelopmentPlan, "change", plan.institution_id) and not is_own(
        actor, plan.nip
    )


def _audit(plan: DevelopmentPlan, actor: Any, action: str, change: str, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"competencies.{action}",
        target=plan,
        institution=plan.institution_id,
        data={"nip": plan.nip, "year": plan.year, "status": plan.status, **data},
        nips=[plan.nip],
        change=change,
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- the plan --------------------------------------------------------------------------


def plan_create(*, employee: Employee, year: int, actor: Any) -> DevelopmentPlan:
    """Draft ``employee``'s plan for ``year`` (one per person and year)."""
    if not may_write(actor, "add", institution_id=employee.institution_id, nip=employee.nip):
        raise PermissionDenied(_("You may not draft a plan for this person."))
    if not isinstance(year, int) or not FIRST_YEAR <= year <= last_year():
        message = _("The year must be between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": last_year(),
        }
        raise DomainError(message, errors=[{"field": "year", "message": message}])
    if DevelopmentPlan.objects.filter(employee=employee, year=year).exists():
        raise Conflict(_("This person already has a plan for this year."))
    try:
        with transaction.atomic():
            plan = DevelopmentPlan.objects.create(
                employee=employee,
                nip=employee.nip,
                institution_id=employee.institution_id,
                year=year,
                created_by=_user(actor),
            )
            _audit(plan, actor, "plan_create", AuditSubject.Change.CREATED)
    except IntegrityError:
        raise Conflict(_("This person already has a plan for this year.")) from None
    return plan


def _locked(plan: DevelopmentPlan) -> DevelopmentPlan:
    return DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)


def _editable(plan: DevelopmentPlan, actor: Any, action: str = "change") -> DevelopmentPlan:
    if not may_write(actor, action, institution_id=plan.institution_id, nip=plan.nip):
        raise PermissionDenied(_("You may not change this plan."))
    plan = _locked(plan)
    if plan.status not in EDITABLE:
        raise Conflict(
            _("Only a draft or a returned plan changes; this one is %(status)s.")
            % {"status": plan.get_status_display().lower()}
        )
    return plan


def plan_submit(*, plan: DevelopmentPlan, actor: Any) -> DevelopmentPlan:
    """Submit a draft (or returned) plan with at least one item for approval."""
    with transaction.atomic():
        plan = _editable(plan, actor)
        if not plan.items.exists():
            raise DomainError(_("Add at least one planned activity before submitting."))
        plan.status = PlanStatus.SUBMITTED
        plan.submitted_at = timezone.now()
        plan.save(update_fields=["status", "submitted_at"])
        _audit(plan, actor, "plan_submit", AuditSubject.Change.UPDATED)
    return plan


def plan_decide(
    *, plan: DevelopmentPlan, approve: bool, note: str = "", actor: Any
) -> DevelopmentPlan:
    """Approve a submitted plan, or return it with a note saying what to change."""
    note = (note or "").strip()
    if not approve and not note:
        message = _("Say what should change when returning a plan.")
        raise DomainError(message, errors=[{"field": "note", "message": message}])
    if not may_decide(actor, plan):
        if is_own(actor, plan.nip):
            raise PermissionDenied(_("This is your own plan: another administrator decides it."))
        raise PermissionDenied(_("You may not decide on this plan."))
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != PlanStatus.SUBMITTED:
            raise Conflict(
                _("Only a submitted plan is decided; this one is %(status)s.")
                % {"status": plan.get_status_display().lower()}
            )
        plan.status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
        plan.decided_at = timezone.now()
        plan.decided_by = _user(actor)
        plan.decision_note = note
        plan.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        _audit(
            plan,
            actor,
            "plan_approve" if approve else "plan_return",
            AuditSubject.Change.UPDATED,
            note=note,
        )
    return plan


# --- its items -------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    """What an item says, as entered (the service checks and converts it)."""

    activity: str = ""
    code: str = ""
    target_level: Any = None
    programme_id: Any = None
    form_id: Any = None
    jp: Any = None
    cost: Any = None


def _number(value: Any, field: str, label: str, errors: list[dict[str, Any]], places: int) -> Any:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        errors.append({"field": field, "message": _("%(field)s: not a number.") % {"field": label}})
        return None
    if number < 0:
        errors.append(
            {"field": field, "message": _("%(field)s cannot be negative.") % {"field": label}}
        )
        return None
    if number != round(number, places) or number >= Decimal(10) ** (12 if places == 0 else 5):
        errors.append(
            {"field": field, "message": _("%(field)s: not a valid amount.") % {"field": label}}
        )
        return None
    return number


def item_problems(plan: DevelopmentPlan, data: ItemData) -> tuple[list[dict[str, Any]], dict]:
    """Every problem of an item (one rule for screen and API): ``(errors, values)``."""
    errors: list[dict[str, Any]] = []
    values: dict[str, Any] = {"competency": None, "code": "", "target_level": None}
    programme = None
    if data.programme_id not in (None, ""):
        programme = (
            Programme.objects.filter(
                open_to_q(plan.institution_id, prefix=""),
                pk=_int(data.programme_id) or 0,
                status=ProgrammeStatus.PUBLISHED,
            )
            .select_related("form")
            .first()
        )
        if programme is None:
            errors.append(
                {"field": "programme", "message": _("Choose a programme from the catalogue.")}
            )
    values["programme"] = programme
    form = None
    if data.form_id not in (None, ""):
        form = DevelopmentForm.objects.filter(pk=_int(data.form_id) or 0, is_active=True).first()
        if form is None:
            errors.append({"field": "form", "message": _("Choose a form of development.")})
    values["form"] = form or (programme.form if programme else None)
    activity = (data.activity or "").strip() or (programme.title if programme else "")
    if not activity:
        errors.append({"field": "activity", "message": _("Say what the activity is.")})
    elif len(activity) > 300:
        errors.append(
            {"field": "activity", "message": _("The activity is at most 300 characters.")}
        )
    values["activity"] = activity
    code = (data.code or "").strip().upper()
    if code:
        competency = current_competencies(plan.institution_id).get(code)
        if competency is None:
            errors.append(
                {
                    "field": "code",
                    "message": _("%(code)s is not a competency in the dictionary in force.")
                    % {"code": code},
                }
            )
        values.update(competency=competency, code=code)
    if data.target_level not in (None, ""):
        level = _int(data.target_level)
        if level is None or not 1 <= level <= 5:
            errors.append(
                {"field": "target_level", "message": _("A level is a whole number from 1 to 5.")}
            )
        elif not code:
            errors.append(
                {"field": "target_level", "message": _("A target level needs its competency.")}
            )
        values["target_level"] = level
    jp = _number(data.jp, "jp", _("JP"), errors, 2)
    cost = _number(data.cost, "cost", _("The cost"), errors, 0)
    values["jp"] = jp if jp is not None else (programme.jp if programme else Decimal(0))
    values["cost"] = (
        cost if cost is not None else (programme.cost_per_participant if programme else Decimal(0))
    )
    return errors, values


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _refuse(errors: list[dict[str, Any]]) -> None:
    if errors:
        text = " ".join([_("The activity was not saved."), *(str(e["message"]) for e in errors)])
        raise DomainError(text, errors=errors)


def _item_audit(item: PlanItem) -> dict[str, Any]:
    return {
        "item": item.pk,
        "activity": item.activity,
        "code": item.code,
        "target_level": item.target_level,
        "programme": item.programme_id,
        "jp": str(item.jp),
        "cost": str(item.cost),
    }


def plan_item_add(*, plan: DevelopmentPlan, data: ItemData, actor: Any) -> PlanItem:
    """Add a planned activity to a draft or returned plan."""
    with transaction.atomic():
        plan = _editable(plan, actor)
        if plan.items.count() >= MAX_ITEMS:
            raise DomainError(
                _("A plan holds at most %(count)s activities.") % {"count": MAX_ITEMS}
            )
        errors, values = item_problems(plan, data)
        _refuse(errors)
        item = PlanItem(plan=plan, order=plan.items.count() + 1, **values)
        _save(item)
        _audit(plan, actor, "plan_item_add", AuditSubject.Change.UPDATED, **_item_audit(item))
    return item


def plan_item_change(*, item: PlanItem, data: ItemData, actor: Any) -> PlanItem:
    """Change a planned activity of a draft or returned plan."""
    with transaction.atomic():
        plan = _editable(item.plan, actor)
        errors, values = item_problems(plan, data)
        _refuse(errors)
        for field, value in values.items():
            setattr(item, field, value)
        _save(item)
        _audit(plan, actor, "plan_item_change", AuditSubject.Change.UPDATED, **_item_audit(item))
    return item


def plan_item_delete(*, item: PlanItem, actor: Any) -> None:
    """Remove a planned activity from a draft or returned plan."""
    with transaction.atomic():
        plan = _editable(item.plan, actor, "delete")
        data = _item_audit(item)
        item.delete()
        _audit(plan, actor, "plan_item_delete", AuditSubject.Change.UPDATED, **data)


def _save(item: PlanItem) -> None:
    try:
        item.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    item.save()
