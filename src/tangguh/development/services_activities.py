"""Recorded activities: record one, approve or reject it, withdraw it.

A civil servant records their own (SELF); operators and administrators record for the
people of their institution. The JP are judged by :mod:`.jp_rules` when the activity
is recorded (a claim above the rule is refused, the rule named) and again when it is
approved (what else the person has may have changed). Approval credits the ledger
through :func:`.ledger.ledger_append`; nobody approves their own activity (same NIP).
Every write records its audit entry in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, may, role_of, scope_for
from tangguh.people.models import Employee, EmploymentStatus

from .evidence import evidence_check
from .jp_rules import Allowance, Claim, judge, rule_for
from .ledger import ledger_append
from .models import Activity, ActivityStatus, DevelopmentForm, LedgerEntry, LedgerSource

PENDING_OR_APPROVED = (ActivityStatus.SUBMITTED, ActivityStatus.APPROVED)
EARLIEST = date(2000, 1, 1)
TEXT_FIELDS = {"title": 300, "organiser_name": 300}


def _field_error(field: str, message: Any, code: str = "invalid") -> DomainError:
    return DomainError(message, errors=[{"field": field, "message": str(message)}], code=code)


# --- who may -------------------------------------------------------------------------


def is_own(actor: Any, nip: str) -> bool:
    return bool(getattr(actor, "nip", "")) and actor.nip == nip


def may_record_for(actor: Any, employee: Employee) -> bool:
    """A civil servant for themselves; staff for the people of their institution."""
    if actor is None:
        return True
    if scope_for(actor, Activity, "add") == Scope.SELF:
        return is_own(actor, employee.nip)
    return may(actor, Activity, "add", employee.institution_id)


def may_decide(actor: Any, activity: Activity) -> bool:
    """Staff who may change the institution's activities; never the person themselves."""
    if actor is None:
        return True
    if role_of(actor) == Role.CIVIL_SERVANT or scope_for(actor, Activity, "change") == Scope.SELF:
        return False
    return may(actor, Activity, "change", activity.institution_id)


def may_withdraw(actor: Any, activity: Activity) -> bool:
    """The person themselves, or staff who may change the institution's activities."""
    if actor is None:
        return True
    scope = scope_for(actor, Activity, "change")
    if scope is None:
        return False
    if scope == Scope.SELF or is_own(actor, activity.nip):
        return is_own(actor, activity.nip)
    return may(actor, Activity, "change", activity.institution_id)


# --- the allowance ---------------------------------------------------------------------


def usage(
    *, employee: Employee, form: DevelopmentForm, start: date, exclude: int | None = None
) -> tuple[int, Decimal]:
    """What the person already has of ``form``: units in the month of ``start`` (pending
    and approved activities) and JP in its year (the ledger, plus pending claims)."""
    others = Activity.objects.filter(
        employee=employee, form=form, status__in=PENDING_OR_APPROVED
    ).exclude(pk=exclude or 0)
    month_units = (
        others.filter(start_date__year=start.year, start_date__month=start.month).aggregate(
            n=Sum("quantity")
        )["n"]
        or 0
    )
    ledger_jp = LedgerEntry.objects.filter(employee=employee, form=form, year=start.year).aggregate(
        jp=Sum("jp")
    )["jp"] or Decimal(0)
    pending_jp = others.filter(
        status=ActivityStatus.SUBMITTED, start_date__year=start.year
    ).aggregate(jp=Sum("jp_claimed"))["jp"] or Decimal(0)
    return int(month_units), Decimal(ledger_jp) + Decimal(pending_jp)


def activity_allowance(
    *,
    employee: Employee,
    form: DevelopmentForm,
    start: date,
    end: date,
    quantity: int | None,
    jp_claimed: Decimal | None,
    exclude: int | None = None,
) -> Allowance:
    """The rule valid on ``start`` applied to the claim (DomainError naming the rule)."""
    month_units, year_jp = usage(employee=employee, form=form, start=start, exclude=exclude)
    claim = Claim(start, end, quantity, jp_claimed, month_units=month_units, year_jp=year_jp)
    return judge(rule_for(form, start), claim, form=form)


# --- recording -----------------------------------------------------------------------


@dataclass
class ActivityInput:
    """What a screen, the API or an import row says about one activity."""

    form: DevelopmentForm
    title: str
    start_date: date
    end_date: date
    jp_claimed: Decimal | None = None
    quantity: int | None = None
    organiser_name: str = ""
    evidence_link: str = ""
    cost: Decimal = Decimal(0)


def check_input(data: ActivityInput, *, today: date | None = None) -> None:
    """The checks that need no database: text, dates, cost; each on its field."""
    today = today or timezone.localdate()
    title = (data.title or "").strip()
    if not title:
        raise _field_error("title", _("Give the activity's title."), "title_required")
    for name, limit in TEXT_FIELDS.items():
        if len(getattr(data, name) or "") > limit:
            raise _field_error(name, _("At most %(limit)s characters.") % {"limit": limit})
    if not data.form.is_active:
        raise _field_error("form", _("This form of development is no longer in use."))
    if data.end_date < data.start_date:
        raise _field_error("end_date", _("The last day cannot be before the first day."))
    if data.end_date > today:
        raise _field_error(
            "end_date",
            _("An activity is recorded after it took place: its last day cannot be in the future."),
        )
    if data.start_date < EARLIEST:
        raise _field_error("start_date", _("The first day is too far in the past."))
    if data.cost is not None and data.cost < 0:
        raise _field_error("cost", _("The cost cannot be negative."), "negative")


