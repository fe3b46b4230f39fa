"""Writes about budgets: a revision entered (on screen, by the API or imported), and an
administrator's decision on it.

A revision's figures are refused when an amount is negative, the development
allocation exceeds the total, or the fiscal year is far outside (before
``FIRST_YEAR`` or after next year). Every revision awaits approval by an
administrator who did not enter it; the latest approved revision is the budget, so
approving a revision older than an approved one is refused (it is superseded).
Every write checks the grant with ``may`` and records its audit entry in its
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution

from .models import Budget, BudgetRevision, RevisionKind, RevisionStatus

FIRST_YEAR = 2000
AMOUNT_DIGITS = 18  # the columns' max_digits


def last_year(today: date | None = None) -> int:
    """The latest fiscal year accepted: next year (a budget is drafted a year ahead)."""
    return (today or timezone.localdate()).year + 1


@dataclass(frozen=True)
class Figures:
    """What a revision says; the rest (number, author, status) the service sets."""

    kind: str
    total_budget: Any
    development_allocation: Any
    document: str = ""
    effective_date: date | None = None
    note: str = ""


def _amount(value: Any, field: str, label: str, errors: list[dict[str, Any]]) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.append({"field": field, "message": _("%(field)s: not a number.") % {"field": label}})
        return None
    if not amount.is_finite() or amount != amount.to_integral_value():
        errors.append(
            {
                "field": field,
                "message": _("%(field)s: whole Rupiah, without decimals.") % {"field": label},
            }
        )
        return None
    if amount < 0:
        errors.append(
            {"field": field, "message": _("%(field)s cannot be negative.") % {"field": label}}
        )
        return None
    if len(str(int(amount))) > AMOUNT_DIGITS:
        errors.append({"field": field, "message": _("%(field)s is too large.") % {"field": label}})
        return None
    return amount


def figures_problems(
    year: Any, figures: Figures, *, today: date | None = None
) -> tuple[list[dict[str, Any]], Decimal | None, Decimal | None]:
    """Every problem of the figures (one rule for screen, API and import):
    ``(errors, total, allocation)``."""
    errors: list[dict[str, Any]] = []
    latest = last_year(today)
    if not isinstance(year, int) or not FIRST_YEAR <= year <= latest:
        errors.append(
            {
                "field": "fiscal_year",
                "message": _("The fiscal year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": latest},
            }
        )
    if figures.kind not in RevisionKind.values:
        errors.append({"field": "kind", "message": _("Choose the kind of revision.")})
    total = _amount(figures.total_budget, "total_budget", _("The total budget"), errors)
    allocation = _amount(
        figures.development_allocation,
        "development_allocation",
        _("The allocation to competency development"),
        errors,
    )
    if total is not None and allocation is not None and allocation > total:
        errors.append(
            {
                "field": "development_allocation",
                "message": _(
                    "The allocation to competency development cannot exceed the total budget."
                ),
            }
        )
    if len(figures.document) > 200:
        errors.append(
            {"field": "document", "message": _("The document is at most 200 characters.")}
        )
    return errors, total, allocation


def _refuse(errors: list[dict[str, Any]]) -> None:
    if errors:
        text = " ".join([_("The budget was not saved."), *(str(e["message"]) for e in errors)])
        raise DomainError(text, errors=errors)


def _initial_allowed(budget: Budget, kind: str) -> list[dict[str, Any]]:
    if (
        kind == RevisionKind.INITIAL
        and budget.revisions.filter(status=RevisionStatus.APPROVED).exists()
    ):
        return [
            {
                "field": "kind",
                "message": _(
                    "The budget already has approved figures: enter an amended budget "
                    "(APBD-P) or a shift instead of an initial budget."
                ),
            }
        ]
    return []


def budget_revision_submit(
    *,
    institution: Institution,
    year: int,
    figures: Figures,
    actor: Any,
    source: str = "screen",
) -> BudgetRevision:
    """Enter a revision of ``institution``'s budget for ``year``: it awaits approval."""
    if not may(actor, BudgetRevision, "add", institution):
        raise PermissionDenied(_("You may not enter budgets for this institution."))
    errors, total, allocation = figures_problems(year, figures)
    _refuse(errors)
    assert total is not None and allocation is not None  # no error: both were read
    with transaction.atomic():
        budget, _created = Budget.objects.get_or_create(institution=institution, fiscal_year=year)
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        _refuse(_initial_allowed(budget, figures.kind))
        revision = _create(budget, figures, total, allocation, actor, source)
        audit_record(
            actor=actor,
            action="development.budget_revision_submit",
            target=revision,
            institution=institution,
            data=_audit_data(revision),
        )
    return revision


