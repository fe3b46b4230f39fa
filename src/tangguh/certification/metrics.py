"""Certification figures per institution over a period: the one definition of each.

The reports count with these functions, and so will the rankings (the Rakornas award
categories count distinct schemes and participants per region). Each returns
``{group: value}``; the group is the nominating institution's id by default
(``Participation.institution``, as it was on the exam date), or any other grouping
expression (``PROVINCE``: the province of the institution; ``ExtractYear("exam_date")``).

The rules every figure shares:

- *examined in the period*: the participation's exam date lies within it (both ends
  included);
- a withdrawn participation is never counted;
- ``source`` is the participations to count: all of them by default (the command line,
  the rankings), or the rows a user may read (the reports pass
  ``Participation.objects.restrict(user, "view")``), so scoping stays in one place.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.institutions.models import InstitutionKind
from tangguh.people.models import Employee, EmploymentStatus

from .models import Certificate, Outcome, Participation, ParticipationStatus, Scheme

# --- the period ----------------------------------------------------------------------

_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-–/]\s*(\d{4})\s*)?$")
FIRST_YEAR = 1950


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included; usually whole years ("2020-2022")."""

    start: date
    end: date

    @classmethod
    def years(cls, first: int, last: int | None = None) -> Period:
        return cls(date(first, 1, 1), date(last or first, 12, 31))

    @classmethod
    def default(cls, today: date | None = None) -> Period:
        """The last three years, this one included."""
        year = (today or timezone.localdate()).year
        return cls.years(year - 2, year)

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2020-2022"`` or ``"2021"``; a sentence naming what is wrong otherwise."""
        match = _PERIOD.match(text or "")
        if not match:
            raise DomainError(
                _("“%(value)s” is not a period. Write a year (2024) or two years (2020-2022).")
                % {"value": (text or "")[:40]},
                code="period",
            )
        first = int(match.group(1))
        last = int(match.group(2) or first)
        limit = timezone.localdate().year + 1
        if not FIRST_YEAR <= first <= limit or not FIRST_YEAR <= last <= limit:
            raise DomainError(
                _("The years of a period must lie between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": limit},
                code="period",
            )
        if last < first:
            raise DomainError(
                _("The period %(value)s ends before it starts.") % {"value": text.strip()},
                code="period",
            )
        return cls.years(first, last)

    @property
    def is_whole_years(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)

    def __str__(self) -> str:
        if self.is_whole_years:
            if self.start.year == self.end.year:
                return str(self.start.year)
            return f"{self.start.year}-{self.end.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


# --- groupings -----------------------------------------------------------------------

INSTITUTION = "institution_id"
# The province an institution belongs to: itself for a province, its parent for a
# regency or city; None for a ministry or agency (not in any province).
PROVINCE = Case(
    When(institution__kind=InstitutionKind.PROVINSI, then=F("institution_id")),
    When(institution__parent__kind=InstitutionKind.PROVINSI, then=F("institution__parent_id")),
    default=Value(None),
    output_field=IntegerField(),
)

# The national roll-up's line: the province for a regional institution, the institution
# itself for a ministry or agency (ids never collide: they are the institutions' own).
REGION = Coalesce(PROVINCE, F("institution_id"), output_field=IntegerField())

Group = str | Combinable


def _grouped(queryset: QuerySet, by: Group, **aggregates: Any) -> list[dict[str, Any]]:
    expression = F(by) if isinstance(by, str) else by
    return list(
        queryset.annotate(_group=expression)
        .values("_group")
        .annotate(**aggregates)
        .order_by()
        .values("_group", *aggregates)
    )


# --- the figures over participations ----------------------------------------------------


def examined(period: Period, source: QuerySet[Participation] | None = None) -> QuerySet:
    """The participations examined in ``period``, withdrawn ones left out."""
    queryset = Participation.objects.all() if source is None else source
    return queryset.exclude(status=ParticipationStatus.WITHDRAWN).filter(
        exam_date__gte=period.start, exam_date__lte=period.end
    )


def _count(period: Period, source: Any, by: Group, aggregate: Any) -> dict[Any, int]:
    rows = _grouped(examined(period, source), by, n=aggregate)
    return {row["_group"]: row["n"] for row in rows if row["_group"] is not None}


# The aggregates, each written once: the single figures below and ``summary`` use them.
SCHEMES = Count("scheme_id", distinct=True)
# A person is their register row (one per NIP): counted by its integer id, which sorts
# far faster than the NIP's text in a database collation (500,000 rows: measured).
PEOPLE = Count("employee_id", distinct=True)
CERTIFIED = Count("pk", filter=Q(outcome=Outcome.CERTIFIED))
DECIDED = Count("pk", filter=~Q(outcome=Outcome.PENDING))


def distinct_schemes(
    period: Period, source: QuerySet[Participation] | None = None, *, by: Group = INSTITUTION
) -> dict[Any, int]:
    """How many different schemes the group's people were examined in."""
    return _count(period, source, by, SCHEMES)


def participants(
    period: Period, source: QuerySet[Participation] | None = None, *, by: Group = INSTITUTION
) -> dict[Any, int]:
    """Distinct people examined (a person in two batches counts once)."""
    return _count(period, source, by, PEOPLE)


def certified(
    period: Period, source: QuerySet[Participation] | None = None, *, by: Group = INSTITUTION
) -> dict[Any, int]:
    """Participations decided *certified* (one per certificate issued from a decision)."""
    return _count(period, source, by, CERTIFIED)


@dataclass(frozen=True)
class PassRate:
    decided: int
    certified: int

    @property
    def rate(self) -> float | None:
        """Certified among the decided (pending ones wait); None before any decision."""
        return self.certified / self.decided if self.decided else None


