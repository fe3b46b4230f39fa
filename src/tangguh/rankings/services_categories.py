"""Writes of award categories: the national administrator defines and changes them.

A definition is refused whole, with the field that is wrong named, when it cannot be
ranked (``ranking.check_definition``: an unknown metric, no competitors, a period
that ends before it starts, a fiscal-year metric over a range of years, no place
awarded) or when its names or code break the rules below. A category's code is its
address and the published rankings' key: it is given once and never changed.
Each write is audited in its transaction. Publications already made keep the
definition they froze; a change reaches only what is computed or published after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tangguh.certification.metrics import Period
from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import has_permission

from .models import Category, Direction, TieRule
from .ranking import Definition, check_definition

CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Path segments under /peringkat/kategori/ that a code would shadow.
RESERVED_CODES = frozenset({"baru"})
FIRST_YEAR, LAST_YEAR = 2000, 2100
NAME_LIMIT = 300
DESCRIPTION_LIMIT = 4000

# ranking.check_definition's error codes -> the field a form shows the sentence on.
_FIELD_OF_CODE = {
    "metric": "metric",
    "competitors": "competitor_kinds",
    "period": "last_year",
    "places": "places",
}


@dataclass
class CategoryInput:
    """What the form (or a caller) gives; the code is read on creation only."""

    name_id: str
    name_en: str
    metric: str
    first_year: int
    last_year: int
    competitor_kinds: list[str] = field(default_factory=list)
    direction: str = Direction.DESC
    places: int = 3
    tie_rule: str = TieRule.SHARED
    minimum_civil_servants: int | None = None
    description_id: str = ""
    description_en: str = ""
    is_active: bool = True
    code: str = ""


def _refuse(field_name: str, message: Any, code: str = "invalid") -> DomainError:
    return DomainError(message, errors=[{"field": field_name, "message": str(message)}], code=code)


def _clean_text(data: CategoryInput) -> None:
    data.name_id = (data.name_id or "").strip()
    data.name_en = (data.name_en or "").strip()
    data.description_id = (data.description_id or "").strip()
    data.description_en = (data.description_en or "").strip()
    data.competitor_kinds = list(dict.fromkeys(data.competitor_kinds or []))  # no repeats
    for name in ("name_id", "name_en"):
        value = getattr(data, name)
        if not value:
            raise _refuse(name, _("Give the category's name in Indonesian and in English."))
        if len(value) > NAME_LIMIT:
            raise _refuse(name, _("At most %(limit)s characters.") % {"limit": NAME_LIMIT})
    for name in ("description_id", "description_en"):
        if len(getattr(data, name)) > DESCRIPTION_LIMIT:
            raise _refuse(name, _("At most %(limit)s characters.") % {"limit": DESCRIPTION_LIMIT})


def _check(data: CategoryInput) -> None:
    """Refuse a definition that cannot be ranked, naming the field."""
    _clean_text(data)
    for name in ("first_year", "last_year"):
        year = getattr(data, name)
        if year is None or not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise _refuse(
                name,
                _("Give a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                "period",
            )
    if data.last_year < data.first_year:
        raise _refuse("last_year", _("The period ends before it starts."), "period")
    if data.direction not in Direction.values:
        raise _refuse("direction", _("Choose which values rank first."))
    if data.tie_rule not in TieRule.values:
        raise _refuse("tie_rule", _("Choose how equal values are ranked."))
    if data.places is None or data.places < 1 or data.places > 100:
        raise _refuse("places", _("Award from 1 to 100 places."), "places")
    if data.minimum_civil_servants is not None and data.minimum_civil_servants < 0:
        raise _refuse("minimum_civil_servants", _("The minimum cannot be negative."))
    definition = Definition(
        metric=data.metric,
        kinds=tuple(data.competitor_kinds),
        direction=data.direction,
        places=data.places,
        tie_rule=data.tie_rule,
        minimum_civil_servants=data.minimum_civil_servants or None,
    )
    try:
        check_definition(definition, Period.years(data.first_year, data.last_year))
    except DomainError as exc:
        raise _refuse(_FIELD_OF_CODE.get(exc.code, "metric"), exc.message, exc.code) from None


def _check_code(code: str) -> str:
    code = (code or "").strip().lower()
    if not code:
        raise _refuse("code", _("Give the category a code."), "code")
    if len(code) > 64 or not CODE_PATTERN.match(code):
        raise _refuse(
            "code",
            _(
                "A code has at most 64 characters: lower-case letters, digits and single "
                "hyphens between them (rakornas-2023-anggaran)."
            ),
            "code",
        )
    if code in RESERVED_CODES:
        raise _refuse("code", _("“%(code)s” is reserved: choose another code.") % {"code": code})
    if Category.objects.filter(code=code).exists():
        raise _refuse(
            "code", _("A category with this code exists: choose another code."), "duplicate"
        )
    return code


_FIELDS = (
    "name_id",
    "name_en",
    "description_id",
    "description_en",
    "metric",
    "first_year",
    "last_year",
    "competitor_kinds",
    "direction",
    "places",
    "tie_rule",
    "minimum_civil_servants",
    "is_active",
)


def _audit_data(category: Category) -> dict[str, Any]:
    return {name: getattr(category, name) for name in ("code", *_FIELDS)}


@transaction.atomic
def category_create(*, data: CategoryInput, actor: Any) -> Category:
    """A new award category from ``data`` (refused whole, with the field named)."""
    if actor is not None and not has_permission(actor, Category, "add"):
        raise PermissionDenied
    code = _check_code(data.code)
    _check(data)
    values = {name: getattr(data, name) for name in _FIELDS}
    values["minimum_civil_servants"] = data.minimum_civil_servants or None
    category = Category(
        code=code,
        is_preset=False,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    try:
        with transaction.atomic():
            category.save()
    except IntegrityError:
        raise _refuse(
            "code", _("A category with this code exists: choose another code."), "duplicate"
        ) from None
    audit_record(
        actor=actor, action="rankings.category_create", target=category, data=_audit_data(category)
    )
    return category


@transaction.atomic
def category_update(*, category: Category, data: CategoryInput, actor: Any) -> Category:
    """Change ``category``'s definition (its code stays); the published versions do not move."""
    if actor is not None and not has_permission(actor, Category, "change"):
        raise PermissionDenied
    _check(data)
    locked = Category.objects.select_for_update().get(pk=category.pk)
    before = _audit_data(locked)
    for name in _FIELDS:
        setattr(locked, name, getattr(data, name))
    locked.minimum_civil_servants = data.minimum_civil_servants or None
    locked.save()
    after = _audit_data(locked)
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    audit_record(
        actor=actor,
        action="rankings.category_update",
        target=locked,
        data={"code": locked.code, "changed": changed},
    )
    return locked


def input_of(category: Category) -> CategoryInput:
    """A category's fields as an input (the edit form's starting point)."""
    return CategoryInput(code=category.code, **{name: getattr(category, name) for name in _FIELDS})
