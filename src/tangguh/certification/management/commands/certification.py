"""`tangguh certification participants`: participations from the command line.

Each subcommand lives in ``certification/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.certification.cli import participants


class Command(BaseCommand):
    help = "List certification participations."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        participants.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        module = {"participants": participants}[options["subcommand"]]
        module.run(self, options)
