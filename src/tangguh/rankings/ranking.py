"""Computing a ranking: who competes, their values from the metric, ranks with ties.

One path for the category pages, the dashboard, the API, the command line and the
publication: :func:`compute` takes a :class:`Definition` (a category's, or an ad-hoc
one such as a province's view of its regencies) and a period, and returns every
competing institution with its value (zero when the records hold none), its rank and
whether it wins a place. Institutions below the category's minimum of civil servants
do not compete; they are listed apart (``excluded``) with their headcount.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.certification.metrics import Period
from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message, joined
from tangguh.development.headcount import civil_servant_counts
from tangguh.institutions.models import Institution, InstitutionKind

from . import cache
from .models import Category, Direction, TieRule
from .registry import Metric, get_metric


@dataclass(frozen=True)
class Definition:
    """What a ranking ranks: a category's fields, or an ad-hoc view of the dashboard."""

    metric: str
    kinds: tuple[str, ...]
    direction: str = Direction.DESC
    places: int = 3
    tie_rule: str = TieRule.SHARED
    minimum_civil_servants: int | None = None
    within: int | None = None  # only institutions whose parent is this one (a province)

    @classmethod
    def of(cls, category: Category) -> Definition:
        return cls(
            metric=category.metric,
            kinds=tuple(category.competitor_kinds or ()),
            direction=category.direction,
            places=category.places,
            tie_rule=category.tie_rule,
            minimum_civil_servants=category.minimum_civil_servants,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "kinds": list(self.kinds),
            "direction": self.direction,
            "places": self.places,
            "tie_rule": self.tie_rule,
            "minimum_civil_servants": self.minimum_civil_servants,
            "within": self.within,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Definition:
        return cls(
            metric=data["metric"],
            kinds=tuple(data.get("kinds") or ()),
            direction=data.get("direction", Direction.DESC),
            places=int(data.get("places", 3)),
            tie_rule=data.get("tie_rule", TieRule.SHARED),
            minimum_civil_servants=data.get("minimum_civil_servants"),
            within=data.get("within"),
        )


@dataclass
class RankRow:
    position: int  # 1..n, the order of the table
    rank: int
    institution_id: int
    institution_code: str
    institution_name: str
    value: Decimal
    awarded: bool


@dataclass
class Excluded:
    institution_id: int
    institution_code: str
    institution_name: str
    civil_servants: int


@dataclass
class Ranking:
    definition: Definition
    metric: Metric
    period: Period
    rows: list[RankRow]
    excluded: list[Excluded] = field(default_factory=list)
    computed_at: datetime = field(default_factory=timezone.now)

    @property
    def winners(self) -> list[RankRow]:
        return [row for row in self.rows if row.awarded]

    def row_for(self, institution_id: int) -> RankRow | None:
        return next((r for r in self.rows if r.institution_id == institution_id), None)

    def method(self) -> Message:
        return method_message(self.definition, self.metric, self.period)


def period_of(category: Category, text: str | None = None) -> Period:
    """The category's own period, or the one asked for ("2020-2022", "2022")."""
    if text:
        return Period.parse(text)
    return Period.years(category.first_year, category.last_year)


def check_definition(definition: Definition, period: Period) -> Metric:
    """Refuse what cannot be ranked: an unknown metric, no competitors, a wrong period."""
    metric = get_metric(definition.metric)
    known = set(InstitutionKind.values)
    if not definition.kinds:
        raise DomainError(_("Choose which institutions compete."), code="competitors")
    unknown = [kind for kind in definition.kinds if kind not in known]
    if unknown:
        raise DomainError(
            _("“%(kind)s” is not a kind of institution.") % {"kind": str(unknown[0])[:40]},
            code="competitors",
        )
    if period.end < period.start:
        raise DomainError(_("The period ends before it starts."), code="period")
    metric.check_period(period)
    if definition.places < 1:
        raise DomainError(_("At least one place is awarded."), code="places")
    return metric


def competitors(definition: Definition) -> QuerySet[Institution]:
    """The active institutions of the definition's kinds (under ``within`` if set)."""
    queryset = Institution.objects.filter(kind__in=list(definition.kinds), is_active=True)
    if definition.within is not None:
        queryset = queryset.filter(parent_id=definition.within)
    return queryset.order_by("code")


def assign_ranks(
    values: Sequence[tuple[Any, Decimal]], *, direction: str, tie_rule: str
) -> list[tuple[int, Any, Decimal]]:
    """``(rank, key, value)`` in ranking order; equal values share a rank.

    ``shared``: the next rank skips (1, 2, 2, 4); ``dense``: it does not (1, 2, 2, 3).
    The order among equals is the order given (the engine passes them by code).
    """
    reverse = direction == Direction.DESC
    ordered = sorted(values, key=lambda kv: kv[1], reverse=reverse)  # stable: ties keep order
    ranked: list[tuple[int, Any, Decimal]] = []
    rank = 0
    previous: Decimal | None = None
    for index, (key, value) in enumerate(ordered, start=1):
        if previous is None or value != previous:
            rank = index if tie_rule == TieRule.SHARED else rank + 1
        ranked.append((rank, key, value))
        previous = value
    return ranked


def compute(definition: Definition, period: Period) -> Ranking:
    """Every competing institution with its value, rank and award, from the records."""
    metric = check_definition(definition, period)
    institutions = list(competitors(definition).values_list("id", "code", "name"))
    excluded: list[Excluded] = []
    if definition.minimum_civil_servants:
        counts = civil_servant_counts(period.end.year, [pk for pk, _c, _n in institutions])
        keep = []
        for pk, code, name in institutions:
            n = counts.get(pk, 0)
            if n < definition.minimum_civil_servants:
                excluded.append(Excluded(pk, code, name, n))
            else:
                keep.append((pk, code, name))
        institutions = keep
    ids = [pk for pk, _c, _n in institutions]
    values = cache.values(metric, period, ids) if ids else {}
    names = {pk: (code, name) for pk, code, name in institutions}
    ranked = assign_ranks(
        [(pk, Decimal(values.get(pk, 0))) for pk in ids],
        direction=definition.direction,
        tie_rule=definition.tie_rule,
    )
    rows = [
        RankRow(
            position=position,
            rank=rank,
            institution_id=pk,
            institution_code=names[pk][0],
            institution_name=names[pk][1],
            value=value,
            awarded=rank <= definition.places and (value != 0 or definition.direction == "asc"),
        )
        for position, (rank, pk, value) in enumerate(ranked, start=1)
    ]
    return Ranking(definition, metric, period, rows, excluded)


def compute_category(category: Category, period: Period | None = None) -> Ranking:
    return compute(Definition.of(category), period or period_of(category))


_KIND_PLURALS = {
    InstitutionKind.PROVINSI: gettext_lazy("provincial governments"),
    InstitutionKind.KABUPATEN: gettext_lazy("regency governments"),
    InstitutionKind.KOTA: gettext_lazy("city governments"),
    InstitutionKind.KEMENTERIAN: gettext_lazy("ministries"),
    InstitutionKind.LEMBAGA: gettext_lazy("agencies"),
}


def kinds_phrase(kinds: Iterable[str]) -> list[Any]:
    return [_KIND_PLURALS[InstitutionKind(k)] for k in kinds if k in InstitutionKind.values]


def method_message(definition: Definition, metric: Metric, period: Period) -> Message:
    """The method in plain words, stored with a publication and rendered when read."""
    parts: list[Message | str] = [Message(metric.method, {"period": str(period)})]
    kinds = kinds_phrase(definition.kinds)
    parts.append(
        Message(
            gettext_lazy("Competing: %(kinds)s, each institution itself (not the ones below it)."),
            {"kinds": Message("%(list)s", {"list": _comma_list(kinds)})},
        )
    )
    if definition.minimum_civil_servants:
        parts.append(
            Message(
                gettext_lazy(
                    "An institution with fewer than %(minimum)s active civil servants at the "
                    "end of the period does not compete."
                ),
                {"minimum": definition.minimum_civil_servants},
            )
        )
    order = (
        gettext_lazy("The largest value ranks first.")
        if definition.direction == Direction.DESC
        else gettext_lazy("The smallest value ranks first.")
    )
    parts.append(Message(order))
    ties = (
        gettext_lazy("Equal values share a rank and the next rank is skipped (1, 2, 2, 4).")
        if definition.tie_rule == TieRule.SHARED
        else gettext_lazy("Equal values share a rank and no rank is skipped (1, 2, 2, 3).")
    )
    parts.append(Message(ties))
    parts.append(
        Message(
            gettext_lazy("Places awarded: %(places)s. An institution with no records has 0."),
            {"places": definition.places},
        )
    )
    return joined(parts)


def _comma_list(items: list[Any]) -> list[Any]:
    """Items for a message's list parameter, separated by commas (rendered space-joined)."""
    out: list[Any] = []
    for index, item in enumerate(items):
        out.append(Message("%(item)s,", {"item": item}) if index < len(items) - 1 else item)
    return out
