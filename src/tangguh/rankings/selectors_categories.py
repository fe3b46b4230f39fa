"""Reads of award categories: the list, one category's computed ranking, the drill-down.

Every read starts from ``restrict(user, "view")``; the ranking itself is the engine's
(``ranking.compute_category``), the records behind a value the metric's
(``explain``), shown only where ``access.may_see_records`` allows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from tangguh.certification.metrics import Period
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution

from .access import may_see_records
from .models import Category, Publication
from .ranking import Ranking, compute_category, period_of
from .registry import Explanation, Metric, Record, get_metric


def category_list(user: Any) -> QuerySet[Category]:
    """The categories ``user`` may read, each with its latest publication's id and time."""
    latest = Publication.objects.restrict(user, "view").filter(category=OuterRef("pk"))
    latest = latest.order_by("-published_at", "-pk")
    categories: QuerySet[Category] = Category.objects.restrict(user, "view")
    return categories.annotate(
        latest_publication_id=Subquery(latest.values("pk")[:1]),
        latest_published_at=Subquery(latest.values("published_at")[:1]),
        latest_version=Subquery(latest.values("version")[:1]),
    ).order_by("-is_active", "-last_year", "code")


def category_get(user: Any, code: str, action: str = "view") -> Category:
    """The category named ``code`` if ``user`` may ``action`` it; 404 otherwise."""
    category = Category.objects.restrict(user, action).filter(code=code).first()
    if category is None:
        raise Http404
    return category


def category_publications(user: Any, category: Category) -> QuerySet[Publication]:
    """This category's publications, newest first (any period, every version)."""
    return (
        Publication.objects.restrict(user, "view")
        .filter(category=category)
        .select_related("published_by")
        .order_by("-last_year", "-first_year", "-version")
    )


def category_ranking(category: Category, period: Period | None = None) -> Ranking:
    return compute_category(category, period or period_of(category))


def competitor_get(category: Category, code: str) -> Institution:
    """An institution that competes in ``category`` (its kind among the competitors)."""
    institution = Institution.objects.filter(
        code=code, kind__in=list(category.competitor_kinds or ())
    ).first()
    if institution is None:
        raise Http404
    return institution


@dataclass
class Drilldown:
    """One institution's value in a category, and (when the reader may see them) its records."""

    category: Category
    institution: Institution
    metric: Metric
    period: Period
    explanation: Explanation
    may_see: bool
    # Shown whoever reads: how many records of each kind make the value.
    counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def adds_up(self) -> bool:
        expected = self.explanation.numerator
        if expected is None:
            expected = self.explanation.value
        return self.explanation.total == expected


def drilldown(user: Any, category: Category, institution: Institution, period: Period) -> Drilldown:
    metric = get_metric(category.metric)
    metric.check_period(period)
    explanation = metric.explain(period, institution.pk)
    counts = Counter(record.kind for record in explanation.records)
    return Drilldown(
        category=category,
        institution=institution,
        metric=metric,
        period=period,
        explanation=explanation,
        may_see=may_see_records(user, metric, institution.pk),
        counts=sorted(counts.items()),
    )


def _link(record: Record, institution: Institution) -> tuple[str, str, list[Any]] | None:
    """(URL name, the model whose grant opens that page, its arguments) for a record."""
    details = record.details
    if record.kind == "budget_revision" and details.get("fiscal_year"):
        return (
            "development:budget",
            "development.BudgetRevision",
            [
                institution.code,
                details["fiscal_year"],
            ],
        )
    if record.kind == "scheme" and details.get("scheme_code"):
        return "certification:scheme", "certification.Scheme", [details["scheme_code"]]
    if record.kind == "participation" and details.get("certificate_number"):
        return (
            "certification:certificate",
            "certification.Certificate",
            [details["certificate_number"]],
        )
    if record.kind == "civil_servant" and record.source == "people.Employee":
        return "people:detail", "people.Employee", [record.id]
    if record.kind == "ledger_entry" and details.get("nip"):
        return "development:person_ledger", "development.LedgerEntry", [details["nip"]]
    return None


def source_url(user: Any, record: Record, institution: Institution) -> str:
    """The page of the record's source, when there is one the reader may open."""
    link = _link(record, institution)
    if link is None:
        return ""
    name, label, args = link
    if not may(user, apps.get_model(label), "view", institution.pk):
        return ""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
