"""Reads of published rankings: lists, versions, the frozen table, the differences
between a corrected version and the one it corrects.

Every read starts from ``restrict(user, "view")``. The frozen table never loads the
records behind the values (``defer("records")``): the drill-down reads one row's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from .models import Category, Publication, PublishedRow


def publications(user: Any, *, category: Category | None = None) -> QuerySet[Publication]:
    queryset = Publication.objects.restrict(user, "view").select_related("category")
    if category is not None:
        queryset = queryset.filter(category=category)
    return queryset.order_by("-published_at", "-pk")


def publication_get(user: Any, pk: Any) -> Publication | None:
    return (
        Publication.objects.restrict(user, "view")
        .select_related("category", "published_by", "supersedes")
        .filter(pk=pk)
        .first()
    )


def latest_publication(user: Any, category: Category, first: int, last: int) -> Publication | None:
    return (
        publications(user, category=category)
        .filter(first_year=first, last_year=last)
        .order_by("-version")
        .first()
    )


def versions(user: Any, publication: Publication) -> list[Publication]:
    """Every version of the publication's category and period, the first first."""
    return list(
        Publication.objects.restrict(user, "view")
        .filter(
            category_id=publication.category_id,
            first_year=publication.first_year,
            last_year=publication.last_year,
        )
        .select_related("published_by")
        .order_by("version")
    )


def newer_version(publication: Publication) -> Publication | None:
    """The version that corrects this one, if any."""
    return Publication.objects.filter(supersedes=publication).first()


def rows(publication: Publication) -> list[PublishedRow]:
    """The frozen table, without the records behind the values."""
    return list(
        PublishedRow.objects.filter(publication=publication)
        .defer("records", "institution")
        .order_by("position")
    )


def winners(publication: Publication) -> list[PublishedRow]:
    return [row for row in rows(publication) if row.awarded]


def row_with_records(publication: Publication, institution_code: str) -> PublishedRow | None:
    return PublishedRow.objects.filter(
        publication=publication, institution_code=institution_code
    ).first()


@dataclass
class Difference:
    institution_code: str
    institution_name: str
    old_rank: int | None
    new_rank: int | None
    old_value: Decimal | None
    new_value: Decimal | None
    old_awarded: bool
    new_awarded: bool

    @property
    def rank_changed(self) -> bool:
        return self.old_rank != self.new_rank

    @property
    def value_changed(self) -> bool:
        return self.old_value != self.new_value

    @property
    def changed(self) -> bool:
        return self.rank_changed or self.value_changed or self.old_awarded != self.new_awarded


@dataclass
class Differences:
    previous: Publication
    changes: list[Difference]  # only the institutions whose rank, value or award changed
    winners_before: list[str]
    winners_after: list[str]

    @property
    def winners_changed(self) -> bool:
        return self.winners_before != self.winners_after

    def for_code(self, code: str) -> Difference | None:
        return next((d for d in self.changes if d.institution_code == code), None)


def _table(publication_id: int) -> dict[str, tuple[str, int, Decimal, bool]]:
    return {
        code: (name, rank, value, awarded)
        for code, name, rank, value, awarded in PublishedRow.objects.filter(
            publication_id=publication_id
        )
        .order_by("position")
        .values_list("institution_code", "institution_name", "rank", "value", "awarded")
    }


def differences(publication: Publication) -> Differences | None:
    """What the corrected version changes against the one it corrects (None: version 1)."""
    if publication.supersedes_id is None:
        return None
    previous = Publication.objects.get(pk=publication.supersedes_id)
    old, new = _table(previous.pk), _table(publication.pk)
    changes = []
    for code in list(new) + [c for c in old if c not in new]:
        before, after = old.get(code), new.get(code)
        difference = Difference(
            institution_code=code,
            institution_name=(after or before)[0],  # type: ignore[index]
            old_rank=before[1] if before else None,
            new_rank=after[1] if after else None,
            old_value=before[2] if before else None,
            new_value=after[2] if after else None,
            old_awarded=bool(before and before[3]),
            new_awarded=bool(after and after[3]),
        )
        if difference.changed:
            changes.append(difference)
    return Differences(
        previous=previous,
        changes=changes,
        winners_before=[code for code, row in old.items() if row[3]],
        winners_after=[code for code, row in new.items() if row[3]],
    )
