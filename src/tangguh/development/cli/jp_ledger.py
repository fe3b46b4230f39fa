"""`tangguh jp ledger [--institution CODE] [--year YYYY] [--json]`.

Every entry of the JP ledger, in the order written (by id: the index streams it). ``--institution``: the entry's institution
(the person's institution on the entry's date); ``--year``: the entry's year.
``--json`` prints one JSON list of ``{nip, institution_code, date, jp, form, source}``
(``jp`` a number, negative for a reversal; ``form`` the form's code; ``source``
session, activity or reversal), written as it is read: the ledger may hold 20 million
entries, so nothing is gathered in memory. Without it, a tab-separated table with the
same columns and a count. The command line is the system: unscoped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.institutions.models import Institution

from ..jp_rules import jp_value
from ..models import LedgerEntry
from ..selectors_ledger import stream_rows

KEYS = ("nip", "institution_code", "date", "jp", "form", "source")
BATCH = 2000  # rows per write


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("ledger", help="Print the JP ledger.")
    parser.add_argument("--institution", help="The entry's institution, by its code (35.78).")
    parser.add_argument("--year", type=int, help="The entries of one year (2025).")
    parser.add_argument("--json", action="store_true", help="Print one JSON list.")


def _fail(command: Any, message: str, as_json: bool) -> None:
    if as_json:
        command.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
    raise CommandError(message)


def run(command: Any, options: dict[str, Any]) -> None:
    as_json = bool(options.get("json"))
    qs = LedgerEntry.objects.all()
    code = options.get("institution")
    if code:
        institution = Institution.objects.filter(code=code).first()
        if institution is None:
            _fail(command, _("No institution has the code “%(code)s”.") % {"code": code}, as_json)
        qs = qs.filter(institution=institution)
    year = options.get("year")
    if year is not None:
        if not 1900 <= year <= 9999:
            _fail(command, _("The year must be written as four digits (2025)."), as_json)
        qs = qs.filter(year=year)
    rows = stream_rows(qs.order_by("id"))
    (_write_json if as_json else _write_text)(command.stdout, rows)


def _write_json(out: Any, rows: Iterable[dict[str, Any]]) -> None:
    out.write("[", ending="")
    buffer: list[str] = []
    first = True
    for row in rows:
        row["jp"] = jp_value(row["jp"])
        buffer.append(("" if first else ",") + json.dumps(row, ensure_ascii=False))
        first = False
        if len(buffer) >= BATCH:
            out.write("".join(buffer), ending="")
            buffer.clear()
    out.write("".join(buffer) + "]")


def _write_text(out: Any, rows: Iterable[dict[str, Any]]) -> None:
    out.write("\t".join(KEYS))
    count = 0
    for row in rows:
        row["jp"] = jp_value(row["jp"])
        out.write("\t".join(str(row[k]) for k in KEYS))
        count += 1
    out.write(ngettext("%(count)s entry.", "%(count)s entries.", count) % {"count": count})
