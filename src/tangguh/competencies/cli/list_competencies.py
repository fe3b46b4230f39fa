"""``tangguh competencies list [--json] [--institution CODE]``: the competencies in
force — the national dictionary's published version and, with ``--institution``, that
institution's own technical dictionary (``--json``: a list of ``{code, name, kind,
levels: [{level, description}]}``)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tangguh.institutions.models import Institution

from ..frameworks import published_versions, version_label
from ..models import Competency, CompetencyLevel


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("list", help="The competencies in force, with their five levels.")
    parser.add_argument(
        "--institution", help="An institution's code: its own technical dictionary too."
    )
    parser.add_argument("--json", action="store_true", help="Print JSON.")


def competencies_in_force(institution_id: int | None) -> list[Competency]:
    from django.db.models import Prefetch

    versions = published_versions(institution_id)
    return list(
        Competency.objects.filter(version__in=versions)
        .select_related("version__framework__owner")
        .prefetch_related(Prefetch("levels", queryset=CompetencyLevel.objects.order_by("level")))
        .order_by("version__framework__owner__code", "order", "code")
    )


def run(command: Any, options: dict[str, Any]) -> None:
    institution_id = None
    code = (options.get("institution") or "").strip()
    if code:
        institution = Institution.objects.filter(code=code).first()
        if institution is None:
            raise CommandError(_("No institution has the code “%(code)s”.") % {"code": code})
        institution_id = institution.pk
    rows = competencies_in_force(institution_id)
    # National first (an institution's code sorts after the empty owner).
    rows.sort(key=lambda c: (c.version.framework.owner_id is not None, c.order, c.code))
    if options.get("json"):
        data = [
            {
                "code": c.code,
                "name": c.name,
                "kind": c.kind,
                "levels": [
                    {"level": lv.level, "description": lv.description} for lv in c.levels.all()
                ],
            }
            for c in rows
        ]
        command.stdout.write(json.dumps(data, ensure_ascii=False))
        return
    labels = {
        (lab["framework"], lab["version"]) for lab in (version_label(c.version) for c in rows)
    }
    command.stdout.write(
        _("Dictionaries in force: %(versions)s")
        % {"versions": ", ".join(f"{f} v{v}" for f, v in sorted(labels, key=str))}
    )
    for c in rows:
        command.stdout.write(f"{c.code:<10} {c.get_kind_display():<24} {c.name}")
