"""Reads of the 20-JP duty for pages, exports, the API and the command line, in the
reader's scope: nationally by province, a province by institution, an institution by
work unit, a unit's names, and a person's own year.

Who reads what: the figures of an institution are read by those whose grant on the
yearly totals (``JpYearTotal`` "view") covers that institution (national staff every
one, a province its tree, a regency itself); a civil servant reads only their own
(``development:my``). The names of a unit need the register's grant on the people of
that institution (``Employee`` "view").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from tangguh.core.scoping import Scope, institution_ids_in_scope, may, scope_for
from tangguh.institutions.models import Institution, InstitutionKind
from tangguh.people.models import Employee, WorkUnit

from . import compliance
from .compliance import Figures, PersonJp
from .headcount import reference_day
from .models import DutyRule, JpYearTotal, LedgerEntry

READ_SCOPES = (Scope.ALL, Scope.TREE, Scope.INSTITUTION)
NO_UNIT = "tanpa-unit"  # the path segment of the people with no work unit
FIRST_YEAR = 2000


def may_read(user: Any) -> bool:
    """Staff whose grant on the yearly totals covers institutions (not only their own)."""
    return scope_for(user, JpYearTotal, "view") in READ_SCOPES


def readable_ids(user: Any) -> frozenset[int] | None:
    """Institutions whose figures ``user`` reads; None means every one."""
    if not may_read(user):
        return frozenset()
    return institution_ids_in_scope(user, JpYearTotal, "view")


def may_read_names(user: Any, institution: Institution) -> bool:
    return may(user, Employee, "view", institution) and scope_for(user, Employee, "view") in (
        READ_SCOPES
    )


def year_from(value: Any, today: date | None = None) -> int:
    """The year asked for (``?year=``), or the current one when absent or not a year."""
    this_year = (today or timezone.localdate()).year
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return this_year
    return year if FIRST_YEAR <= year <= this_year else this_year


def year_choices(today: date | None = None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, 2019, -1))


# --- the roll-ups -----------------------------------------------------------------


@dataclass
class Row:
    """A line of a table: an institution (or a province with its regencies and cities)."""

    institution: Institution | None
    figures: Figures
    label: str = ""
    unit_id: int | None = None

    @property
    def unit_key(self) -> str:
        """The unit's path segment on the names page (``NO_UNIT`` for no unit)."""
        return str(self.unit_id) if self.unit_id else NO_UNIT

    @property
    def name(self) -> str:
        if self.institution is not None:
            return self.institution.name
        return self.label

    @property
    def short(self) -> str:
        if self.institution is not None:
            return self.institution.short_name or self.institution.name
        return self.label


@dataclass
class Rollup:
    year: int
    rows: list[Row]
    others: list[Row] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)
    partial: bool = False


def _codelike(code: str) -> bool:
    return 0 < len(code) <= 16 and code.isprintable()


def _sum(rows: list[Row]) -> Figures:
    total = Figures()
    for row in rows:
        total.add(row.figures)
    return total


def national_rollup(*, user: Any, year: int) -> Rollup:
    """A line per province (its government with its regencies and cities) and per
    central institution, over the institutions ``user`` reads."""
    ids = readable_ids(user)
    figures = compliance.summaries(year, ids)
    institutions = Institution.objects.filter(pk__in=figures).only(
        "id", "code", "name", "short_name", "kind", "parent_id"
    )
    by_province: dict[int, Figures] = {}
    others: list[Row] = []
    for institution in institutions:
        f = figures[institution.pk]
        if institution.kind == InstitutionKind.PROVINSI:
            by_province.setdefault(institution.pk, Figures()).add(f)
        elif institution.parent_id and institution.is_regional:
            by_province.setdefault(institution.parent_id, Figures()).add(f)
        elif f.civil_servants:
            others.append(Row(institution, f))
    provinces = Institution.objects.filter(pk__in=by_province).order_by("code")
    rows = [Row(p, by_province[p.pk]) for p in provinces]
    others.sort(key=lambda r: r.institution.code if r.institution else "")
    return Rollup(year, rows, others, _sum(rows + others), partial=ids is not None)


def readable_province(*, user: Any, code: str) -> Institution:
    """A province with at least one institution of its tree in ``user``'s scope (404 else)."""
    province = (
        Institution.objects.filter(code=code, kind=InstitutionKind.PROVINSI).first()
        if _codelike(code)
        else None
    )
    if province is None or not may_read(user):
        raise Http404
    ids = readable_ids(user)
    if (
        ids is not None
        and not (
            Institution.objects.filter(Q(pk=province.pk) | Q(parent_id=province.pk), pk__in=ids)
        ).exists()
    ):
        raise Http404
    return province


def province_rollup(*, user: Any, province: Institution, year: int) -> Rollup:
    """The province's government and each of its regencies and cities ``user`` reads."""
    ids = readable_ids(user)
    tree = Institution.objects.filter(Q(pk=province.pk) | Q(parent_id=province.pk))
    if ids is not None:
        tree = tree.filter(pk__in=ids)
    tree = tree.order_by("code")
    figures = compliance.summaries(year, [i.pk for i in tree])
    rows = [Row(i, figures.get(i.pk, Figures())) for i in tree]
    return Rollup(year, rows, total=_sum(rows), partial=ids is not None)


