"""The competencies' subcommands: one module each, with ``add_parser(sub)`` and
``run(command, options)``, listed in :data:`SUBCOMMANDS`."""

from __future__ import annotations

from types import ModuleType

from . import assessments_import, gaps, list_competencies, standards_export, standards_import

# command → subcommand name → module
SUBCOMMANDS: dict[str, dict[str, ModuleType]] = {
    "competencies": {"list": list_competencies, "gaps": gaps},
    "assessments": {"import": assessments_import},
    "standards": {"import": standards_import, "export": standards_export},
}
