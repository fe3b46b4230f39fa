"""`tangguh standards import FILE --institution CODE [--dry-run] [--json]`.

A standards sheet imported from the command line (the system): the same import as the
page's (:mod:`..standards_import`), all or nothing; every bad row with its row, column
and sentence; ``--json`` prints the result as ``tangguh employees import`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.importing.commands import ImportCommandOutput
from tangguh.institutions.models import Institution

from ..standards_import import standards_import, standards_import_summary


def add_parser(sub: Any) -> None:
    imp = sub.add_parser("import", help="Import a standards sheet (XLSX or CSV).")
    imp.add_argument("file", help="Columns Jabatan, Kode Kompetensi, Level.")
    imp.add_argument("--institution", required=True, help="The institution's code, e.g. 35.78.")
    imp.add_argument(
        "--dry-run", action="store_true", help="Check the file and count, save nothing."
    )
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
        result = standards_import(
            source=path,
            filename=path.name,
            institution=institution,  # type: ignore[arg-type]
            actor=None,
            dry_run=bool(options.get("dry_run")),
        )
    except DomainError as exc:  # the file as a whole cannot be imported: nothing changed
        out.fail(str(exc.message), as_json)
    out.write_result(result, standards_import_summary(result), as_json=as_json)
    if result.file_rejected:
        out.fail(_("The file was refused: nothing was imported."), False)


class _Output(ImportCommandOutput):
    def __init__(self, command: Any) -> None:
        self.stdout = command.stdout

    def fail(self, message: str, as_json: bool) -> None:
        self._fail(message, as_json)
