"""`tangguh certification participants` (participations) and `tangguh certification results
import` (an assessor's spreadsheet) from the command line.

Each subcommand lives in ``certification/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.certification.cli import participants, results_import


class Command(BaseCommand):
    help = "List certification participations; import an assessor's results."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        participants.add_parser(sub)
        results_import.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        module = {"participants": participants, "results": results_import}[options["subcommand"]]
        module.run(self, options)
