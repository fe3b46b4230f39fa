"""`tangguh certificates list [--institution CODE] [--json]`.

Lists every certificate, newest first. ``--institution``: the holder's institution when
the certificate was issued (its own, not its regencies', as ``certification
participants`` counts). ``--json`` prints one JSON list of ``{number, holder_name,
holder_nip, institution_code, scheme_code, issued_on, expires_on, status}`` (``status``
today: valid, expired or revoked), written as it is read; without it, a tab-separated
table with the same columns and a count. The command line is the system: unscoped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.institutions.models import Institution

from ..models import Certificate
from ..selectors_certificates import CERTIFICATE_KEYS, certificate_rows


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("list", help="List certificates.")
    parser.add_argument(
        "--institution", help="The holder's institution when issued, by its code (35.78)."
    )
    parser.add_argument("--json", action="store_true", help="Print one JSON list.")


def run(command: Any, options: dict[str, Any]) -> None:
    as_json = bool(options.get("json"))
    qs = Certificate.objects.all()
    code = options.get("institution")
    if code:
        institution = Institution.objects.filter(code=code).first()
        if institution is None:
            message = _("No institution has the code “%(code)s”.") % {"code": code}
            if as_json:
                command.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
            raise CommandError(message)
        qs = qs.filter(institution=institution)
    rows = certificate_rows(qs)
    (_write_json if as_json else _write_text)(command.stdout, rows)


def _write_json(out: Any, rows: Iterable[dict[str, Any]]) -> None:
    out.write("[", ending="")
    for index, row in enumerate(rows):
        out.write(("," if index else "") + json.dumps(row, ensure_ascii=False), ending="")
    out.write("]")


def _write_text(out: Any, rows: Iterable[dict[str, Any]]) -> None:
    out.write("\t".join(CERTIFICATE_KEYS))
    count = 0
    for row in rows:
        out.write("\t".join(str(row[k]) for k in CERTIFICATE_KEYS))
        count += 1
    out.write(
        ngettext("%(count)s certificate.", "%(count)s certificates.", count) % {"count": count}
    )
