from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from tangguh.institutions.services import institutions_load


class Command(BaseCommand):
    help = (
        "Manage institutions. 'load' creates or updates the real regions, ministries and agencies."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser(
            "load", help="Load provinces, regencies/cities, ministries and agencies (idempotent)."
        )

    def handle(self, *args: object, **options: object) -> None:
        result = institutions_load()
        self.stdout.write(
            _("Institutions: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
        for code, old, new in result.renamed:
            self.stdout.write(
                _("Renamed %(code)s: %(old)s → %(new)s") % {"code": code, "old": old, "new": new}
            )
