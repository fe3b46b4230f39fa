"""`tangguh budgets list|import`: budgets per institution and fiscal year.

Each subcommand lives in ``development/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.development.cli import budgets_list


class Command(BaseCommand):
    help = "List the budgets of a fiscal year (the latest approved revision of each)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        budgets_list.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        module = {"list": budgets_list}[options["subcommand"]]
        module.run(self, options)
