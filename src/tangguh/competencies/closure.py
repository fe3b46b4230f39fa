"""Gap closure over the years: of the gaps open at the start of a year, how many are
closed by its end (docs/competencies.md, "Closing the loop: gap closure").

For an institution and a year Y:

- **the people** are the institution's active civil servants as the register records
  them now, with the standards of their current positions (``standards.required_levels``:
  the standard as it stands now, not as it stood then);
- **a gap open at the start** is a person × competency whose level on 31 December of
  Y-1, by the profile rule (``profile.levels_as_of``), is below the required level. A
  competency unassessed on that day is no gap known to be open: it is left out (a gap
  is never read from an absent assessment);
- **closed** means the level on 31 December of Y (today while Y runs) reaches the
  required level; **no longer assessed** means the earlier result expired and nothing
  replaced it (neither closed nor known to be open); the rest are **still open**.

The rate is closed ÷ open at the start. The ranking metric ``gap_closure``
(``rankings/metrics_competencies.py``) reads the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min
from django.utils import timezone

from tangguh.people.models import Employee, EmploymentStatus

from .models import Assessment
from .profile import levels_as_of
from .standards import required_levels

# The page looks back at most this many years.
YEARS_SHOWN = 6
RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class GapChange:
    """One gap open at the start of the year, and what became of it."""

    employee_id: int
    nip: str
    name: str
    institution_id: int
    code: str
    required: int
    before: int  # the level at the start (below ``required``)
    after: int | None  # the level at the end; None: no longer assessed

    @property
    def closed(self) -> bool:
        return self.after is not None and self.after >= self.required


@dataclass(frozen=True)
class YearClosure:
    """An institution's closure in one year."""

    year: int
    start: date  # 31 December of the year before
    end: date  # 31 December of the year, or today while it runs
    open: int = 0
    closed: int = 0
    unassessed: int = 0

    @property
    def still_open(self) -> int:
        return self.open - self.closed - self.unassessed

    @property
    def rate(self) -> Decimal | None:
        """Closed ÷ open, 0 to 1, four decimals; None with no gap open at the start."""
        if not self.open:
            return None
        return (Decimal(self.closed) / Decimal(self.open)).quantize(RATE_PLACES, ROUND_HALF_UP)


def year_bounds(year: int, today: date | None = None) -> tuple[date, date]:
    """The two days compared: 31 December of ``year - 1`` and of ``year`` (or today)."""
    today = today or timezone.localdate()
    return date(year - 1, 12, 31), min(date(year, 12, 31), today)


def gap_changes(
    institution_ids: Iterable[int], year: int, *, today: date | None = None
) -> dict[int, list[GapChange]]:
    """Institution id → its gaps open at the start of ``year`` and what became of them
    (ordered by name, NIP, code). Institutions with none are absent."""
    start, end = year_bounds(year, today)
    people = list(
        Employee.objects.filter(
            institution_id__in=list(institution_ids),
            status=EmploymentStatus.ACTIVE,
            position__isnull=False,
        )
        .select_related("position")
        .only(
            "id",
            "nip",
            "full_name",
            "institution_id",
            "position__id",
            "position__name",
            "position__kind",
            "position__institution_id",
        )
        .order_by("full_name", "nip")
    )
    if not people:
        return {}
    standards = required_levels({p.position for p in people if p.position is not None})
    ids = [p.pk for p in people]
    before = levels_as_of(ids, start)
    after = levels_as_of(ids, end)
    found: dict[int, list[GapChange]] = {}
    for person in people:
        assert person.position_id is not None
        had = before.get(person.pk, {})
        has = after.get(person.pk, {})
        for code, requirement in sorted(standards.get(person.position_id, {}).items()):
            level = had.get(code)
            if level is None or level >= requirement.level:
                continue
            found.setdefault(person.institution_id, []).append(
                GapChange(
                    employee_id=person.pk,
                    nip=person.nip,
                    name=person.full_name,
                    institution_id=person.institution_id,
                    code=code,
                    required=requirement.level,
                    before=level,
                    after=has.get(code),
                )
            )
    return found


def summarise(year: int, changes: list[GapChange], *, today: date | None = None) -> YearClosure:
    start, end = year_bounds(year, today)
    return YearClosure(
        year=year,
        start=start,
        end=end,
        open=len(changes),
        closed=sum(1 for c in changes if c.closed),
        unassessed=sum(1 for c in changes if c.after is None),
    )


def closure_by_institution(
    institution_ids: Iterable[int], year: int, *, today: date | None = None
) -> dict[int, YearClosure]:
    """Institution id → its closure in ``year`` (absent: no gap open at the start)."""
    return {
        pk: summarise(year, changes, today=today)
        for pk, changes in gap_changes(institution_ids, year, today=today).items()
    }


def years_of(institution_id: int, *, today: date | None = None) -> list[int]:
    """The years the page shows: from the year after the institution's first assessment
    (at most ``YEARS_SHOWN`` back) to the current year."""
    this_year = (today or timezone.localdate()).year
    first = Assessment.objects.filter(institution_id=institution_id).aggregate(
        first=Min("assessed_on")
    )["first"]
    earliest = this_year - YEARS_SHOWN + 1
    start = this_year if first is None else min(this_year, max(earliest, first.year + 1))
    return list(range(start, this_year + 1))


def institution_closure(institution_id: int, *, today: date | None = None) -> list[YearClosure]:
    """The institution's closure in each year the page shows (oldest first)."""
    rows = []
    for year in years_of(institution_id, today=today):
        changes = gap_changes([institution_id], year, today=today).get(institution_id, [])
        rows.append(summarise(year, changes, today=today))
    return rows
