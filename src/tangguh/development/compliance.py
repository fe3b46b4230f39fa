"""The 20-JP duty's figures: who counts, who reached 20 JP, the mean, who is at zero.

Per institution and year the figures are kept in :class:`ComplianceSummary` (the
national page reads ~552 rows, not 4.3 million people) and recomputed when they may
have changed:

- the ledger's writer marks the (institution, year) it touched ``stale``;
- the register changes without telling development (transfers, retirements, new
  people, imports). Every such change of a person's institution or status closes a
  period (a new :class:`EmploymentHistory` row) or adds a person (a new
  :class:`Employee` row), so the watermark ``register_mark`` is the largest id of
  each, plus the reference day (31 December, or today while the year runs). A reading
  compares the watermark with the one the summaries were computed at and recomputes
  only the institutions the new rows touch (the people's current and past
  institutions). A change that closes no period (an edit in place of a record's
  institution through the database) is not seen: ``tangguh jp compliance --refresh``
  recomputes everything.

A recompute of a set of institutions is one set-based query per kind of membership
(the open period on the employee row, and the closed periods covering the day), joined
to the per-person yearly totals (``JpYearTotal``, kept by ``ledger.py``), grouped by
institution and work unit: a summary keeps its units' figures too (``units``), so an
institution's page reads one row. The names of a unit are read live (one unit's people).

"Reached" is JP ≥ 20 whatever the kind of employment (the law's yardstick); "at zero"
is no JP (or a total brought back to zero by corrections).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from tangguh.people.models import Employee, EmploymentHistory

from .headcount import closed_members_q, current_members_q, reference_day
from .models import ComplianceSummary, JpYearTotal

REACHED_JP = Decimal("20")


@dataclass
class Figures:
    """The duty's figures of a group of people (an institution, a unit, a province)."""

    civil_servants: int = 0
    reached: int = 0
    at_zero: int = 0
    total_jp: Decimal = Decimal("0")

    @property
    def share(self) -> float | None:
        """Share of the civil servants who reached 20 JP, 0 to 1 (None: nobody counted)."""
        return self.reached / self.civil_servants if self.civil_servants else None

    @property
    def share_percent(self) -> float | None:
        share = self.share
        return None if share is None else share * 100

    @property
    def mean_jp(self) -> Decimal | None:
        if not self.civil_servants:
            return None
        return (self.total_jp / self.civil_servants).quantize(Decimal("0.01"))

    def add(self, other: Figures) -> None:
        self.civil_servants += other.civil_servants
        self.reached += other.reached
        self.at_zero += other.at_zero
        self.total_jp += other.total_jp


# --- membership on the reference day, joined to the year's totals -------------------


def _aggregates(prefix: str, person: str, distinct: bool) -> dict[str, Any]:
    # An open period is one row per person (no DISTINCT needed); closed periods may
    # repeat a person (two periods touching the day), so they count people distinctly.
    zero = Q(**{f"{prefix}__jp__isnull": True}) | Q(**{f"{prefix}__jp__lte": 0})
    reached = Q(**{f"{prefix}__jp__gte": REACHED_JP})
    return {
        "n": Count(person, distinct=distinct),
        "reached": Count(person, distinct=distinct, filter=reached),
        "zero": Count(person, distinct=distinct, filter=zero),
        "jp": Sum(f"{prefix}__jp"),
    }


def current_members(day: date, year: int) -> QuerySet[Employee]:
    """Employees whose open period covers ``day``, active, with ``t`` = their year total."""
    return Employee.objects.filter(current_members_q(day)).annotate(
        t=FilteredRelation("jp_year_totals", condition=Q(jp_year_totals__year=year))
    )


def closed_members(day: date, year: int) -> QuerySet[EmploymentHistory]:
    """Closed periods covering ``day`` with the person active then (and not counted by
    their open period), with ``t`` = the person's year total."""
    # NOT EXISTS on the person's row (an anti-join by primary key), not NOT IN over
    # every current member: the closed periods covering a day are few, the people many.
    counted_now = Employee.objects.filter(current_members_q(day), pk=OuterRef("employee_id"))
    return (
        EmploymentHistory.objects.filter(closed_members_q(day))
        .exclude(Exists(counted_now))
        .annotate(
            t=FilteredRelation(
                "employee__jp_year_totals", condition=Q(employee__jp_year_totals__year=year)
            )
        )
    )


def _add(out: dict[Any, Figures], key: Any, n: Any, reached: Any, zero: Any, jp: Any) -> None:
    out.setdefault(key, Figures()).add(
        Figures(
            civil_servants=int(n or 0),
            reached=int(reached or 0),
            at_zero=int(zero or 0),
            total_jp=Decimal(str(jp or 0)).quantize(Decimal("0.01")),
        )
    )


KEYS = ("institution_id", "work_unit_id")


