"""Publishing a ranking: computed from the records, frozen with what it is made of.

A publication stores the category's definition as it was (names, description, metric,
competitors, period), the method in plain words, every competitor's rank and value
with the records behind the value (the metric's own explanation), the data's time and
a content hash over all of it (``snapshot.py``). Later changes to the records or to the
category never reach it. The first publication of a category for a period is version
1; publishing again makes version n+1, which corrects (supersedes) the latest and must
say why. Only the national administrator publishes; the audit entry is written in the
same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.certification.metrics import Period
from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import may

from . import snapshot
from .models import Category, Publication, PublishedRow
from .ranking import Ranking, compute_category, period_of

REASON_LIMIT = 2000


def _period(category: Category, period: Period | str | None) -> Period:
    if isinstance(period, Period):
        return period
    return period_of(category, period or None)


def _definition(category: Category, ranking: Ranking) -> dict[str, Any]:
    """The category as published: later edits of the category never reach it."""
    return {
        "code": category.code,
        "name_id": category.name_id,
        "name_en": category.name_en,
        "description_id": category.description_id,
        "description_en": category.description_en,
        **ranking.definition.as_json(),
        "unit": ranking.metric.unit,
        "decimals": ranking.metric.decimals,
        "period": str(ranking.period),
        "excluded": [
            {
                "institution_code": e.institution_code,
                "institution_name": e.institution_name,
                "civil_servants": e.civil_servants,
            }
            for e in ranking.excluded
        ],
    }


def _rows(ranking: Ranking) -> list[PublishedRow]:
    """Every competitor with the records behind its value, from the metric's explanation."""
    rows = []
    for row in ranking.rows:
        explanation = ranking.metric.explain(ranking.period, row.institution_id)
        records = explanation.as_json()["records"]
        rows.append(
            PublishedRow(
                position=row.position,
                rank=row.rank,
                institution_id=row.institution_id,
                institution_code=row.institution_code,
                institution_name=row.institution_name,
                value=row.value,
                numerator=explanation.numerator,
                denominator=explanation.denominator,
                awarded=row.awarded,
                records=records,
                records_hash=snapshot.records_hash(records),
            )
        )
    return rows


def _row_fields(row: PublishedRow) -> dict[str, Any]:
    return {
        "position": row.position,
        "rank": row.rank,
        "institution_code": row.institution_code,
        "institution_name": row.institution_name,
        "value": row.value,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "awarded": row.awarded,
        "records_hash": row.records_hash,
    }


def ranking_publish(
    *, category: Category, period: Period | str | None, actor: Any, reason: str = ""
) -> Publication:
    """Publish ``category``'s ranking for ``period`` (None: the category's own period).

    Version 1, or version n+1 correcting the latest publication for the same period, in
    which case ``reason`` says why (required). ``actor`` None is the system itself (the
    command line).
    """
    if not may(actor, Publication, "add", None):
        raise PermissionDenied(_("Only the national administrator publishes rankings."))
    reason = (reason or "").strip()
    if len(reason) > REASON_LIMIT:
        raise DomainError(
            _("The reason is at most %(limit)s characters.") % {"limit": REASON_LIMIT},
            code="reason",
            errors=[{"field": "reason", "message": _("The reason is too long.")}],
        )
    period = _period(category, period)
    ranking = compute_category(category, period)  # refuses a definition that cannot rank
    first, last = period.start.year, period.end.year
    with transaction.atomic():
        # One publisher at a time per category: the version numbers follow each other.
        list(Category.objects.select_for_update().filter(pk=category.pk).values_list("pk"))
        latest = (
            Publication.objects.filter(category=category, first_year=first, last_year=last)
            .order_by("-version")
            .first()
        )
        if latest is not None and not reason:
            message = _(
                "Version %(version)s of this ranking for %(period)s is already published: "
                "say why a corrected version is published."
            ) % {"version": latest.version, "period": str(period)}
            raise DomainError(
                message, code="reason", errors=[{"field": "reason", "message": message}]
            )
        version = latest.version + 1 if latest else 1
        definition = _definition(category, ranking)
        method = ranking.method().as_json()
        rows = _rows(ranking)
        stored_reason = reason if latest else ""
        content_hash = snapshot.content_hash(
            category_code=category.code,
            first_year=first,
            last_year=last,
            version=version,
            supersedes_hash=latest.content_hash if latest else None,
            reason=stored_reason,
            definition=definition,
            method=method,
            data_as_of=ranking.computed_at,
            rows=[_row_fields(row) for row in rows],
        )
        publication = Publication.objects.create(
            category=category,
            first_year=first,
            last_year=last,
            version=version,
            supersedes=latest,
            correction_reason=stored_reason,
            definition=definition,
            method=method,
            data_as_of=ranking.computed_at,
            content_hash=content_hash,
            published_at=timezone.now(),
            published_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for row in rows:
            row.publication = publication
        PublishedRow.objects.bulk_create(rows, batch_size=200)
        audit_record(
            actor=actor,
            action="rankings.ranking_correct" if latest else "rankings.ranking_publish",
            target=publication,
            data={
                "category": category.code,
                "period": str(period),
                "version": version,
                "content_hash": content_hash,
                "winners": [r.institution_code for r in rows if r.awarded],
                **({"reason": reason, "supersedes": latest.pk} if latest else {}),
            },
        )
    return publication
