"""Reads of an institution's work-unit tree, scoped to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from .models import WorkUnit


@dataclass(frozen=True)
class TreeLine:
    """One unit as the tree shows it: its depth (0: top level) and its civil servants."""

    unit: WorkUnit
    depth: int
    employees: int
    parent: WorkUnit | None

    @property
    def indent(self) -> str:
        """What sets the name in by its depth (the page has no inline style)."""
        return "\u2003" * (self.depth - 1) + "└\u2002" if self.depth else ""


def work_unit_tree(*, user: Any, institution: Any) -> list[TreeLine]:
    """``institution``'s units that ``user`` may see, parents before their children, each
    level by name; a unit whose parent is out of sight shows at the top level."""
    units = list(
        WorkUnit.objects.restrict(user, "view")
        .filter(institution=institution)
        .annotate(employees_count=Count("employees"))
        .order_by()
    )
    by_pk = {u.pk: u for u in units}
    children: dict[int | None, list[WorkUnit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in by_pk else None
        children.setdefault(parent, []).append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.name.casefold(), u.code, u.pk))
    lines: list[TreeLine] = []
    stack = [(u, 0) for u in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        parent = by_pk.get(unit.parent_id) if unit.parent_id else None
        lines.append(TreeLine(unit, depth, unit.employees_count, parent))  # type: ignore[attr-defined]
        stack.extend((c, depth + 1) for c in reversed(children.get(unit.pk, [])))
    return lines
