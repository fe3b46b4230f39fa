"""The development demo: a catalogue with sessions since 2020, cross-institution
enrolments, attendance, completions and certificate numbers, recorded activities, the
JP ledger they credit, pending items for the demo users, and budgets from 2020 for
every province and the demo regencies and cities.

Step ``development`` (order 60, after the register and certification). Deterministic
for a seed (sessions ahead are dated from the day it runs) and idempotent: each piece
is keyed (programmes on organiser and code, the demo's activities on their source,
budgets on institution and year), so a second run writes nothing. The ledger's entries
are written in bulk and the per-person yearly totals rebuilt from the ledger
(``ledger.rebuild_year_totals``): the bulk path the ledger's writer offers, with the
same result as one ``ledger_append`` per entry. Under ~3 s on SQLite: it runs before
every end-to-end test.

At scale "national" the step adds about 20 million ledger entries for the register
loaded at the time (``generator.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from importlib import import_module
from typing import Any

from django.db import transaction

from tangguh.core.demo import register_demo_step


@register_demo_step("development", order=60)
def demo_development(
    *, scale: str, seed: int, out: Callable[[str], None], **options: Any
) -> dict[str, int]:
    if scale == "national":
        from .generator import generate_national

        return generate_national(seed=seed, out=out, **options)
    return load_demo(seed=seed, out=out)


def load_demo(
    *, seed: int, out: Callable[[str], None], today: date | None = None
) -> dict[str, int]:
    from tangguh.people.demo import DEMO_EMPLOYEE_NIP

    from .demo_activities import ActivityLoader
    from .demo_budgets import load_budgets
    from .demo_catalogue import CatalogueLoader
    from .demo_people import Register
    from .ledger import rebuild_year_totals
    from .models import LedgerEntry

    started = time.perf_counter()
    today = today or date.today()
    with transaction.atomic():
        ensure_reference_data()
        register = Register(exclude_nips=(DEMO_EMPLOYEE_NIP,))
        catalogue = CatalogueLoader(
            seed=seed, register=register, demo_nip=DEMO_EMPLOYEE_NIP, today=today
        )
        loaded = catalogue.run()
        activities = ActivityLoader(
            seed=seed, register=register, demo_nip=DEMO_EMPLOYEE_NIP, today=today
        )
        activities.run(loaded)
        LedgerEntry.objects.bulk_create(loaded.ledger, batch_size=2000)
        if loaded.years:
            rebuild_year_totals(loaded.years)
        counts = {
            **loaded.counts,
            **activities.counts,
            "ledger_entries": len(loaded.ledger),
            "budgets": load_budgets(seed=seed, register=register, today=today),
        }
    out(
        "Development: {programmes} programmes with {sessions} sessions, {enrolments} "
        "enrolments, {activities} recorded activities, {ledger_entries} ledger entries, "
        "{budgets} budgets loaded".format_map({k: counts.get(k, 0) for k in _SHOWN})
        + f" ({time.perf_counter() - started:.1f} s)."
    )
    return counts


def ensure_reference_data() -> None:
    """The forms, the conversion table and the duties Tangguh ships (migration 0002),
    again if they are gone: a flushed database (the end-to-end tests flush between
    tests) keeps its migrations' history but not their rows. Idempotent."""
    from django.apps import apps

    shipped = import_module("tangguh.development.migrations.0002_default_forms_rules_duties")
    shipped.load(apps, None)


_SHOWN = ("programmes", "sessions", "enrolments", "activities", "ledger_entries", "budgets")
