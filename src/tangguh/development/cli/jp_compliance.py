"""`tangguh jp compliance --year YYYY [--institution CODE] [--json] [--refresh]`.

The 20-JP duty per institution for a year, from the same summaries as the pages.
``--json`` prints one JSON list of ``{institution_code, civil_servants, reached_20,
share, mean_jp, at_zero}`` for every institution with civil servants (or the one
asked, even with none): ``civil_servants`` are the institution's active civil servants
on 31 December (today, for the current year), ``share`` is ``reached_20 /
civil_servants`` as a fraction with 4 decimals (null with nobody), ``mean_jp`` the JP
per civil servant with 2 decimals. ``--refresh`` recomputes every institution first
(after a change to the register the watermark cannot see: see compliance.py).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.formatting import format_number
from tangguh.institutions.models import Institution

from .. import compliance
from ..compliance import Figures


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("compliance", help="The 20-JP duty per institution for a year.")
    parser.add_argument("--year", type=int, help="The year (default: this year).")
    parser.add_argument("--institution", help="One institution's code (35.78).")
    parser.add_argument("--json", action="store_true", help="Print one JSON list.")
    parser.add_argument(
        "--refresh", action="store_true", help="Recompute every institution's figures first."
    )


def _fail(command: Any, message: str, as_json: bool) -> None:
    if as_json:
        command.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
    raise CommandError(message)


def record(code: str, f: Figures) -> dict[str, Any]:
    share = f.share
    mean = f.mean_jp
    return {
        "institution_code": code,
        "civil_servants": f.civil_servants,
        "reached_20": f.reached,
        "share": None if share is None else round(share, 4),
        "mean_jp": None if mean is None else float(mean),
        "at_zero": f.at_zero,
    }


def run(command: Any, options: dict[str, Any]) -> None:
    as_json = bool(options.get("json"))
    this_year = timezone.localdate().year
    year = options.get("year") or this_year
    if not 2000 <= year <= this_year:
        _fail(
            command,
            _("The year must be between %(first)s and %(last)s.")
            % {"first": 2000, "last": this_year},
            as_json,
        )
    institution = None
    if options.get("institution"):
        institution = Institution.objects.filter(code=options["institution"]).first()
        if institution is None:
            _fail(
                command,
                _("No institution has the code “%(code)s”.") % {"code": options["institution"]},
                as_json,
            )
    if options.get("refresh"):
        compliance.refresh(year, force=True)
    if institution is not None:
        figures = compliance.summaries(year, [institution.pk])
        rows = [(institution.code, figures.get(institution.pk, Figures()))]
    else:
        figures = compliance.summaries(year)
        codes = dict(Institution.objects.filter(pk__in=figures).values_list("pk", "code"))
        rows = sorted(
            (codes[pk], f) for pk, f in figures.items() if f.civil_servants and pk in codes
        )
    records = [record(code, f) for code, f in rows]
    if as_json:
        command.stdout.write(json.dumps(records, ensure_ascii=False))
        return
    header = _("institution  civil servants  reached 20 JP  share  mean JP  at zero")
    command.stdout.write(header)
    for r in records:
        share = "—" if r["share"] is None else f"{r['share'] * 100:.1f} %"
        mean = "—" if r["mean_jp"] is None else format_number(r["mean_jp"])
        command.stdout.write(
            f"{r['institution_code']:<12} {r['civil_servants']:>14} {r['reached_20']:>14} "
            f"{share:>6} {mean:>8} {r['at_zero']:>8}"
        )
