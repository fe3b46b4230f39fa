"""`tangguh assessments import FILE --institution CODE [--dry-run] [--strict] [--json]`.

An assessment centre's batch imported from the command line (the system: the file
names each row's assessor). The same import as the page's
(:mod:`..assessments_import`): every bad row with its row, column and sentence;
``--strict`` imports nothing when any row is bad; a file that cannot be read changes
nothing. ``--json`` prints the object ``tangguh employees import --json`` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.importing.commands import ImportCommandOutput
from tangguh.institutions.models import Institution

from ..assessments_import import assessments_summary, import_assessments


def add_parser(sub: Any) -> None:
    imp = sub.add_parser("import", help="Import an assessment batch (CSV or XLSX).")
    imp.add_argument(
        "file", help="NIP, Kode Kompetensi, Level, Tanggal Asesmen, Metode, NIP Asesor."
    )
    imp.add_argument("--institution", required=True, help="The institution's code, e.g. 35.78.")
    imp.add_argument(
        "--dry-run", action="store_true", help="Check the file and count, save nothing."
    )
    imp.add_argument("--strict", action="store_true", help="Import nothing if any row is bad.")
    imp.add_argument("--json", action="store_true", help="Print one JSON object: counts, errors.")


def run(command: Any, options: dict[str, Any]) -> None:
    out = _Output(command)
    as_json = bool(options.get("json"))
    institution = Institution.objects.filter(code=options["institution"]).first()
    if institution is None:
        out.fail(
            _("No institution has the code “%(code)s”.") % {"code": options["institution"]},
            as_json,
        )
    path = Path(options["file"])
    try:
        result = import_assessments(
            source=path,
            filename=path.name,
            institution=institution,  # type: ignore[arg-type]
            actor=None,
            dry_run=bool(options.get("dry_run")),
            strict=bool(options.get("strict")),
        )
    except DomainError as exc:  # the file as a whole cannot be imported: nothing changed
        out.fail(str(exc.message), as_json)
    out.write_result(result, assessments_summary(result), as_json=as_json)


class _Output(ImportCommandOutput):
    def __init__(self, command: Any) -> None:
        self.stdout = command.stdout

    def fail(self, message: str, as_json: bool) -> None:
        self._fail(message, as_json)
