"""`tangguh standards import|export`: position standards as a spreadsheet.

Each subcommand lives in ``competencies/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.competencies.cli import SUBCOMMANDS


class Command(BaseCommand):
    help = "Import or export position standards (standar kompetensi jabatan) as XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for module in SUBCOMMANDS["standards"].values():
            module.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS["standards"][options["subcommand"]].run(self, options)