def readable_institution(*, user: Any, code: str) -> Institution:
    """The institution whose figures ``user`` may read (404 outside the scope)."""
    institution = Institution.objects.filter(code=code).first() if _codelike(code) else None
    ids = readable_ids(user)
    if institution is None or not may_read(user) or (ids is not None and institution.pk not in ids):
        raise Http404
    return institution


@dataclass
class InstitutionReport:
    institution: Institution
    year: int
    total: Figures
    units: list[Row]
    names: bool  # the reader may open the units' names


def institution_report(*, user: Any, institution: Institution, year: int) -> InstitutionReport:
    """The institution's figures (from its summary) and per work unit (live)."""
    total = compliance.summaries(year, [institution.pk]).get(institution.pk, Figures())
    by_unit = compliance.per_unit(year, institution.pk)
    units = {u.pk: u for u in WorkUnit.objects.filter(pk__in=[k for k in by_unit if k])}
    rows = [
        Row(None, f, label=units[k].path if k in units else "", unit_id=k)
        for k, f in by_unit.items()
    ]
    rows.sort(key=lambda r: (r.unit_id is None, r.label.casefold()))
    return InstitutionReport(institution, year, total, rows, may_read_names(user, institution))


def readable_unit(*, user: Any, institution: Institution, unit: str) -> WorkUnit | None:
    """The work unit (its id, or ``NO_UNIT``: people with no unit) whose names ``user``
    may read; 404 for anything else."""
    if not may_read_names(user, institution):
        raise Http404
    if unit == NO_UNIT:
        return None
    if not (unit.isascii() and unit.isdigit() and len(unit) <= 18):
        raise Http404
    found = WorkUnit.objects.filter(pk=int(unit), institution=institution).first()
    if found is None:
        raise Http404
    return found


@dataclass
class PersonRow:
    person: PersonJp
    target: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.target - self.person.jp, Decimal("0"))

    @property
    def reached(self) -> bool:
        return self.person.jp >= compliance.REACHED_JP


def unit_people(*, institution: Institution, unit: WorkUnit | None, year: int) -> list[PersonRow]:
    people = compliance.people(year, institution.pk, unit.pk if unit else None)
    targets = duty_targets(year)
    return [PersonRow(p, targets.get(p.employee_kind, compliance.REACHED_JP)) for p in people]


# --- a person's own year ---------------------------------------------------------------


def duty_targets(year: int) -> dict[str, Decimal]:
    """The yearly duty per kind of employment in force in ``year`` (DutyRule, data)."""
    targets: dict[str, Decimal] = {}
    for rule in DutyRule.objects.filter(valid_from_year__lte=year).order_by(
        "employee_kind", "-valid_from_year"
    ):
        targets.setdefault(rule.employee_kind, rule.target_jp)
    return targets


@dataclass
class MyYear:
    year: int
    jp: Decimal
    target: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.target - self.jp, Decimal("0"))

    @property
    def percent(self) -> int:
        if self.target <= 0:
            return 100
        return int(min(Decimal(100), max(Decimal(0), self.jp * 100 / self.target)))

    @property
    def reached(self) -> bool:
        return self.jp >= self.target


@dataclass
class MyDevelopment:
    employee: Employee | None
    current: MyYear | None
    entries: list[LedgerEntry]
    past: list[MyYear]


def my_development(*, user: Any, today: date | None = None) -> MyDevelopment:
    """The signed-in person's JP this year against their duty, entries and past years.

    Read by the NIP on the account (SELF), whatever the role: a staff member's wider
    scope gains nothing here.
    """
    today = today or timezone.localdate()
    nip = getattr(user, "nip", "") or ""
    employee = Employee.objects.filter(nip=nip).first() if nip else None
    if employee is None:
        return MyDevelopment(None, None, [], [])
    year = reference_day(today.year, today).year
    totals = dict(
        JpYearTotal.objects.filter(employee=employee).values_list("year", "jp").order_by()
    )
    kind = employee.employee_kind

    def one(y: int) -> MyYear:
        target = duty_targets(y).get(kind, compliance.REACHED_JP)
        return MyYear(y, Decimal(totals.get(y) or 0), target)

    entries = list(
        LedgerEntry.objects.filter(employee=employee, year=year)
        .select_related("form")
        .order_by("-date", "-id")
    )
    past = [one(y) for y in sorted((y for y in totals if y < year), reverse=True)]
    return MyDevelopment(employee, one(year), entries, past)


def own_target(user: Any) -> tuple[str, Institution] | None:
    """Where a reader with a partial scope starts: their province, or their institution."""
    if readable_ids(user) is None:
        return None
    institution = getattr(user, "institution", None)
    if institution is None:
        return None
    if institution.kind == InstitutionKind.PROVINSI:
        return ("province", institution)
    return ("institution", institution)
