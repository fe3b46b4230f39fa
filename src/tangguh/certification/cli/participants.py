"""`tangguh certification participants [--period 2020-2022] [--institution CODE] [--json]`.

Lists participations (withdrawn ones left out, as in every figure of the reports), by
exam date. ``--period``: examined within those years; ``--institution``: nominated by
that institution (its own, not its regencies'). ``--json`` prints one JSON list of
``{batch, scheme_code, institution_code, nip, exam_date, outcome}`` (``outcome``:
certified, not_certified or pending), written as it is read (a national list holds
half a million rows).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.core.exceptions import DomainError
from tangguh.institutions.models import Institution

from ..metrics import Period
from ..selectors_reports import PARTICIPANT_KEYS, participation_rows

CHUNK = 5000


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("participants", help="List certification participations.")
    parser.add_argument(
        "--period", help="A year (2024) or two years (2020-2022): examined within them."
    )
    parser.add_argument("--institution", help="The nominating institution's code (35.78).")
    parser.add_argument("--json", action="store_true", help="Print one JSON list.")


def _fail(command: Any, message: str, as_json: bool) -> None:
    if as_json:
        command.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
    raise CommandError(message)


def run(command: Any, options: dict[str, Any]) -> None:
    as_json = bool(options.get("json"))
    period = institution = None
    if options.get("period"):
        try:
            period = Period.parse(options["period"])
        except DomainError as error:
            _fail(command, str(error.message), as_json)
    if options.get("institution"):
        institution = Institution.objects.filter(code=options["institution"]).first()
        if institution is None:
            _fail(
                command,
                _("No institution has the code “%(code)s”.") % {"code": options["institution"]},
                as_json,
            )
    rows = participation_rows(period=period, institution=institution).iterator(chunk_size=CHUNK)
    (_write_json if as_json else _write_text)(command.stdout, rows)


def _record(row: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip(PARTICIPANT_KEYS, row, strict=True))
    record["exam_date"] = record["exam_date"].isoformat()
    return record


def _write_json(out: Any, rows: Any) -> None:
    """One JSON list, written a chunk of rows at a time (a national list is 500,000)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    out.write("[", ending="")
    chunk: list[str] = []
    first = True
    for row in rows:
        chunk.append(encode(_record(row)))
        if len(chunk) == CHUNK:
            out.write(("" if first else ",") + ",".join(chunk), ending="")
            chunk, first = [], False
    if chunk:
        out.write(("" if first else ",") + ",".join(chunk), ending="")
    out.write("]")


def _write_text(out: Any, rows: Any) -> None:
    out.write("\t".join(PARTICIPANT_KEYS))
    count = 0
    for row in rows:
        record = _record(row)
        out.write("\t".join(str(record[key]) for key in PARTICIPANT_KEYS))
        count += 1
    out.write(
        ngettext("%(count)s participation.", "%(count)s participations.", count) % {"count": count}
    )
