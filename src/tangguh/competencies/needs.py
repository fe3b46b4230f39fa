"""The needs analysis (AKPK) computed: per competency, how many of an institution's
people fall short of their position's standard and by how much, with the suggested
development from the published programme catalogue.

The gaps are computed in bulk, never person by person: the institution's active people
and their positions (one query), the positions' standards
(``standards.required_levels``, three queries), and the people's current levels
(``CurrentLevel``, one query per chunk of people). A person counts in a competency's
need when they are assessed in it and their level is below the required one; an
unassessed competency is no gap (it is counted apart, as people not yet assessed). An
expired current level counts as unassessed, as on the person's page.

Suggested development: the published programmes whose ``competencies`` name the code
and that the institution's people may join (open to everyone, organised by the
institution, or with a quota for it), the institution's own first, then the shortest.
The first suggestion gives the line's form, JP per person and cost per person; a need
with no programme in the catalogue keeps JP and cost at zero for the preparer to fill.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tangguh.development.models import Access, Programme, ProgrammeStatus
from tangguh.people.models import Employee, EmploymentStatus, Position

from .frameworks import current_competencies, published_versions, version_label
from .models import CurrentLevel
from .standards import required_levels

_CHUNK = 5000
SUGGESTIONS = 3


@dataclass
class Need:
    """One competency's need, as computed (before any adjustment)."""

    code: str
    competency_id: int
    people: int = 0
    by_gap: Counter[int] = field(default_factory=Counter)
    unassessed: int = 0
    programmes: list[dict[str, Any]] = field(default_factory=list)
    form_id: int | None = None
    jp: Decimal = Decimal(0)
    cost_per_person: Decimal = Decimal(0)

    @property
    def gap_total(self) -> int:
        return sum(gap * n for gap, n in self.by_gap.items())

    @property
    def estimated_cost(self) -> Decimal:
        return self.cost_per_person * self.people

    def by_gap_json(self) -> dict[str, int]:
        return {str(gap): self.by_gap[gap] for gap in sorted(self.by_gap)}


@dataclass
class Computed:
    needs: list[Need]  # in priority order (1 first)
    people_total: int
    people_assessed: int
    versions: list[dict[str, object]]
    data_as_of: Any


def _people(institution_id: int) -> list[tuple[int, int | None]]:
    return list(
        Employee.objects.filter(institution_id=institution_id, status=EmploymentStatus.ACTIVE)
        .order_by()
        .values_list("pk", "position_id")
    )


def _levels(employee_ids: list[int], today: date) -> dict[int, dict[str, int]]:
    levels: dict[int, dict[str, int]] = {}
    for start in range(0, len(employee_ids), _CHUNK):
        chunk = employee_ids[start : start + _CHUNK]
        rows = (
            CurrentLevel.objects.filter(employee_id__in=chunk)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .order_by()
            .values_list("employee_id", "code", "level")
        )
        for employee_id, code, level in rows:
            levels.setdefault(employee_id, {})[code] = level
    return levels


def catalogue(institution_id: int) -> dict[str, list[Programme]]:
    """Code → the published programmes the institution's people may join that develop
    it, the institution's own first, then by JP and title."""
    programmes = (
        Programme.objects.filter(status=ProgrammeStatus.PUBLISHED)
        .filter(
            Q(access=Access.EVERYONE)
            | Q(organiser_id=institution_id)
            | Q(access=Access.LISTED, quotas__institution_id=institution_id)
        )
        .select_related("organiser", "form")
        .distinct()
    )
    by_code: dict[str, list[Programme]] = {}
    for programme in programmes:
        codes = {
            str(item.get("code", "")).strip()
            for item in programme.competencies or []
            if isinstance(item, dict)
        }
        for code in codes - {""}:
            by_code.setdefault(code, []).append(programme)
    for rows in by_code.values():
        rows.sort(key=lambda p: (p.organiser_id != institution_id, p.jp, p.title, p.pk))
    return by_code


def programme_json(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "code": programme.code,
        "title": programme.title,
        "organiser": programme.organiser.short_name or programme.organiser.name,
        "jp": str(programme.jp),
        "cost": str(programme.cost_per_participant),
    }


def compute(institution_id: int) -> Computed:
    """The institution's needs now (a handful of queries whatever its size)."""
    as_of = timezone.now()
    today = timezone.localdate()
    people = _people(institution_id)
    positions = Position.objects.filter(pk__in={p for _e, p in people if p is not None})
    required = required_levels(positions)
    levels = _levels([e for e, _p in people], today)
    needs: dict[str, Need] = {}
    assessed = 0
    for employee_id, position_id in people:
        mine = levels.get(employee_id, {})
        if mine:
            assessed += 1
        standard = required.get(position_id) if position_id is not None else None
        for code, requirement in (standard or {}).items():
            need = needs.get(code)
            if need is None:
                need = needs[code] = Need(code=code, competency_id=requirement.competency_id)
            current = mine.get(code)
            if current is None:
                need.unassessed += 1
            elif current < requirement.level:
                need.people += 1
                need.by_gap[requirement.level - current] += 1
    in_force = current_competencies(institution_id)
    offered = catalogue(institution_id)
    shown = [n for n in needs.values() if n.people]
    for need in shown:
        if need.code in in_force:
            need.competency_id = in_force[need.code].pk
        suggestions = offered.get(need.code, [])[:SUGGESTIONS]
        need.programmes = [programme_json(p) for p in suggestions]
        if suggestions:
            need.form_id = suggestions[0].form_id
            need.jp = suggestions[0].jp
            need.cost_per_person = suggestions[0].cost_per_participant
    order = {code: i for i, code in enumerate(in_force)}
    shown.sort(key=lambda n: (-n.gap_total, -n.people, order.get(n.code, len(order)), n.code))
    return Computed(
        needs=shown,
        people_total=len(people),
        people_assessed=assessed,
        versions=[version_label(v) for v in published_versions(institution_id)],
        data_as_of=as_of,
    )
