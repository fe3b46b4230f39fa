"""`tangguh rankings list [--json]`: the award categories.

``--json`` prints one JSON list of ``{code, name_id, name_en, metric, period,
competitor_kinds, direction, places, tie_rule, minimum_civil_servants, is_preset,
is_active}``; without it a tab-separated table (code, metric, period, competitors,
name) and a count, the latest period first.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import Category
from ..ranking import period_of


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("list", help="List the award categories.")
    parser.add_argument("--json", action="store_true", help="Print one JSON list.")


def category_row(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name_id": category.name_id,
        "name_en": category.name_en,
        "metric": category.metric,
        "period": str(period_of(category)),
        "competitor_kinds": list(category.competitor_kinds or []),
        "direction": category.direction,
        "places": category.places,
        "tie_rule": category.tie_rule,
        "minimum_civil_servants": category.minimum_civil_servants,
        "is_preset": category.is_preset,
        "is_active": category.is_active,
    }


def run(command: Any, options: dict[str, Any]) -> None:
    rows = [category_row(c) for c in Category.objects.order_by("-last_year", "code")]
    if options.get("json"):
        command.stdout.write(json.dumps(rows, ensure_ascii=False))
        return
    command.stdout.write("\t".join(("code", "metric", "period", "competitors", "name")))
    for row in rows:
        name = row["name_en"] if _english() else row["name_id"]
        command.stdout.write(
            f"{row['code']}\t{row['metric']}\t{row['period']}\t"
            f"{','.join(row['competitor_kinds'])}\t{name}"
        )
    command.stdout.write(_("Categories: %(count)s.") % {"count": len(rows)})


def _english() -> bool:
    return (get_language() or "id").startswith("en")
