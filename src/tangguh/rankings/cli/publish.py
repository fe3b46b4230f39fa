"""`tangguh rankings publish --category CODE [--period 2020-2022] [--reason TEXT] [--json]`.

Publishes the category's ranking for the period through the publishing service (the
same as the page's button): computed now, frozen with its records, hashed. When the
period has a publication already, this is a corrected version and ``--reason`` is
required. The command line is the system: no user is recorded as the publisher.
``--json`` prints ``{id, category, period, version, supersedes, content_hash,
winners: [{rank, institution_code, institution_name, value}]}``.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError

from ..models import PublishedRow
from ..registry import json_number
from .common import add_category_arguments, category_of, fail, period_for


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("publish", help="Publish (freeze) a category's ranking.")
    add_category_arguments(parser)
    parser.add_argument("--reason", default="", help="Why a corrected version is published.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")


def run(command: Any, options: dict[str, Any]) -> None:
    from .. import services_publications  # the publishing service: its own module

    category = category_of(command, options)
    period = period_for(command, category, options)
    try:
        publication = services_publications.ranking_publish(
            category=category, period=period, actor=None, reason=options.get("reason") or ""
        )
    except (DomainError, PermissionDenied) as error:
        fail(command, getattr(error, "message", error), options)
    winners = [
        {
            "rank": row.rank,
            "institution_code": row.institution_code,
            "institution_name": row.institution_name,
            "value": json_number(row.value),
        }
        for row in PublishedRow.objects.filter(publication=publication, awarded=True)
        .defer("records")
        .order_by("position")
    ]
    if options.get("json"):
        data = {
            "id": publication.pk,
            "category": category.code,
            "period": publication.period_label,
            "version": publication.version,
            "supersedes": publication.supersedes_id,
            "content_hash": publication.content_hash,
            "winners": winners,
        }
        command.stdout.write(json.dumps(data, ensure_ascii=False))
        return
    command.stdout.write(
        _("Published %(category)s %(period)s, version %(version)s (id %(id)s), hash %(hash)s.")
        % {
            "category": category.code,
            "period": publication.period_label,
            "version": publication.version,
            "id": publication.pk,
            "hash": publication.content_hash,
        }
    )
    for winner in winners:
        command.stdout.write(
            f"{winner['rank']}\t{winner['institution_code']}\t{winner['institution_name']}\t"
            f"{winner['value']}"
        )