def _narrow_current(day: date, year: int, filters: dict[str, Any]) -> list[tuple]:
    """The open periods of a few institutions, each person's total looked up by its
    unique (person, year) index: a hash join over the year's totals of the whole country
    (what the planner picks for the join) costs far more than the institution's people."""
    total = JpYearTotal.objects.filter(employee_id=OuterRef("pk"), year=year).values("jp")[:1]
    inner = (
        Employee.objects.filter(current_members_q(day), **filters)
        .annotate(jp_year=Subquery(total))
        .values(*KEYS, "jp_year")
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.institution_id, s.work_unit_id, COUNT(*), "  # noqa: S608
            "SUM(CASE WHEN s.jp_year >= %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.jp_year IS NULL OR s.jp_year <= 0 THEN 1 ELSE 0 END), "
            f"SUM(s.jp_year) FROM ({sql}) s GROUP BY s.institution_id, s.work_unit_id",
            [REACHED_JP, *params],
        )
        return list(cursor.fetchall())


def _grouped(year: int, **filters: Any) -> dict[int, dict[int | None, Figures]]:
    """Figures per institution and work unit of the members on the reference day (the
    unit of the period covering it); ``filters`` narrow both kinds of membership alike
    (then the open periods go through :func:`_narrow_current`; the whole country joins
    the totals)."""
    day = reference_day(year)
    out: dict[Any, Figures] = {}
    sources: tuple[tuple[QuerySet[Any], str, bool], ...]
    if filters:
        for institution_id, unit_id, *counts in _narrow_current(day, year, filters):
            _add(out, (institution_id, unit_id), *counts)
        sources = ((closed_members(day, year), "employee_id", True),)
    else:
        sources = (
            (current_members(day, year), "id", False),
            (closed_members(day, year), "employee_id", True),
        )
    for queryset, person, distinct in sources:
        if filters:
            queryset = queryset.filter(**filters)
        rows = queryset.values(*KEYS).annotate(**_aggregates("t", person, distinct)).order_by()
        for row in rows:
            key = (row["institution_id"], row["work_unit_id"])
            _add(out, key, row["n"], row["reached"], row["zero"], row["jp"])
    nested: dict[int, dict[int | None, Figures]] = {}
    for (institution_id, unit_id), figures in out.items():
        nested.setdefault(institution_id, {})[unit_id] = figures
    return nested


def _total(units: dict[int | None, Figures]) -> Figures:
    total = Figures()
    for figures in units.values():
        total.add(figures)
    return total


def compute_units(
    year: int, institution_ids: Iterable[int] | None = None
) -> dict[int, dict[int | None, Figures]]:
    """Per institution, the figures of each work unit, from the register and the totals."""
    if institution_ids is None:
        return _grouped(year)
    ids = list(institution_ids)
    if not ids:
        return {}
    return _grouped(year, institution_id__in=ids)


def compute(year: int, institution_ids: Iterable[int] | None = None) -> dict[int, Figures]:
    """The figures per institution computed from the register and the totals (no cache)."""
    return {pk: _total(units) for pk, units in compute_units(year, institution_ids).items()}


# --- the summaries and their watermark ----------------------------------------------


def register_mark(year: int, today: date | None = None) -> dict[str, Any]:
    """What the summaries of ``year`` depend on in the register: two index reads."""
    return {
        "employee": Employee.objects.aggregate(m=Max("id"))["m"] or 0,
        "history": EmploymentHistory.objects.aggregate(m=Max("id"))["m"] or 0,
        "day": reference_day(year, today).isoformat(),
    }


TOUCHED_LIMIT = 10_000  # more people changed than this: recompute every institution


def touched_since(mark: dict[str, Any]) -> set[int] | None:
    """Institutions whose people changed since ``mark``: the current and past institutions
    of people added since, and of people with a period closed since. None when so many
    changed (an import) that recomputing every institution is cheaper."""
    new_people = Employee.objects.filter(id__gt=int(mark.get("employee", 0)))
    new_periods = EmploymentHistory.objects.filter(id__gt=int(mark.get("history", 0)))
    people = set(new_people.values_list("id", flat=True)[: TOUCHED_LIMIT + 1])
    people |= set(new_periods.values_list("employee_id", flat=True)[: TOUCHED_LIMIT + 1])
    if len(people) > TOUCHED_LIMIT:
        return None
    if not people:
        return set()
    touched = set(Employee.objects.filter(id__in=people).values_list("institution_id", flat=True))
    touched |= set(
        EmploymentHistory.objects.filter(employee_id__in=people).values_list(
            "institution_id", flat=True
        )
    )
    return touched


UNIT_NONE = "-"  # the key of the people with no work unit in ``ComplianceSummary.units``


def _units_json(units: dict[int | None, Figures]) -> dict[str, list[Any]]:
    return {
        (str(k) if k is not None else UNIT_NONE): [
            f.civil_servants,
            f.reached,
            f.at_zero,
            str(f.total_jp),
        ]
        for k, f in units.items()
    }


