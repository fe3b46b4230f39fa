"""``tangguh competencies gaps --nip NIP [--json]``: a person's gaps against their
position's standard (``--json``: a list of ``{competency_code, required, current,
gap}``, ``current`` and ``gap`` null when not assessed)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.people.models import Employee

from ..gaps import person_gaps


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("gaps", help="A person's competency gaps against their position.")
    parser.add_argument("--nip", required=True, help="The person's NIP (or NI PPPK).")
    parser.add_argument("--json", action="store_true", help="Print JSON.")


def run(command: Any, options: dict[str, Any]) -> None:
    nip = "".join(str(options["nip"]).split())
    employee = Employee.objects.select_related("position", "institution").filter(nip=nip).first()
    if employee is None:
        raise CommandError(_("No civil servant has the NIP %(nip)s.") % {"nip": nip})
    gaps = person_gaps(employee)
    audit_read(
        action="competencies.person_gaps", nips=[employee.nip], institution=employee.institution
    )
    if options["json"]:
        command.stdout.write(json.dumps([g.as_json() for g in gaps], ensure_ascii=False))
        return
    command.stdout.write(f"{employee.display_name} ({employee.nip})")
    if not gaps:
        command.stdout.write(_("This person's position has no competency standard yet."))
        return
    for g in gaps:
        if g.gap is None:
            state = _("not assessed")
        elif g.gap:
            state = _("short by %(n)s") % {"n": g.gap}
        else:
            state = _("meets the standard")
        current = "—" if g.current is None else str(g.current)
        command.stdout.write(f"{g.code:<8} {g.required} {current:>2}  {state}  {g.name}")
