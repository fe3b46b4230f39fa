"""`tangguh budgets list --year YYYY [--json]`.

Every institution with an approved budget for the year, by code, from the latest
approved revision. ``--json`` prints one JSON list of ``{institution_code,
total_budget, development_allocation, realisation, civil_servants,
per_civil_servant, share}``: amounts as whole-Rupiah JSON numbers, ``share`` the
allocation as a fraction of the total (0 to 1, 4 decimals; null without a total),
``per_civil_servant`` rounded to the Rupiah (null without civil servants). Without
it, a tab-separated table with the same columns and a count. The command line is the
system: unscoped. The figures are :mod:`..metrics_budgets` and :mod:`..realisation`,
as on the pages.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.institutions.models import Institution

from .. import metrics_budgets, realisation

KEYS = (
    "institution_code",
    "total_budget",
    "development_allocation",
    "realisation",
    "civil_servants",
    "per_civil_servant",
    "share",
)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("list", help="List the approved budgets of a fiscal year.")
    parser.add_argument("--year", type=int, required=True, help="The fiscal year (YYYY).")
    parser.add_argument("--json", action="store_true", help="Print one JSON list.")


def budget_rows(year: int) -> list[dict[str, Any]]:
    """One dict per institution with an approved budget for ``year``, by code."""
    allocations = metrics_budgets.allocations(year)
    spent = realisation.realisations(year, list(allocations))
    codes = dict(Institution.objects.filter(pk__in=list(allocations)).values_list("id", "code"))
    rows = []
    for institution_id, a in allocations.items():
        share, per_person = a.share, a.per_civil_servant
        done = spent.get(institution_id)
        rows.append(
            {
                "institution_code": codes[institution_id],
                "total_budget": int(a.total_budget),
                "development_allocation": int(a.development_allocation),
                "realisation": int(done.total) if done else 0,
                "civil_servants": a.civil_servants,
                "per_civil_servant": None if per_person is None else int(per_person),
                "share": None if share is None else float(share),
            }
        )
    return sorted(rows, key=lambda r: r["institution_code"])


def run(command: Any, options: dict[str, Any]) -> None:
    year = options["year"]
    if not 1900 <= year <= 9999:
        raise CommandError(_("Give the fiscal year with four digits, e.g. 2025."))
    rows = budget_rows(year)
    if options.get("json"):
        command.stdout.write(json.dumps(rows, ensure_ascii=False))
        return
    command.stdout.write("\t".join(KEYS))
    for row in rows:
        command.stdout.write("\t".join("" if row[k] is None else str(row[k]) for k in KEYS))
    command.stdout.write(
        ngettext("%(count)s budget.", "%(count)s budgets.", len(rows)) % {"count": len(rows)}
    )
