"""Helpers of the 20-JP duty's tests: credit JP through the ledger's one writer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tangguh.development.ledger import ledger_append
from tangguh.development.models import LedgerEntry, LedgerSource
from tests.development.factories import form


def this_year() -> int:
    return timezone.localdate().year


def credit(employee: Any, jp: Any, day: date | None = None) -> LedgerEntry:
    """``jp`` JP to ``employee`` from an approved seminar on ``day`` (default: 2 January)."""
    day = day or date(this_year(), 1, 2)
    return ledger_append(
        employee=employee,
        day=day,
        jp=Decimal(str(jp)),
        form=form("seminar"),
        source=LedgerSource.ACTIVITY,
        description="Seminar Nasional Reformasi Birokrasi",
    )
