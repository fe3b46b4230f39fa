"""The Rakornas dashboard's reads: every active category's current leaders, its latest
published version (and whether the records now rank differently), the leaders' values
year by year, and a province's view of its regencies and cities.

Values come from the one engine (``ranking.compute``) and the one cache
(``cache.values``); publications are read through ``restrict()``, so the dashboard
shows what the reader may see of them (today: everyone signed in sees them all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone

from tangguh.certification.metrics import FIRST_YEAR, Period
from tangguh.institutions.models import Institution, InstitutionKind

from . import cache
from .models import Category, Direction, Publication, PublishedRow
from .ranking import Definition, Ranking, RankRow, compute, period_of

LEADERS = 10  # bars in a category's chart
TREND_LEADERS = 5  # lines in its trend, at most
TREND_YEARS = 5  # the period's last year and the four before it


@dataclass
class Change:
    """An institution ranked or valued differently now than in the published version."""

    institution_code: str
    institution_name: str
    published_rank: int | None  # None: it did not compete then
    published_value: Decimal | None
    current_rank: int | None  # None: it does not compete now
    current_value: Decimal | None


@dataclass
class Published:
    """The latest published version of a category for its period."""

    publication: Publication
    winners: list[PublishedRow]
    ranks: dict[int, int]  # institution id -> published rank
    changes: list[Change] = field(default_factory=list)
    current_winners: list[tuple[int, int]] = field(default_factory=list)  # (id, rank) now

    @property
    def differs(self) -> bool:
        return bool(self.changes)

    @property
    def winners_changed(self) -> bool:
        """Do the places awarded now go to other institutions, or in another order?"""
        return self.current_winners != [(row.institution_id, row.rank) for row in self.winners]


@dataclass
class Trend:
    years: list[int]
    lines: list[tuple[RankRow, list[Decimal]]]  # a leader and its value in each year


@dataclass
class Panel:
    """One category on the dashboard."""

    category: Category
    period: Period
    ranking: Ranking
    published: Published | None
    trend: Trend | None

    @property
    def leaders(self) -> list[RankRow]:
        return self.ranking.rows[:LEADERS]

    @property
    def unit(self) -> str:
        return self.ranking.metric.unit


def active_categories(*, user: Any) -> list[Category]:
    return list(Category.objects.restrict(user, "view").filter(is_active=True))


def latest_publication(*, user: Any, category: Category, period: Period) -> Publication | None:
    """The newest version published for the category and period, as the reader may see it."""
    return (
        Publication.objects.restrict(user, "view")
        .filter(category=category, first_year=period.start.year, last_year=period.end.year)
        .order_by("-version")
        .first()
    )


def published_summary(*, user: Any, publication: Publication, ranking: Ranking) -> Published:
    """The published winners, each institution's published rank, and what differs now."""
    rows = list(
        PublishedRow.objects.restrict(user, "view")
        .filter(publication=publication)
        .defer("records")
        .order_by("position")
    )
    current = {row.institution_id: row for row in ranking.rows}
    then = {row.institution_id: row for row in rows}
    changes = []
    for row in rows:
        now = current.get(row.institution_id)
        if now is None or now.rank != row.rank or now.value != row.value:
            changes.append(
                Change(
                    row.institution_code,
                    row.institution_name,
                    row.rank,
                    row.value,
                    now.rank if now else None,
                    now.value if now else None,
                )
            )
    for now in ranking.rows:
        if now.institution_id not in then:
            changes.append(
                Change(
                    now.institution_code,
                    now.institution_name,
                    None,
                    None,
                    now.rank,
                    now.value,
                )
            )
    changes.sort(key=lambda c: min(c.current_rank or 10**9, c.published_rank or 10**9))
    return Published(
        publication=publication,
        winners=[row for row in rows if row.awarded],
        ranks={row.institution_id: row.rank for row in rows},
        changes=changes,
        current_winners=[(row.institution_id, row.rank) for row in ranking.winners],
    )


