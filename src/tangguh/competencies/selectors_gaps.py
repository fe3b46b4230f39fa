"""Reads for the gaps pages, API and command: a person's profile and gaps, and the gap
summary over the reader's scope (a unit, an institution, a province, the nation).

The summary's columns follow the level read: the nation by province (a province's
government with its regencies and cities) and central institution; a province by
institution; an institution by work unit (the top-level units, or a unit's sub-units
when one is chosen). Figures come from ``summary.counts`` (kept, see there).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from tangguh.core.scoping import Scope, institution_ids_in_scope, may, scope_for
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, WorkUnit

from . import summary
from .frameworks import current_competencies, published_versions, version_label
from .gaps import Gap, person_gaps
from .models import Assessment, Competency, CurrentLevel

STAFF_SCOPES = (Scope.ALL, Scope.TREE, Scope.INSTITUTION)
MAX_GAP = 4


def may_read(user: Any) -> bool:
    """Staff who read profiles of an institution (not a civil servant's own only)."""
    return scope_for(user, CurrentLevel, "view") in STAFF_SCOPES


# --- one person ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonProfile:
    employee: Employee
    gaps: list[Gap]
    assessments: list[Assessment]
    versions: list[dict[str, object]]

    @property
    def assessed(self) -> int:
        return sum(1 for g in self.gaps if g.current is not None)

    @property
    def short(self) -> int:
        return sum(1 for g in self.gaps if g.gap)


def readable_person(*, user: Any, nip: str) -> Employee:
    """The person with this NIP if ``user`` reads their profile (404 otherwise)."""
    employee = (
        Employee.objects.restrict(user, "view")
        .select_related("institution", "work_unit", "position")
        .filter(nip=nip)
        .first()
    )
    if employee is None or not may(user, CurrentLevel, "view", employee.institution_id):
        raise Http404
    return employee


def person_profile(*, user: Any, employee: Employee) -> PersonProfile:
    assessments = list(
        Assessment.objects.restrict(user, "view")
        .filter(employee=employee)
        .select_related("method", "competency")
        .order_by("-assessed_on", "-id")
    )
    versions = [version_label(v) for v in published_versions(employee.institution_id)]
    return PersonProfile(employee, person_gaps(employee), assessments, versions)


# --- the summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    institution: Institution | None = None
    unit: WorkUnit | None = None
    kind: str = ""
    tier: str = ""


@dataclass
class Figures:
    """People required to hold one competency, by what their gap is."""

    people: int = 0
    unassessed: int = 0
    by_gap: dict[int, int] = field(default_factory=dict)  # 0 (meets) … MAX_GAP

    def add(self, gap: int | None, n: int) -> None:
        self.people += n
        if gap is None:
            self.unassessed += n
        else:
            g = min(int(gap), MAX_GAP)
            self.by_gap[g] = self.by_gap.get(g, 0) + n

    @property
    def assessed(self) -> int:
        return self.people - self.unassessed

    @property
    def meets(self) -> int:
        return self.by_gap.get(0, 0)

    @property
    def short(self) -> int:
        return self.assessed - self.meets

    @property
    def share_short(self) -> float | None:
        """Of the people assessed, the share falling short (None: nobody assessed)."""
        return None if not self.assessed else self.short / self.assessed

    def gap(self, g: int) -> int:
        return self.by_gap.get(g, 0)

    @property
    def short_by(self) -> list[int]:
        """People short by 1, 2, … MAX_GAP (the last: that many or more)."""
        return [self.gap(g) for g in range(1, MAX_GAP + 1)]


@dataclass(frozen=True)
class Column:
    key: int | None
    label: str


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    kind: str
    total: Figures
    cells: list[Figures]


@dataclass(frozen=True)
class Summary:
    level: str  # "nation" | "province" | "institution"
    institution: Institution | None
    unit: WorkUnit | None
    columns: list[Column]
    lines: list[Line]
    versions: list[dict[str, object]]
    people: int  # people counted (with a position that has a standard)


def _readable_ids(user: Any) -> frozenset[int] | None:
    return institution_ids_in_scope(user, CurrentLevel, "view")


def readable_institution(*, user: Any, code: str) -> Institution:
    readable = _readable_ids(user)
    institution = Institution.objects.filter(code=code).first()
    if institution is None or (readable is not None and institution.pk not in readable):
        raise Http404
    return institution


def readable_unit(*, institution: Institution, unit_id: int | None) -> WorkUnit | None:
    if unit_id is None:
        return None
    return WorkUnit.objects.filter(institution=institution, pk=unit_id).first()


def default_institution(user: Any) -> Institution | None:
    """Where the reader starts: the nation (None) for a national reader, else their
    own institution (a province's staff read its tree from there)."""
    if _readable_ids(user) is None:
        return None
    return getattr(user, "institution", None)


def _tree() -> dict[int, int | None]:
    return dict(Institution.objects.values_list("pk", "parent_id"))


def _descendants(root: int, parents: dict[int, int | None]) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in parents.items():
        children[parent].append(pk)
    found, todo = set(), [root]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def _root(pk: int, parents: dict[int, int | None]) -> int:
    seen = set()
    parent = parents.get(pk)
    while parent is not None and pk not in seen:
        seen.add(pk)
        pk, parent = parent, parents.get(parent)
    return pk


def _unit_columns(
    institution: Institution, unit: WorkUnit | None
) -> tuple[dict[int | None, int | None], list[Column], list[int] | None]:
    """Unit id → its column key (the top-level unit, or the chosen unit's child); the
    columns; the units counted (None: every one)."""
    units = list(
        WorkUnit.objects.filter(institution=institution).values_list("pk", "parent_id", "path")
    )
    parents = {pk: parent for pk, parent, _ in units}
    paths = {pk: path for pk, _, path in units}
    top = unit.pk if unit else None
    mapping: dict[int | None, int | None] = {}
    for pk in parents:
        chain = [pk]
        while parents.get(chain[-1]) is not None and len(chain) < 50:
            chain.append(parents[chain[-1]])  # type: ignore[arg-type]
        if top is None:
            mapping[pk] = chain[-1]
        elif top in chain:
            i = chain.index(top)
            mapping[pk] = chain[i - 1] if i > 0 else top
    keys = sorted({k for k in mapping.values() if k is not None}, key=lambda k: paths[k])
    prefix = (unit.path + " / ") if unit else ""
    columns = [
        Column(k, paths[k][len(prefix) :] if paths[k].startswith(prefix) else paths[k])
        for k in keys
    ]
    if unit is None:
        mapping[None] = None
    return mapping, columns, (None if unit is None else [k for k in mapping if k is not None])


def gap_summary(*, user: Any, filters: Filters) -> Summary:
    """The summary over the reader's scope, narrowed by ``filters``."""
    readable = _readable_ids(user)
    parents = _tree()
    institution = filters.institution
    if institution is None:
        level = "nation"
        ids = set(parents) if readable is None else set(readable)
    else:
        ids = _descendants(institution.pk, parents)
        if readable is not None:
            ids &= readable
        level = "province" if len(ids) > 1 else "institution"
    names = dict(
        Institution.objects.filter(pk__in=ids | {_root(pk, parents) for pk in ids}).values_list(
            "pk", "name"
        )
    )

    own_dictionary = institution.pk if level == "institution" and institution else None
    known = current_competencies(own_dictionary)
    codes = [c for c, comp in known.items() if not filters.kind or comp.kind == filters.kind]
    group_field = "work_unit_id" if level == "institution" else "institution_id"
    unit_ids: list[int] | None = None
    if level == "institution":
        assert institution is not None
        mapping, columns, unit_ids = _unit_columns(institution, filters.unit)
    elif level == "province":
        assert institution is not None
        own = [institution.pk] if institution.pk in ids else []
        rest = sorted(ids - {institution.pk}, key=lambda pk: names.get(pk, ""))
        mapping = {pk: pk for pk in ids}
        columns = [Column(pk, names.get(pk, "")) for pk in own + rest]
    else:
        root_of = {pk: _root(pk, parents) for pk in ids}
        mapping = dict(root_of.items())
        roots = sorted(set(root_of.values()), key=lambda pk: names.get(pk, ""))
        columns = [Column(pk, names.get(pk, "")) for pk in roots]

    rows = summary.counts(
        ids,
        group=(group_field, "code", "gap"),
        codes=codes,
        tiers=[filters.tier] if filters.tier else None,
        work_unit_ids=unit_ids,
    )
    index = {c.key: i for i, c in enumerate(columns)}
    totals: dict[str, Figures] = {code: Figures() for code in codes}
    cells: dict[str, list[Figures]] = {code: [Figures() for _ in columns] for code in codes}
    no_unit = False
    for row in rows:
        code = str(row["code"])
        if code not in totals:
            # A technical code of an institution below (not in the reader's dictionary).
            totals[code] = Figures()
            cells[code] = [Figures() for _ in columns]
        gap, n = row["gap"], int(row["people"])  # type: ignore[call-overload]
        totals[code].add(gap, n)  # type: ignore[arg-type]
        key = mapping.get(row[group_field])  # type: ignore[call-overload]
        if key is None and level == "institution" and filters.unit is None:
            no_unit = True
        if key in index:
            cells[code][index[key]].add(gap, n)  # type: ignore[arg-type]
    if no_unit:
        columns.append(Column(None, ""))
        for code in cells:
            cells[code].append(Figures())
        for row in rows:
            if row[group_field] is None:
                cells[str(row["code"])][-1].add(row["gap"], int(row["people"]))  # type: ignore[arg-type, call-overload]
    if level != "institution":
        # Institutions (or provinces) where nobody is counted would be empty columns.
        counted = [i for i in range(len(columns)) if any(c[i].people for c in cells.values())]
        columns = [columns[i] for i in counted]
        cells = {code: [row[i] for i in counted] for code, row in cells.items()}
    extra = _names_of(set(totals) - set(known))
    lines = []
    for code, total in totals.items():
        if not total.people:
            continue
        comp = known.get(code) or extra.get(code)
        if filters.kind and comp is not None and comp.kind != filters.kind:
            continue
        lines.append(
            Line(code, comp.name if comp else code, comp.kind if comp else "", total, cells[code])
        )
    versions = [version_label(v) for v in published_versions(own_dictionary)]
    people = max((line.total.people for line in lines), default=0)
    return Summary(level, institution, filters.unit, columns, lines, versions, people)


def _names_of(codes: Iterable[str]) -> dict[str, Competency]:
    found: dict[str, Competency] = {}
    for comp in Competency.objects.filter(code__in=list(codes), version__status="published"):
        found.setdefault(comp.code, comp)
    return found


def institution_choices(user: Any) -> list[Institution]:
    """The institutions the reader may choose (their scope, in code order)."""
    readable = _readable_ids(user)
    rows = Institution.objects.order_by("code")
    if readable is not None:
        rows = rows.filter(pk__in=readable)
    return list(rows.only("pk", "code", "name"))


def unit_choices(institution: Institution | None) -> list[WorkUnit]:
    if institution is None:
        return []
    return list(
        WorkUnit.objects.filter(institution=institution).order_by("path").only("pk", "path")
    )
