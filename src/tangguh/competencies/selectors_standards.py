"""Reading position standards: the tier × competency grid, the positions and one
position's resolved standard (reads through ``restrict``; the grid's rows are the
national defaults and the reader's institution's own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tangguh.core.scoping import may
from tangguh.institutions.models import Institution
from tangguh.people.models import Position

from .frameworks import current_competencies, published_versions
from .models import Competency, StandardItem, Tier
from .standards import Requirement, required_levels
from .tiers import tier_of


def target_institution(*, user: Any, code: str | None) -> Institution | None:
    """Whose defaults a page shows: ``code`` when the reader may read it (404 otherwise),
    else the reader's institution; None (the national defaults) for the national
    administrator and a reader with no institution."""
    if code:
        if len(code) > 16 or "\x00" in code:
            raise Http404  # no institution has such a code
        institution = Institution.objects.filter(code=code).first()
        if institution is None or not may(user, Position, "view", institution):
            raise Http404
        return institution
    if may(user, StandardItem, "change", None) or not getattr(user, "institution_id", None):
        return None
    return user.institution


def may_edit(user: Any, institution: Institution | None) -> bool:
    return may(user, StandardItem, "change", institution)


@dataclass
class Cell:
    tier: str = ""
    national: int | None = None
    own: int | None = None

    @property
    def level(self) -> int | None:
        return self.own if self.own is not None else self.national


@dataclass
class GridRow:
    competency: Competency
    cells: list[Cell] = field(default_factory=list)


def tier_grid(*, user: Any, institution: Institution | None) -> list[GridRow]:
    """Competency × tier: the national default and ``institution``'s own, per cell."""
    competencies = current_competencies(institution.pk if institution else None)
    items = StandardItem.objects.restrict(user, "view").filter(
        Q(institution__isnull=True) | Q(institution=institution), position__isnull=True
    )
    found: dict[tuple[str, str], Cell] = {}
    for item in items.only("institution_id", "tier", "code", "required_level"):
        cell = found.setdefault((item.code, item.tier), Cell(item.tier))
        if item.institution_id is None:
            cell.national = item.required_level
        else:
            cell.own = item.required_level
    return [
        GridRow(c, [found.get((code, tier), Cell(tier)) for tier in Tier.values])
        for code, c in competencies.items()
    ]


def tier_items(
    *, user: Any, tier: str, institution: Institution | None
) -> list[tuple[Competency, Cell]]:
    """One tier's defaults per competency in force: the national and the own level."""
    grid = tier_grid(user=user, institution=institution)
    index = Tier.values.index(tier)
    return [(row.competency, row.cells[index]) for row in grid]


def position_list(*, user: Any, institution: Institution | None, q: str = "") -> QuerySet:
    """Positions the reader may see, with how many own items each has."""
    positions = Position.objects.restrict(user, "view").select_related("institution")
    if institution is not None:
        positions = positions.filter(institution=institution)
    if q:
        positions = positions.filter(name__icontains=q)
    return positions.annotate(own_items=Count("standard_items")).order_by(
        "institution__code", "name"
    )


def position_get(*, user: Any, pk: int) -> Position:
    position = (
        Position.objects.restrict(user, "view").select_related("institution").filter(pk=pk).first()
    )
    if position is None:
        raise Http404
    return position


@dataclass
class StandardLine:
    competency: Competency
    requirement: Requirement | None
    own: int | None


def position_standard(position: Position) -> list[StandardLine]:
    """Every competency in force with the level the position requires (None: not
    required), and its own item's level."""
    resolved = required_levels([position]).get(position.pk, {})
    own = {
        i.code: i.required_level
        for i in StandardItem.objects.filter(position=position).only("code", "required_level")
    }
    return [
        StandardLine(c, resolved.get(code), own.get(code))
        for code, c in current_competencies(position.institution_id).items()
    ]


def position_defaults(position: Position) -> dict[str, int]:
    """What ``position`` requires from its tier's defaults alone (code → level)."""
    tier = tier_of(position.kind, position.name)
    if not tier:
        return {}
    items = StandardItem.objects.filter(position__isnull=True, tier=tier).filter(
        Q(institution__isnull=True) | Q(institution_id=position.institution_id)
    )
    levels: dict[str, int] = {}
    for item in sorted(items, key=lambda i: i.institution_id is not None):
        levels[item.code] = item.required_level
    return levels


def version_labels(institution_id: int | None) -> list[str]:
    """The dictionary versions a page or an export used, as ``national v1``."""
    labels = []
    for version in published_versions(institution_id):
        owner = version.framework.owner
        labels.append(f"{owner.code if owner else 'national'} v{version.number}")
    return labels


def export_rows(institution: Institution) -> list[tuple[Position, str, Requirement, Competency]]:
    """Every position of ``institution`` × its resolved standard, for the workbook."""
    positions = list(Position.objects.filter(institution=institution).order_by("name"))
    competencies = current_competencies(institution.pk)
    resolved = required_levels(positions)
    rows = []
    for position in positions:
        for code, requirement in resolved.get(position.pk, {}).items():
            competency = competencies.get(code)
            if competency is not None:
                rows.append(
                    (position, tier_of(position.kind, position.name), requirement, competency)
                )
    order = {code: n for n, code in enumerate(competencies)}
    rows.sort(key=lambda r: (r[0].name, order.get(r[2].code, 0)))
    return rows
