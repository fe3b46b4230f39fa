"""`tangguh rankings explain --category CODE --institution CODE [--period] [--json]`.

What one competitor's value is made of, from the metric's own explanation. ``--json``
prints ``{value, records: [{kind, id, contribution, label, source, ...}]}`` (and
``numerator``/``denominator`` for a ratio), the shape the API and a publication share:
the contributions add up to the value (or to the numerator). For a count, each scheme
or person counted contributes 1 and lists the participations behind it. Without it: the
value, then a tab-separated table of the records and their total. The command line is
the system: every record is shown (the pages and the API ask the viewer's grants).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError

from ..ranking import Definition, check_definition
from ..registry import display_value, json_number, record_for_reader
from .common import add_category_arguments, category_of, competitor_of, fail, period_for


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("explain", help="List the records behind one institution's value.")
    add_category_arguments(parser)
    parser.add_argument("--institution", required=True, help="The institution's code (35).")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")


def run(command: Any, options: dict[str, Any]) -> None:
    category = category_of(command, options)
    period = period_for(command, category, options)
    try:
        metric = check_definition(Definition.of(category), period)
    except DomainError as error:
        fail(command, error.message, options)
    institution = competitor_of(command, category, options)
    explanation = metric.explain(period, institution.pk)
    if options.get("json"):
        data = explanation.as_json()
        data["records"] = [record_for_reader(record) for record in data["records"]]
        command.stdout.write(json.dumps(data, ensure_ascii=False))
        return
    command.stdout.write(f"{category.name()} · {period} · {institution.code} {institution.name}")
    command.stdout.write(
        _("Value: %(value)s") % {"value": display_value(explanation.value, metric.unit)}
    )
    if explanation.denominator is not None:
        command.stdout.write(
            _("= %(numerator)s / %(denominator)s (%(label)s)")
            % {
                "numerator": json_number(explanation.numerator),
                "denominator": json_number(explanation.denominator),
                "label": explanation.denominator_label,
            }
        )
    command.stdout.write("\t".join(("kind", "id", "contribution", "label", "source")))
    for record in explanation.records:
        command.stdout.write(
            f"{record.kind}\t{record.id}\t{json_number(record.contribution)}\t"
            f"{record.label}\t{record.source}"
        )
    command.stdout.write(
        _("%(count)s records, total %(total)s.")
        % {"count": len(explanation.records), "total": json_number(explanation.total)}
    )
