"""`tangguh competencies list|gaps`: the dictionaries and a person's gaps.

Each subcommand lives in ``competencies/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.competencies.cli import SUBCOMMANDS


class Command(BaseCommand):
    help = "List the competency dictionaries in force, or a person's competency gaps."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for module in SUBCOMMANDS["competencies"].values():
            module.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS["competencies"][options["subcommand"]].run(self, options)
