"""`tangguh rankings compute|explain|list|publish`: award rankings from the command line.

Each subcommand lives in ``rankings/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.rankings.cli import compute, explain, list_categories, publish

SUBCOMMANDS = {
    "compute": compute,
    "explain": explain,
    "list": list_categories,
    "publish": publish,
}


class Command(BaseCommand):
    help = "Compute, explain, list and publish award rankings."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for module in SUBCOMMANDS.values():
            module.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options["subcommand"]].run(self, options)
