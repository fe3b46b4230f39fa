"""`tangguh assessments import`: an assessment centre's spreadsheet into the profiles.

Each subcommand lives in ``competencies/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.competencies.cli import SUBCOMMANDS


class Command(BaseCommand):
    help = "Import competency assessments from a spreadsheet."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for module in SUBCOMMANDS["assessments"].values():
            module.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS["assessments"][options["subcommand"]].run(self, options)
