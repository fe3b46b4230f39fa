"""`tangguh rankings compute|explain|list|publish`: award rankings from the command line.

Each subcommand lives in ``rankings/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Compute, explain, list and publish award rankings."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        del sub  # helper E: one module per subcommand in rankings/cli/

    def handle(self, *args: Any, **options: Any) -> None:
        raise NotImplementedError
