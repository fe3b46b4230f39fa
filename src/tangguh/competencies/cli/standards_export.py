"""`tangguh standards export --institution CODE -o FILE`: an institution's positions'
standards as XLSX, in the import's columns (the page's export; the system: unscoped)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tangguh.institutions.models import Institution

from ..exports_standards import standards_xlsx


def add_parser(sub: Any) -> None:
    exp = sub.add_parser("export", help="Write an institution's position standards as XLSX.")
    exp.add_argument("--institution", required=True, help="The institution's code, e.g. 35.78.")
    exp.add_argument("-o", "--output", required=True, help="The XLSX file to write.")


def run(command: Any, options: dict[str, Any]) -> None:
    institution = Institution.objects.filter(code=options["institution"]).first()
    if institution is None:
        raise CommandError(
            _("No institution has the code “%(code)s”.") % {"code": options["institution"]}
        )
    path = Path(options["output"])
    path.write_bytes(standards_xlsx(institution))
    command.stdout.write(_("Written: %(path)s") % {"path": path})
