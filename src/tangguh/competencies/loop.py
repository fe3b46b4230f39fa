"""Closing the loop: a planned activity shows done when the person completed
development aimed at it in the plan's year.

Aimed at it: the item's programme when it names one (a JP credit from a completed
session of that programme); otherwise a credit from a programme that develops the
item's competency (its ``competencies`` name the code), or any credit of the item's
form (a recorded activity or a session of that form).

Derived on read, not stored: development must not import competencies, so a stored
mark would need a hook on every ledger write, and the ledger reverses entries (a
reversed credit must stop counting). Reading it is one query per plan: the person's
credits of one year, a handful of rows. An item marked cancelled stays cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tangguh.development.models import LedgerEntry, LedgerSource

from .models import DevelopmentPlan, PlanItem, PlanItemStatus


@dataclass(frozen=True)
class Credit:
    """A JP credit that counts (not reversed)."""

    entry_id: int
    date: date
    description: str
    programme_id: int | None
    codes: frozenset[str]
    form_id: int


def credits_of(nip: str, year: int) -> list[Credit]:
    """The person's standing JP credits of ``year`` (reversed ones left out)."""
    rows = (
        LedgerEntry.objects.filter(nip=nip, year=year)
        .exclude(source=LedgerSource.REVERSAL)
        .filter(reversed_by__isnull=True)
        .select_related("enrolment__programme")
        .order_by("date", "id")
    )
    credits = []
    for entry in rows:
        programme = entry.enrolment.programme if entry.enrolment is not None else None
        codes = frozenset(
            str(c.get("code", "")).upper()
            for c in (programme.competencies if programme else []) or []
            if isinstance(c, dict)
        )
        credits.append(
            Credit(
                entry_id=entry.pk,
                date=entry.date,
                description=entry.description,
                programme_id=programme.pk if programme else None,
                codes=codes,
                form_id=entry.form_id,
            )
        )
    return credits


def _matches(item: PlanItem, credit: Credit) -> bool:
    if item.programme_id:
        return credit.programme_id == item.programme_id
    by_code = bool(item.code) and item.code.upper() in credit.codes
    return by_code or (item.form_id is not None and credit.form_id == item.form_id)


def completion(plan: DevelopmentPlan, items: Iterable[PlanItem]) -> dict[int, Credit | None]:
    """Item id → the credit that completed it (None: not yet, or cancelled)."""
    items = list(items)
    credits = credits_of(plan.nip, plan.year) if items else []
    done: dict[int, Credit | None] = {}
    for item in items:
        if item.status == PlanItemStatus.CANCELLED:
            done[item.pk] = None
            continue
        done[item.pk] = next((c for c in credits if _matches(item, c)), None)
    return done