def _write(
    year: int,
    figures: dict[int, dict[int | None, Figures]],
    ids: Iterable[int],
    mark: dict[str, Any],
) -> None:
    now = timezone.now()
    rows = []
    for institution_id in ids:
        units = figures.get(institution_id, {})
        f = _total(units)
        rows.append(
            ComplianceSummary(
                institution_id=institution_id,
                year=year,
                civil_servants=f.civil_servants,
                reached=f.reached,
                at_zero=f.at_zero,
                total_jp=f.total_jp,
                stale=False,
                register_mark=mark,
                units=_units_json(units),
                computed_at=now,
            )
        )
    ComplianceSummary.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["institution", "year"],
        update_fields=[
            "civil_servants",
            "reached",
            "at_zero",
            "total_jp",
            "stale",
            "register_mark",
            "units",
            "computed_at",
        ],
    )


def _lock(rows: QuerySet[ComplianceSummary]) -> None:
    """Lock the summaries about to be recomputed before reading the records: a ledger
    write that marks one stale meanwhile waits, and marks it stale again after us (so
    its entry is never lost to a stale=False written from an older reading)."""
    list(rows.select_for_update().values_list("id", flat=True))


def refresh(year: int, *, force: bool = False, today: date | None = None) -> int:
    """Bring the summaries of ``year`` up to date; returns how many were recomputed.

    A first reading of a year, a new reference day, or ``force`` recomputes every
    institution (one grouped query); otherwise only the stale ones and those the
    register's changes since the last watermark touched.
    """
    mark = register_mark(year, today)
    with transaction.atomic():
        summaries = ComplianceSummary.objects.filter(year=year)
        marks = list(summaries.values_list("register_mark", flat=True).distinct()[:50])
        full = force or not marks or any((m or {}).get("day") != mark["day"] for m in marks)
        oldest = {
            "employee": min((int((m or {}).get("employee", 0)) for m in marks), default=0),
            "history": min((int((m or {}).get("history", 0)) for m in marks), default=0),
        }
        changed = (oldest["employee"], oldest["history"]) != (mark["employee"], mark["history"])
        touched = touched_since(oldest) if changed and not full else set()
        if full or touched is None:
            _lock(summaries)
            figures = compute_units(year)
            ids = set(figures) | set(summaries.values_list("institution_id", flat=True))
            _write(year, figures, ids, mark)
            return len(ids)
        ids = set(summaries.filter(stale=True).values_list("institution_id", flat=True))
        ids |= touched
        if ids:
            _lock(summaries.filter(institution_id__in=ids))
            _write(year, compute_units(year, ids), ids, mark)
        if changed or len(marks) > 1:
            summaries.exclude(institution_id__in=ids).update(register_mark=mark)
        return len(ids)


def summaries(year: int, institution_ids: Iterable[int] | None = None) -> dict[int, Figures]:
    """Current figures per institution id for ``year`` (refreshed first), from the summaries."""
    refresh(year)
    rows = ComplianceSummary.objects.filter(year=year)
    if institution_ids is not None:
        rows = rows.filter(institution_id__in=list(institution_ids))
    return {
        r.institution_id: Figures(r.civil_servants, r.reached, r.at_zero, r.total_jp)
        for r in rows.only("institution_id", "civil_servants", "reached", "at_zero", "total_jp")
    }


# --- live figures inside one institution --------------------------------------------


def per_unit(year: int, institution_id: int) -> dict[int | None, Figures]:
    """The institution's figures per work unit (the person's unit on the reference day),
    from its summary (refreshed first)."""
    refresh(year)
    row = ComplianceSummary.objects.filter(institution_id=institution_id, year=year).first()
    if row is None:
        return {}
    return {
        (None if key == UNIT_NONE else int(key)): Figures(int(n), int(r), int(z), Decimal(jp))
        for key, (n, r, z, jp) in (row.units or {}).items()
    }


@dataclass
class PersonJp:
    employee_id: int
    nip: str
    name: str
    employee_kind: str
    jp: Decimal


def people(year: int, institution_id: int, unit_id: int | None) -> list[PersonJp]:
    """The members of an institution (in one unit, or with none) on the reference day,
    with their JP of the year; by name."""
    day = reference_day(year)
    found: dict[int, PersonJp] = {}
    current = current_members(day, year).filter(institution_id=institution_id, work_unit_id=unit_id)
    for pk, nip, name, kind, jp in current.values_list(  # type: ignore[misc]  # annotated "t"
        "id", "nip", "full_name", "employee_kind", "t__jp"
    ):
        found[pk] = PersonJp(pk, nip, name, kind, Decimal(jp or 0))
    closed = closed_members(day, year).filter(institution_id=institution_id, work_unit_id=unit_id)
    for pk, nip, name, kind, jp in closed.values_list(  # type: ignore[misc]  # annotated "t"
        "employee_id", "employee__nip", "employee__full_name", "employee_kind", "t__jp"
    ):
        found.setdefault(pk, PersonJp(pk, nip, name, kind, Decimal(jp or 0)))
    return sorted(found.values(), key=lambda p: (p.name.casefold(), p.nip))
