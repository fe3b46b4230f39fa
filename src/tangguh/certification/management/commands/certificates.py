"""`tangguh certificates list|verify|keys`: certificates from the command line.

Each subcommand lives in ``certification/cli/``; this command only dispatches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.certification.cli import certificates_keys, certificates_list, certificates_verify


class Command(BaseCommand):
    help = "List certificates, verify a credential file offline, or rotate the signing keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        certificates_list.add_parser(sub)
        certificates_verify.add_parser(sub)
        certificates_keys.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        module = {
            "list": certificates_list,
            "verify": certificates_verify,
            "keys": certificates_keys,
        }[options["subcommand"]]
        module.run(self, options)