def _create(
    budget: Budget,
    figures: Figures,
    total: Decimal,
    allocation: Decimal,
    actor: Any,
    source: str,
) -> BudgetRevision:
    number = (budget.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return BudgetRevision.objects.create(
        budget=budget,
        institution_id=budget.institution_id,
        fiscal_year=budget.fiscal_year,
        number=number,
        kind=figures.kind,
        total_budget=total,
        development_allocation=allocation,
        document=figures.document.strip(),
        effective_date=figures.effective_date,
        note=figures.note.strip(),
        source=source,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _audit_data(revision: BudgetRevision) -> dict[str, Any]:
    return {
        "fiscal_year": revision.fiscal_year,
        "number": revision.number,
        "kind": revision.kind,
        "total_budget": str(revision.total_budget),
        "development_allocation": str(revision.development_allocation),
        "status": revision.status,
    }


def _decidable(revision: BudgetRevision, actor: Any) -> BudgetRevision:
    """The revision locked for a decision, or the refusal that applies."""
    if not may(actor, BudgetRevision, "change", revision.institution_id):
        raise PermissionDenied(_("You may not decide on this institution's budget."))
    Budget.objects.select_for_update().get(pk=revision.budget_id)
    revision = BudgetRevision.objects.get(pk=revision.pk)
    if revision.status != RevisionStatus.SUBMITTED:
        raise Conflict(
            _("This revision has already been decided (%(status)s).")
            % {"status": revision.get_status_display()}
        )
    if actor is not None and revision.entered_by_id == getattr(actor, "pk", None):
        raise DomainError(
            _("You entered this revision: another administrator must approve or reject it."),
            code="own_entry",
        )
    return revision


def budget_revision_approve(*, revision: BudgetRevision, actor: Any) -> BudgetRevision:
    """Approve a submitted revision: it becomes the budget (refused if a later one is
    already approved, or for its author)."""
    with transaction.atomic():
        revision = _decidable(revision, actor)
        later = BudgetRevision.objects.filter(
            budget_id=revision.budget_id,
            status=RevisionStatus.APPROVED,
            number__gt=revision.number,
        ).first()
        if later is not None:
            raise Conflict(
                _(
                    "Revision %(number)s is superseded: revision %(later)s is already "
                    "approved. Reject it, or enter a new revision."
                )
                % {"number": revision.number, "later": later.number}
            )
        _decide(revision, RevisionStatus.APPROVED, actor, "")
        audit_record(
            actor=actor,
            action="development.budget_revision_approve",
            target=revision,
            institution=revision.institution_id,
            data=_audit_data(revision),
        )
    return revision


def budget_revision_reject(*, revision: BudgetRevision, actor: Any, reason: str) -> BudgetRevision:
    """Reject a submitted revision, with a reason (refused for its author)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Say why the revision is rejected."),
            errors=[{"field": "reason", "message": _("Say why the revision is rejected.")}],
        )
    with transaction.atomic():
        revision = _decidable(revision, actor)
        _decide(revision, RevisionStatus.REJECTED, actor, reason)
        audit_record(
            actor=actor,
            action="development.budget_revision_reject",
            target=revision,
            institution=revision.institution_id,
            data={**_audit_data(revision), "reason": reason},
        )
    return revision


def _decide(revision: BudgetRevision, status: str, actor: Any, note: str) -> None:
    revision.status = status
    revision.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    revision.decided_at = timezone.now()
    revision.decision_note = note
    revision.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
