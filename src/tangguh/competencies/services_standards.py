"""Writing position standards: a tier's defaults (national, or an institution's own) and
a position's own items.

A write names the levels it wants per competency code; an empty level removes the
item (the tier falls back to the national default, the position to its tier's). Each
code must be a competency in force for the institution (national, or its own
published dictionary); the item keeps that version's row. The national defaults are
the national administrator's; an institution's defaults and its positions' items are
its administrator's (``may`` on :class:`StandardItem`). Every write is audited in its
transaction, with the levels before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution
from tangguh.people.models import Position

from .frameworks import current_competencies
from .models import LEVELS, Competency, StandardItem, Tier

Levels = Mapping[str, int | None]


def _field_error(field: str, message: Any) -> DomainError:
    return DomainError(message, errors=[{"field": field, "message": str(message)}])


def check_levels(levels: Levels, competencies: Mapping[str, Competency]) -> None:
    """Refuse an unknown code or a level outside 1–5 (the form, the API and the import
    meet the same sentences)."""
    for code, level in levels.items():
        if code not in competencies:
            raise _field_error(
                code,
                _("“%(code)s” is not a competency in force: see the competency dictionary.")
                % {"code": code},
            )
        if level is not None and level not in LEVELS:
            raise _field_error(
                code,
                _("“%(value)s” is not a level: a level is a whole number from 1 to 5.")
                % {"value": level},
            )


def apply_levels(
    existing: dict[str, StandardItem],
    levels: Levels,
    competencies: Mapping[str, Competency],
    make: Any,
    actor: Any,
) -> dict[str, list[Any]]:
    """Create, change or delete items so that ``levels`` holds; the changes made."""
    changes: dict[str, list[Any]] = {}
    user = actor if getattr(actor, "is_authenticated", False) else None
    for code, level in levels.items():
        item = existing.get(code)
        before = item.required_level if item else None
        if level == before:
            continue
        if level is None:
            assert item is not None
            item.delete()
        elif item is None:
            item = make(code, competencies[code], level)
            item.updated_by = user
            item.full_clean()
            item.save()
        else:
            item.required_level = level
            item.competency = competencies[code]
            item.updated_by = user
            item.full_clean()
            item.save()
        changes[code] = [before, level]
    return changes


def tier_standard_set(
    *, tier: str, institution: Institution | None, levels: Levels, actor: Any
) -> dict[str, list[Any]]:
    """Set a tier's defaults: national (``institution`` None) or ``institution``'s own.

    Returns ``{code: [before, after]}`` for what changed (empty: nothing did).
    """
    if tier not in Tier.values:
        raise _field_error("tier", _("“%(value)s” is not a tier.") % {"value": tier})
    # ``may`` with no institution: only a scope over every institution (the national
    # administrator) writes the national defaults.
    if not may(actor, StandardItem, "change", institution):
        raise PermissionDenied(_("You may not change these standards."))
    competencies = current_competencies(institution.pk if institution else None)
    check_levels(levels, competencies)
    with transaction.atomic():
        existing = {
            i.code: i
            # No ordering: the model's (by position name) joins the nullable position,
            # and PostgreSQL locks no row of an outer join's nullable side.
            for i in StandardItem.objects.select_for_update()
            .filter(institution=institution, tier=tier, position__isnull=True)
            .order_by("pk")
        }
        changes = apply_levels(
            existing,
            levels,
            competencies,
            lambda code, competency, level: StandardItem(
                institution=institution,
                tier=tier,
                competency=competency,
                code=code,
                required_level=level,
            ),
            actor,
        )
        if changes:
            audit_record(
                actor=actor,
                action="competencies.standard_tier_set",
                institution=institution,
                data={"tier": tier, "national": institution is None, "levels": changes},
            )
    return changes


def position_standard_set(
    *, position: Position, levels: Levels, actor: Any
) -> dict[str, list[Any]]:
    """Set a position's own items (override or add to its tier's defaults).

    Returns ``{code: [before, after]}`` for what changed.
    """
    if not may(actor, StandardItem, "change", position.institution_id):
        raise PermissionDenied(_("You may not change this position's standard."))
    competencies = current_competencies(position.institution_id)
    check_levels(levels, competencies)
    with transaction.atomic():
        existing = {
            i.code: i
            for i in StandardItem.objects.select_for_update()
            .filter(position=position)
            .order_by("pk")
        }
        changes = apply_levels(
            existing,
            levels,
            competencies,
            lambda code, competency, level: StandardItem(
                institution_id=position.institution_id,
                position=position,
                competency=competency,
                code=code,
                required_level=level,
            ),
            actor,
        )
        if changes:
            audit_record(
                actor=actor,
                action="competencies.standard_position_set",
                target=position,
                institution=position.institution_id,
                data={"position": position.name, "levels": changes},
            )
    return changes
