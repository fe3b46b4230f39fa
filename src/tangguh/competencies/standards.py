"""A position's standard: the required level of each competency, resolved from the
defaults and the position's own items.

Per competency code the most specific item wins: the position's own item, else the
institution's default for the position's tier, else the national default for the
tier. A position with no tier (a functional position whose name ends in no grade)
has only its own items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from tangguh.people.models import Position

from .models import StandardItem
from .tiers import tier_of


@dataclass(frozen=True)
class Requirement:
    code: str
    level: int
    # "national" | "institution" | "position": where the level comes from.
    source: str
    competency_id: int


def required_levels(positions: Iterable[Position]) -> dict[int, dict[str, Requirement]]:
    """Position id → code → requirement, for every position given (three queries)."""
    positions = list(positions)
    if not positions:
        return {}
    tiers = {p.pk: tier_of(p.kind, p.name) for p in positions}
    institution_ids = {p.institution_id for p in positions}
    tier_items = StandardItem.objects.filter(
        position__isnull=True, tier__in={t for t in tiers.values() if t}
    ).filter(Q(institution__isnull=True) | Q(institution_id__in=institution_ids))
    national: dict[str, dict[str, Requirement]] = {}
    own: dict[tuple[int, str], dict[str, Requirement]] = {}
    for item in tier_items.only(
        "institution_id", "tier", "code", "required_level", "competency_id"
    ):
        if item.institution_id is None:
            national.setdefault(item.tier, {})[item.code] = Requirement(
                item.code, item.required_level, "national", item.competency_id
            )
        else:
            own.setdefault((item.institution_id, item.tier), {})[item.code] = Requirement(
                item.code, item.required_level, "institution", item.competency_id
            )
    per_position: dict[int, dict[str, Requirement]] = {}
    for item in StandardItem.objects.filter(position__in=[p.pk for p in positions]).only(
        "position_id", "code", "required_level", "competency_id"
    ):
        assert item.position_id is not None
        per_position.setdefault(item.position_id, {})[item.code] = Requirement(
            item.code, item.required_level, "position", item.competency_id
        )
    result: dict[int, dict[str, Requirement]] = {}
    for position in positions:
        tier = tiers[position.pk]
        merged: dict[str, Requirement] = {}
        if tier:
            merged.update(national.get(tier, {}))
            merged.update(own.get((position.institution_id, tier), {}))
        merged.update(per_position.get(position.pk, {}))
        result[position.pk] = merged
    return result


def required_for(position: Position | None) -> dict[str, Requirement]:
    """One position's standard (empty for a person with no position)."""
    if position is None:
        return {}
    return required_levels([position]).get(position.pk, {})