def pass_rate(
    period: Period, source: QuerySet[Participation] | None = None, *, by: Group = INSTITUTION
) -> dict[Any, PassRate]:
    rows = _grouped(examined(period, source), by, decided=DECIDED, ok=CERTIFIED)
    return {
        row["_group"]: PassRate(row["decided"], row["ok"])
        for row in rows
        if row["_group"] is not None and row["decided"]
    }


@dataclass(frozen=True)
class Summary:
    """The four counts of a group, read in one query (what a report shows together)."""

    schemes: int
    participants: int
    certified: int
    decided: int


def summary(
    period: Period, source: QuerySet[Participation] | None = None, *, by: Group = INSTITUTION
) -> dict[Any, Summary]:
    """``distinct_schemes``, ``participants``, ``certified`` and the decided count at once."""
    rows = _grouped(examined(period, source), by, s=SCHEMES, p=PEOPLE, c=CERTIFIED, d=DECIDED)
    return {
        row["_group"]: Summary(row["s"], row["p"], row["c"], row["d"])
        for row in rows
        if row["_group"] is not None and row["p"]
    }


WITHIN_DAYS = 30  # the study's yardstick: results known within a month


@dataclass(frozen=True)
class DecisionTimes:
    """Days from the exam to the plenary decision, over the decided participations."""

    decided: int
    median: float
    mean: float
    within: int  # decided within WITHIN_DAYS days

    @property
    def within_share(self) -> float:
        return self.within / self.decided


class Median(Aggregate):
    """PostgreSQL's exact median (the mean of the two middle values for an even count)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def days_to_decision(
    period: Period, source: QuerySet[Participation] | None = None, *, by: Group = INSTITUTION
) -> dict[Any, DecisionTimes]:
    """Median and mean days to decision, and how many within 30 days, per group."""
    decided = (
        examined(period, source)
        .filter(days_to_decision__isnull=False)
        .exclude(outcome=Outcome.PENDING)
    )
    if connection.vendor == "postgresql":  # in the database: no row leaves it
        rows = _grouped(
            decided,
            by,
            n=Count("pk"),
            median=Median("days_to_decision"),
            mean=Avg("days_to_decision", output_field=FloatField()),
            within=Count("pk", filter=Q(days_to_decision__lte=WITHIN_DAYS)),
        )
        return {
            row["_group"]: DecisionTimes(
                row["n"], float(row["median"]), float(row["mean"]), row["within"]
            )
            for row in rows
            if row["_group"] is not None and row["n"]  # a constant group answers even if empty
        }
    expression = F(by) if isinstance(by, str) else by
    pairs = decided.annotate(_group=expression).values_list("_group", "days_to_decision")
    days: dict[Any, list[int]] = defaultdict(list)
    for group, value in pairs.order_by().iterator(chunk_size=10_000):
        if group is not None:
            days[group].append(value)
    return {
        group: DecisionTimes(
            decided=len(values),
            median=float(statistics.median(values)),
            mean=statistics.fmean(values),
            within=sum(1 for v in values if v <= WITHIN_DAYS),
        )
        for group, values in days.items()
    }


# --- camat coverage ---------------------------------------------------------------------


def camat_scheme() -> Scheme | None:
    """The camat scheme: ``TANGGUH_CAMAT_SCHEME_CODE`` (default ``camat``)."""
    code = getattr(settings, "TANGGUH_CAMAT_SCHEME_CODE", "camat")
    return Scheme.objects.filter(code=code).first()


def position_q(names: list[str], prefix: str = "position__name") -> Q:
    """A position named one of ``names``, or starting with it as a word: "Camat
    Wonokromo" is a camat, "Sekretaris Camat" is not (CERT_DESIGN's eligibility rule)."""
    condition = Q(pk__in=[])
    for name in names:
        name = name.strip()
        if name:
            condition |= Q(**{f"{prefix}__iexact": name})
            condition |= Q(**{f"{prefix}__istartswith": f"{name} "})
    return condition


@dataclass(frozen=True)
class Coverage:
    serving: int
    certified: int

    @property
    def rate(self) -> float | None:
        return self.certified / self.serving if self.serving else None


def valid_certificates_q(on: date) -> Q:
    """Certificates valid on ``on``: issued by then, not expired, not revoked by then."""
    return Q(issued_on__lte=on, expires_on__gte=on) & (
        Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=on)
    )


def camat_coverage(
    on: date | None = None,
    employees: QuerySet[Employee] | None = None,
    *,
    by: Group = INSTITUTION,
    scheme: Scheme | None = None,
) -> dict[Any, Coverage]:
    """Serving camat (active civil servants whose position matches the camat scheme's
    target positions, as registered now) and how many of them hold a certificate of
    that scheme valid on ``on`` (today by default), per group of their institution."""
    on = on or timezone.localdate()
    scheme = scheme or camat_scheme()
    if scheme is None:
        return {}
    version = scheme.versions.order_by("-version").first()
    names = list(version.target_positions) if version else []
    if not names:
        return {}
    queryset = Employee.objects.all() if employees is None else employees
    holds = Certificate.objects.filter(valid_certificates_q(on), scheme=scheme, nip=OuterRef("nip"))
    rows = _grouped(
        queryset.filter(position_q(names), status=EmploymentStatus.ACTIVE).annotate(
            _holds=Exists(holds)
        ),
        by,
        serving=Count("pk"),
        ok=Count("pk", filter=Q(_holds=True)),
    )
    return {
        row["_group"]: Coverage(row["serving"], row["ok"])
        for row in rows
        if row["_group"] is not None
    }
