"""What an import command prints (``tangguh <domain> import FILE ... [--json]``), for
every target alike: the result as JSON, or a summary and the first problems."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .results import ImportResult

# Problems listed after the summary; --json lists them all.
ERRORS_SHOWN = 50


class ImportCommandOutput:
    """A mixin for a management command (it writes to ``self.stdout``)."""

    stdout: Any

    def write_result(self, result: ImportResult, summary: str, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(summary)
        if result.ignored_columns:
            self.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(result.ignored_columns)}
            )
        for error in result.errors[:ERRORS_SHOWN]:
            self.stdout.write(
                _("Row %(row)s, column %(column)s: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
            )
        if result.errors_total > ERRORS_SHOWN:
            self.stdout.write(
                _("… and %(more)s more problems; --json lists them all.")
                % {"more": result.errors_total - ERRORS_SHOWN}
            )

    def _fail(self, message: str, as_json: bool) -> None:
        """Stop with ``message``; with --json also print it as ``{"error": message}``."""
        if as_json:
            self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
        raise CommandError(message)
