"""The JP conversion table and the forms of development: national reference data.

A rule is never edited: a changed regulation is a new row from a date on, and an
activity is judged by the row valid on its first day (:mod:`.jp_rules`). The national
administrator adds rows, and adds or retires forms (a retired form takes no new
activities; its history stays). Each write is audited in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import has_permission

from .models import DevelopmentForm, FormCategory, JpBasis, JpRule


def _field_error(field: str, message: Any, code: str = "invalid") -> DomainError:
    return DomainError(message, errors=[{"field": field, "message": str(message)}], code=code)


@dataclass
class RuleInput:
    valid_from: date
    basis: str
    jp_per_unit: Decimal | None = None
    is_maximum: bool = False
    max_units_per_month: int | None = None
    max_jp_per_year: Decimal | None = None
    source: str = ""


def _check_rule(data: RuleInput) -> None:
    if data.basis not in JpBasis.values:
        raise _field_error("basis", _("Choose how the JP are counted."))
    if data.basis == JpBasis.ACTUAL:
        if data.jp_per_unit is not None:
            raise _field_error(
                "jp_per_unit",
                _("A form credited its actual lesson hours has no JP per unit: leave it empty."),
            )
        if data.is_maximum or data.max_units_per_month:
            raise _field_error(
                "basis", _("Actual lesson hours take no ceiling per unit and no monthly cap.")
            )
    elif data.jp_per_unit is None or data.jp_per_unit <= 0:
        raise _field_error("jp_per_unit", _("JP per unit must be more than zero."))
    if data.max_units_per_month is not None:
        if data.basis != JpBasis.PER_SESSION:
            raise _field_error(
                "max_units_per_month", _("A monthly cap applies only to rules per session.")
            )
        if data.max_units_per_month < 1:
            raise _field_error("max_units_per_month", _("The monthly cap must be at least one."))
    if data.max_jp_per_year is not None and data.max_jp_per_year <= 0:
        raise _field_error("max_jp_per_year", _("The yearly cap must be more than zero."))
    if data.jp_per_unit is not None and data.jp_per_unit > 1000:
        raise _field_error("jp_per_unit", _("JP per unit must be at most 1000."))


@transaction.atomic
def rule_add(*, form: DevelopmentForm, data: RuleInput, actor: Any) -> JpRule:
    """A new row of the conversion table for ``form`` from ``data.valid_from`` on.

    Refused for a date that already has a row; rows in the past stay as they were.
    """
    if actor is not None and not has_permission(actor, JpRule, "add"):
        raise PermissionDenied
    _check_rule(data)
    if len(data.source or "") > 300:
        raise _field_error("source", _("At most %(limit)s characters.") % {"limit": 300})
    if JpRule.objects.filter(form=form, valid_from=data.valid_from).exists():
        raise _field_error(
            "valid_from",
            _("This form already has a rule from this date. Add a rule from another date."),
            "duplicate",
        )
    rule = JpRule(
        form=form,
        valid_from=data.valid_from,
        basis=data.basis,
        jp_per_unit=data.jp_per_unit,
        is_maximum=data.is_maximum,
        max_units_per_month=data.max_units_per_month,
        max_jp_per_year=data.max_jp_per_year,
        source=(data.source or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        rule.full_clean(exclude=["form", "created_by"])
        with transaction.atomic():
            rule.save()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    except IntegrityError:
        raise _field_error(
            "valid_from", _("This form already has a rule from this date."), "duplicate"
        ) from None
    audit_record(
        actor=actor,
        action="development.rule_add",
        target=rule,
        data={
            "form": form.code,
            "valid_from": data.valid_from.isoformat(),
            "basis": data.basis,
            "jp_per_unit": str(data.jp_per_unit) if data.jp_per_unit is not None else None,
        },
    )
    return rule


@transaction.atomic
def form_add(
    *, code: str, name: str, name_en: str, category: str, rule: RuleInput, actor: Any
) -> DevelopmentForm:
    """A new form of development with its first rule (a form without a rule credits
    nothing)."""
    if actor is not None and not has_permission(actor, DevelopmentForm, "add"):
        raise PermissionDenied
    code = (code or "").strip().lower()
    if not code or DevelopmentForm.objects.filter(code=code).exists():
        raise _field_error("code", _("Another form already has this code."), "duplicate")
    if not (name or "").strip():
        raise _field_error("name", _("Give the form's name."))
    if category not in FormCategory.values:
        raise _field_error("category", _("Choose the category."))
    order = (DevelopmentForm.objects.aggregate(m=Max("order"))["m"] or 0) + 1
    form = DevelopmentForm(
        code=code, name=name.strip(), name_en=(name_en or "").strip(), category=category,
        order=order,
    )  # fmt: skip
    try:
        form.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise _field_error(field, " ".join(messages)) from None
    form.save()
    audit_record(
        actor=actor,
        action="development.form_add",
        target=form,
        data={"code": code, "category": category},
    )
    rule_add(form=form, data=rule, actor=actor)
    return form


@transaction.atomic
def form_set_active(*, form: DevelopmentForm, active: bool, actor: Any) -> DevelopmentForm:
    """Retire a form (no new activities or programmes) or bring it back."""
    if actor is not None and not has_permission(actor, DevelopmentForm, "change"):
        raise PermissionDenied
    locked = DevelopmentForm.objects.select_for_update().get(pk=form.pk)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="development.form_retire" if not active else "development.form_restore",
        target=locked,
        data={"code": locked.code},
    )
    return locked
