"""`tangguh rankings compute --category CODE [--period 2020-2022] [--json]`.

The category's ranking computed from the records now, by the engine the pages and the
API use. ``--json`` prints one JSON list of ``{rank, institution_code,
institution_name, value}``, every competing institution (zero values too), in the
ranking's order; ``value`` a JSON number (whole when whole). Without it: a heading,
a tab-separated table (rank, code, name, value as the pages show it, awarded) and a
count; institutions below the category's minimum are listed after it.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError

from ..ranking import Definition, compute
from ..registry import display_value, json_number
from .common import add_category_arguments, category_of, fail, period_for


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("compute", help="Compute a category's ranking from the records.")
    add_category_arguments(parser)
    parser.add_argument("--json", action="store_true", help="Print one JSON list.")


def run(command: Any, options: dict[str, Any]) -> None:
    category = category_of(command, options)
    period = period_for(command, category, options)
    try:
        ranking = compute(Definition.of(category), period)
    except DomainError as error:
        fail(command, error.message, options)
    if options.get("json"):
        rows = [
            {
                "rank": row.rank,
                "institution_code": row.institution_code,
                "institution_name": row.institution_name,
                "value": json_number(row.value),
            }
            for row in ranking.rows
        ]
        command.stdout.write(json.dumps(rows, ensure_ascii=False))
        return
    unit = ranking.metric.unit
    command.stdout.write(f"{category.name()} · {period}")
    command.stdout.write(
        "\t".join(("rank", "institution_code", "institution_name", "value", "awarded"))
    )
    for row in ranking.rows:
        awarded = "*" if row.awarded else ""
        command.stdout.write(
            f"{row.rank}\t{row.institution_code}\t{row.institution_name}\t"
            f"{display_value(row.value, unit)}\t{awarded}"
        )
    count = len(ranking.rows)
    command.stdout.write(_("Institutions: %(count)s.") % {"count": count})
    for excluded in ranking.excluded:
        command.stdout.write(
            _("Not competing (%(n)s civil servants, below the minimum): %(code)s %(name)s")
            % {
                "n": excluded.civil_servants,
                "code": excluded.institution_code,
                "name": excluded.institution_name,
            }
        )
