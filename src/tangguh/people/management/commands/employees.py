"""`tangguh employees import|export|template`: the register from the command line."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.importing.commands import ImportCommandOutput
from tangguh.institutions.models import Institution
from tangguh.people.exports import employees_export_csv, employees_export_xlsx, import_template_xlsx
from tangguh.people.models import Employee
from tangguh.people.services import employee_export_record, employee_import, import_summary

logger = logging.getLogger(__name__)


class Command(ImportCommandOutput, BaseCommand):
    help = "Import, export the civil-servant register, or write the import template."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Import civil servants from a CSV or XLSX file.")
        imp.add_argument("file", help="The CSV or XLSX file.")
        imp.add_argument(
            "--institution",
            help="Code of the institution, e.g. 35.78. Leave out for a national file: "
            "each row then goes to the institution its “Kode Instansi” column names.",
        )
        imp.add_argument(
            "--dry-run", action="store_true", help="Check the file and count, save nothing."
        )
        imp.add_argument("--strict", action="store_true", help="Import nothing if any row is bad.")
        imp.add_argument(
            "--json", action="store_true", help="Print one JSON object with counts and errors."
        )
        exp = sub.add_parser(
            "export", help="Export an institution's civil servants (template layout)."
        )
        exp.add_argument("--institution", required=True, help="Code of the institution.")
        exp.add_argument(
            "--format", choices=("csv", "xlsx"), help="Default: from the file extension."
        )
        exp.add_argument("-o", "--output", required=True, help="The file to write.")
        tpl = sub.add_parser("template", help="Write the XLSX import template.")
        tpl.add_argument("-o", "--output", required=True, help="The file to write (.xlsx).")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _institution(self, code: str) -> Institution:
        try:
            return Institution.objects.get(code=code)
        except Institution.DoesNotExist:
            raise CommandError(
                _(
                    "No institution has the code “%(code)s”. `tangguh institutions load` loads the real list."
                )
                % {"code": code}
            ) from None

    def _import(self, options: dict[str, Any]) -> None:
        code = options["institution"]
        institution = self._institution(code) if code else None
        path = Path(options["file"])
        as_json = options["json"]
        bar = None if as_json else _ProgressBar(sys.stderr)
        try:
            result = employee_import(
                source=path,
                filename=path.name,
                institution=institution,
                actor=None,
                dry_run=options["dry_run"],
                strict=options["strict"],
                progress=bar,
            )
        except DomainError as exc:  # ImportFileError: the file as a whole cannot be imported
            self._fail(str(exc.message), as_json)
        except Exception:
            logger.exception("Import of %s failed", path)
            self._fail(
                _(
                    "The import stopped because of an internal error; the register was not changed. Try again later or contact the administrator."
                ),
                as_json,
            )
        finally:
            if bar is not None:
                bar.close()
        self.write_result(result, str(import_summary(result)), as_json=as_json)

    def _export(self, options: dict[str, Any]) -> None:
        institution = self._institution(options["institution"])
        output = Path(options["output"])
        fmt = options["format"] or ("xlsx" if output.suffix.lower() == ".xlsx" else "csv")
        queryset = Employee.objects.filter(institution=institution)
        # Audited before the file is written: every exported NIP, by the operator's shell.
        employee_export_record(
            actor=None,
            institution=institution,
            queryset=queryset,
            file_format=fmt,
            filters={"institution": institution.code},
            query={"via": "cli", "command": "employees export", "output": str(output)[:200]},
        )
        if fmt == "xlsx":
            count = employees_export_xlsx(queryset, output)
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                for chunk in employees_export_csv(queryset):
                    fh.write(chunk)
            count = queryset.count()
        self.stdout.write(
            _("%(count)s civil servants written to %(path)s.") % {"count": count, "path": output}
        )

    def _template(self, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        output.write_bytes(import_template_xlsx())
        self.stdout.write(_("Template written to %(path)s.") % {"path": output})


class _ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        fraction = min(done / total, 1.0) if total else 1.0
        filled = int(30 * fraction)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {done:,}/{total:,}"
        )
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
