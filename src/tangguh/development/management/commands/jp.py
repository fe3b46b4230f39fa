"""`tangguh jp ledger|compliance`: the JP ledger and the 20-JP duty from the command line.

Each subcommand lives in ``development/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.development.cli import jp_compliance, jp_ledger


class Command(BaseCommand):
    help = "Print the JP ledger, or the 20-JP duty's compliance per institution."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        jp_ledger.add_parser(sub)
        jp_compliance.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        module = {"ledger": jp_ledger, "compliance": jp_compliance}[options["subcommand"]]
        module.run(self, options)
