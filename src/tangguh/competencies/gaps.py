"""A person's gaps: the required minus the current level for every competency of
their position's standard. An unassessed competency is shown as such: ``current``
and ``gap`` are None, never zero. A negative difference (above the standard) is a
gap of 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from tangguh.people.models import Employee

from .frameworks import current_competencies
from .models import Competency
from .profile import current_levels
from .standards import required_for


@dataclass(frozen=True)
class Gap:
    code: str
    name: str
    name_en: str
    kind: str
    required: int
    current: int | None
    gap: int | None
    source: str  # where the required level comes from (standards.Requirement.source)
    assessment_id: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "competency_code": self.code,
            "required": self.required,
            "current": self.current,
            "gap": self.gap,
        }


def person_gaps(employee: Employee) -> list[Gap]:
    """Every competency the person's position requires, in dictionary order."""
    required = required_for(employee.position)
    if not required:
        return []
    levels = current_levels(employee.pk)
    known = current_competencies(employee.institution_id)
    named = {
        c.pk: c
        for c in Competency.objects.filter(pk__in=[r.competency_id for r in required.values()])
    }
    order = {code: i for i, code in enumerate(known)}
    gaps = []
    for code, requirement in sorted(
        required.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
    ):
        competency = known.get(code) or named[requirement.competency_id]
        level = levels.get(code)
        current = level.level if level else None
        gaps.append(
            Gap(
                code=code,
                name=competency.name,
                name_en=competency.name_en or competency.name,
                kind=competency.kind,
                required=requirement.level,
                current=current,
                gap=None if current is None else max(0, requirement.level - current),
                source=requirement.source,
                assessment_id=level.assessment_id if level else None,
            )
        )
    return gaps
