"""`tangguh certification results import FILE --batch CODE [--dry-run] [--strict] [--json]`.

An assessor's spreadsheet imported from the command line (the system: the file names the
assessor of each row, ``NIP Asesor`` or ``Asesor``). The same import as the page's
(:mod:`..results_import`): every bad row with its row, column and sentence; ``--strict``
imports nothing when any row is bad; a file that cannot be read changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.importing.commands import ImportCommandOutput

from ..models import Batch
from ..results_import import results_summary
from ..services_results import results_import


def add_parser(sub: Any) -> None:
    results = sub.add_parser("results", help="A batch's assessment results.")
    actions = results.add_subparsers(dest="results_action", required=True)
    imp = actions.add_parser("import", help="Import an assessor's spreadsheet (CSV or XLSX).")
    imp.add_argument("file", help="NIP, Kode Unit, Rekomendasi, Catatan, Bukti, NIP Asesor/Asesor.")
    imp.add_argument("--batch", required=True, help="The batch's code.")
    imp.add_argument(
        "--dry-run", action="store_true", help="Check the file and count, save nothing."
    )
    imp.add_argument("--strict", action="store_true", help="Import nothing if any row is bad.")
    imp.add_argument("--json", action="store_true", help="Print one JSON object: counts, errors.")


def run(command: Any, options: dict[str, Any]) -> None:
    out = _Output(command)
    as_json = bool(options.get("json"))
    batch = Batch.objects.filter(code=options["batch"]).first()
    if batch is None:
        out.fail(_("No batch has the code “%(code)s”.") % {"code": options["batch"]}, as_json)
    path = Path(options["file"])
    try:
        result = results_import(
            batch=batch,  # type: ignore[arg-type]
            source=path,
            filename=path.name,
            actor=None,
            dry_run=bool(options.get("dry_run")),
            strict=bool(options.get("strict")),
        )
    except DomainError as exc:  # the file as a whole cannot be imported: nothing changed
        out.fail(str(exc.message), as_json)
    out.write_result(result, results_summary(result), as_json=as_json)


class _Output(ImportCommandOutput):
    def __init__(self, command: Any) -> None:
        self.stdout = command.stdout

    def fail(self, message: str, as_json: bool) -> None:
        self._fail(message, as_json)