def trend_years(period: Period, *, today_year: int | None = None) -> list[int]:
    """The years a trend shows: the period's last year and the four before it (the whole
    period when it is longer), never before the records start nor after this year."""
    this_year = today_year or timezone.localdate().year
    last = min(period.end.year, this_year)
    first = max(min(period.start.year, last - TREND_YEARS + 1), FIRST_YEAR)
    return list(range(first, last + 1))


def trend(ranking: Ranking, *, years: list[int] | None = None) -> Trend | None:
    """The value of each of the top five in every year around the period, from the same
    metric (a range metric is asked one year at a time)."""
    # An institution with nothing on record is no leader: ties at zero would draw an
    # arbitrary few flat lines (smallest-first rankings keep them: zero leads there).
    ascending = ranking.definition.direction == Direction.ASC
    leaders = [row for row in ranking.rows[:TREND_LEADERS] if row.value or ascending]
    if not leaders:
        return None
    years = years if years is not None else trend_years(ranking.period)
    ids = [row.institution_id for row in leaders]
    per_year = {year: cache.values(ranking.metric, Period.years(year), ids) for year in years}
    # Years before the records begin (all zero, before the period) say nothing: dropped.
    while years and years[0] < ranking.period.start.year and not any(per_year[years[0]].values()):
        years = years[1:]
    lines = [
        (row, [Decimal(per_year[year].get(row.institution_id, 0)) for year in years])
        for row in leaders
    ]
    return Trend(years=years, lines=lines)


def panel(*, user: Any, category: Category, definition: Definition | None = None) -> Panel:
    """The category ranked as defined, or by ``definition`` (a province's view, which
    nobody publishes: it has no published version)."""
    period = period_of(category)
    ranking = compute(definition or Definition.of(category), period)
    publication = (
        latest_publication(user=user, category=category, period=period)
        if definition is None
        else None
    )
    return Panel(
        category=category,
        period=period,
        ranking=ranking,
        published=(
            published_summary(user=user, publication=publication, ranking=ranking)
            if publication is not None
            else None
        ),
        trend=trend(ranking),
    )


def dashboard(*, user: Any) -> list[Panel]:
    """Every active category the reader may see, with its current and published ranking."""
    return [panel(user=user, category=category) for category in active_categories(user=user)]


def short_names(panels: list[Panel]) -> dict[int, str]:
    """Short names for the charts' axes ("Jawa Timur"), one query for every panel."""
    ids = {row.institution_id for p in panels for row in p.ranking.rows[:LEADERS]}
    return {
        pk: short
        for pk, short in Institution.objects.filter(id__in=ids).values_list("id", "short_name")
        if short
    }


def provinces() -> list[Institution]:
    """The provinces for the selector (the public directory's list: no one's scope)."""
    return list(
        Institution.objects.filter(kind=InstitutionKind.PROVINSI, is_active=True).order_by("code")
    )


def province(code: str) -> Institution:
    """The active province ``code``; 404 for anything else (a NUL never reaches the
    database: PostgreSQL refuses it in a query)."""
    if "\x00" in code:
        raise Http404
    found = Institution.objects.filter(
        kind=InstitutionKind.PROVINSI, is_active=True, code=code[:16]
    ).first()
    if found is None:
        raise Http404
    return found


def province_definition(category: Category, province_id: int) -> Definition:
    """The category's metric and rules among a province's regencies and cities."""
    return Definition(
        metric=category.metric,
        kinds=(InstitutionKind.KABUPATEN.value, InstitutionKind.KOTA.value),
        direction=category.direction,
        places=category.places,
        tie_rule=category.tie_rule,
        minimum_civil_servants=category.minimum_civil_servants,
        within=province_id,
    )


def province_view(*, user: Any, province: Institution) -> list[Panel]:
    """Each active category's metric and period, ranking the province's regencies and cities."""
    return [
        panel(user=user, category=category, definition=province_definition(category, province.pk))
        for category in active_categories(user=user)
    ]