@transaction.atomic
def activity_record(
    *,
    employee: Employee,
    data: ActivityInput,
    actor: Any,
    evidence: Any = None,
    source: str = "screen",
    require_evidence: bool = True,
) -> Activity:
    """Record an activity awaiting approval; refused with the rule named if the claim is
    above what the rule allows."""
    if not may_record_for(actor, employee):
        raise PermissionDenied
    if employee.status != EmploymentStatus.ACTIVE:
        raise _field_error("nip", _("This person is not an active civil servant."))
    check_input(data)
    stored = evidence_check(evidence) if evidence else None
    if require_evidence and stored is None and not data.evidence_link:
        raise _field_error(
            "evidence",
            _("Attach the evidence (a PDF, JPEG or PNG of the certificate) or give a link to it."),
            "evidence_required",
        )
    allowance = activity_allowance(
        employee=employee,
        form=data.form,
        start=data.start_date,
        end=data.end_date,
        quantity=data.quantity,
        jp_claimed=data.jp_claimed,
    )
    activity = Activity(
        employee=employee,
        nip=employee.nip,
        full_name=employee.full_name,
        institution_id=employee.institution_id,
        form=data.form,
        title=data.title.strip(),
        organiser_name=(data.organiser_name or "").strip(),
        start_date=data.start_date,
        end_date=data.end_date,
        quantity=allowance.quantity,
        jp_claimed=allowance.credited,
        rule=allowance.rule,
        rule_note=allowance.note.as_json(),
        evidence_link=data.evidence_link or "",
        cost=_whole(data.cost),
        source=source,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if stored is not None:
        activity.evidence_name = stored.name
        activity.evidence.save(str(stored.content.name), stored.content, save=False)
    try:
        activity.full_clean(exclude=["evidence", "employee", "institution", "form", "rule"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise _field_error(field, " ".join(messages)) from None
    activity.save()
    audit_record(
        actor=actor,
        action="development.activity_record",
        target=activity,
        institution=activity.institution_id,
        data={"nip": activity.nip, "form": data.form.code, "jp_claimed": str(activity.jp_claimed)},
    )
    return activity


def _whole(amount: Decimal | None) -> Decimal:
    """Rupiah: 750000.00 is 750000 (a fraction stays, for the model's check to refuse)."""
    value = Decimal(amount or 0)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _locked(activity: Activity) -> Activity:
    return (
        Activity.objects.select_for_update().select_related("employee", "form").get(pk=activity.pk)
    )


@transaction.atomic
def activity_approve(*, activity: Activity, actor: Any, note: str = "") -> LedgerEntry:
    """Approve: the rule is applied again, the JP credited to the ledger; audited."""
    if not may_decide(actor, activity):
        raise PermissionDenied
    locked = _locked(activity)
    if is_own(actor, locked.nip):
        raise DomainError(
            _("Nobody approves their own activity: another officer of the institution must."),
            code="own_activity",
        )
    if locked.status != ActivityStatus.SUBMITTED:
        raise DomainError(_("Only an activity awaiting approval can be decided."), code="status")
    allowance = activity_allowance(
        employee=locked.employee,
        form=locked.form,
        start=locked.start_date,
        end=locked.end_date,
        quantity=locked.quantity,
        jp_claimed=locked.jp_claimed,
        exclude=locked.pk,
    )
    entry = ledger_append(
        employee=locked.employee,
        day=locked.end_date,
        jp=allowance.credited,
        form=locked.form,
        source=LedgerSource.ACTIVITY,
        description=locked.title,
        actor=actor,
        activity=locked,
        note=note,
    )
    locked.status = ActivityStatus.APPROVED
    locked.jp_credited = allowance.credited
    locked.rule = allowance.rule
    locked.rule_note = allowance.note.as_json()
    locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.decided_at = timezone.now()
    locked.decision_note = (note or "").strip()
    locked.save()
    audit_record(
        actor=actor,
        action="development.activity_approve",
        target=locked,
        institution=locked.institution_id,
        data={"nip": locked.nip, "jp": str(allowance.credited), "entry": entry.pk},
    )
    return entry


@transaction.atomic
def activity_reject(*, activity: Activity, actor: Any, reason: str) -> Activity:
    """Reject with a reason (required); nothing reaches the ledger; audited."""
    if not may_decide(actor, activity):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Say why the activity is rejected."), "reason_required")
    locked = _locked(activity)
    if locked.status != ActivityStatus.SUBMITTED:
        raise DomainError(_("Only an activity awaiting approval can be decided."), code="status")
    if is_own(actor, locked.nip):
        raise DomainError(
            _("Nobody decides on their own activity: another officer of the institution must."),
            code="own_activity",
        )
    locked.status = ActivityStatus.REJECTED
    locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.decided_at = timezone.now()
    locked.decision_note = reason
    locked.save()
    audit_record(
        actor=actor,
        action="development.activity_reject",
        target=locked,
        institution=locked.institution_id,
        data={"nip": locked.nip, "reason": reason},
    )
    return locked


@transaction.atomic
def activity_withdraw(*, activity: Activity, actor: Any) -> Activity:
    """The person (or their institution's staff) withdraws it while it awaits approval."""
    if not may_withdraw(actor, activity):
        raise PermissionDenied
    locked = _locked(activity)
    if locked.status != ActivityStatus.SUBMITTED:
        raise DomainError(_("Only an activity awaiting approval can be withdrawn."), code="status")
    locked.status = ActivityStatus.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save()
    audit_record(
        actor=actor,
        action="development.activity_withdraw",
        target=locked,
        institution=locked.institution_id,
        data={"nip": locked.nip},
    )
    return locked
