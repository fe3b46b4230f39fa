"""`tangguh units import|template`: an institution's work-unit tree from the command line."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.importing.commands import ImportCommandOutput
from tangguh.institutions.models import Institution
from tangguh.people.exports_units import units_template_xlsx
from tangguh.people.services_units import work_units_import, work_units_summary

logger = logging.getLogger(__name__)


class Command(ImportCommandOutput, BaseCommand):
    help = "Import an institution's work units (Unit Kerja), or write their import template."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Import work units from a CSV or XLSX file.")
        imp.add_argument(
            "file", help="The CSV or XLSX file: Kode Unit, Nama Unit, Kode Unit Induk."
        )
        imp.add_argument(
            "--institution", required=True, help="Code of the institution, e.g. 35.78."
        )
        imp.add_argument(
            "--dry-run", action="store_true", help="Check the file and count, save nothing."
        )
        imp.add_argument("--strict", action="store_true", help="Import nothing if any row is bad.")
        imp.add_argument(
            "--json", action="store_true", help="Print one JSON object with counts and errors."
        )
        tpl = sub.add_parser("template", help="Write the XLSX template of work units.")
        tpl.add_argument("-o", "--output", required=True, help="The file to write (.xlsx).")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _institution(self, code: str, as_json: bool) -> Institution:
        try:
            return Institution.objects.get(code=code)
        except Institution.DoesNotExist:
            self._fail(
                _(
                    "No institution has the code “%(code)s”. `tangguh institutions load` loads the real list."
                )
                % {"code": code},
                as_json,
            )
            raise  # not reached: _fail raises

    def _import(self, options: dict[str, Any]) -> None:
        as_json = options["json"]
        institution = self._institution(options["institution"], as_json)
        path = Path(options["file"])
        try:
            result = work_units_import(
                source=path,
                filename=path.name,
                institution=institution,
                actor=None,
                dry_run=options["dry_run"],
                strict=options["strict"],
            )
        except DomainError as exc:  # ImportFileError: the file as a whole cannot be imported
            self._fail(str(exc.message), as_json)
        except Exception:
            logger.exception("Import of work units from %s failed", path)
            self._fail(
                _(
                    "The import stopped because of an internal error; the work units were not changed. Try again later or contact the administrator."
                ),
                as_json,
            )
        self.write_result(result, work_units_summary(result), as_json=as_json)

    def _template(self, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        output.write_bytes(units_template_xlsx())
        self.stdout.write(_("Template written to %(path)s.") % {"path": output})
