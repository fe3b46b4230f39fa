"""The one writer of the JP ledger, and of the per-person yearly totals beside it.

Every JP a person earns is one :class:`LedgerEntry`; nothing is changed or deleted
(a correction is a reversing entry). Each write adds the entry's JP to the person's
:class:`JpYearTotal` in the same transaction (an ``INSERT … ON CONFLICT DO UPDATE``
that adds, the same SQL on PostgreSQL and SQLite), and marks the compliance summary
of the person's institution for that year stale (``compliance.py`` recomputes it).

Callers (the services of sessions, activities and corrections) check permissions and
record their own audit entry in the same transaction; these functions check only
what makes an entry an entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.people.models import Employee, EmploymentHistory

from .models import ComplianceSummary, DevelopmentForm, JpYearTotal, LedgerEntry, LedgerSource

JP_PLACES = Decimal("0.01")


def institution_on(employee: Employee, day: date) -> int:
    """The id of the institution ``employee`` belonged to on ``day`` (history-aware).

    The current period runs from ``period_start`` (None: unknown, taken as always);
    closed periods are EmploymentHistory rows. A day before every known period gives
    the earliest period's institution; no history at all gives the current one.
    """
    start = employee.period_start
    if start is None or day >= start:
        return int(employee.institution_id)
    closed = (
        EmploymentHistory.objects.filter(employee_id=employee.pk, valid_to__gte=day)
        .order_by("valid_to", "id")
        .values_list("institution_id", flat=True)
        .first()
    )
    return int(closed if closed is not None else employee.institution_id)


def _add_to_total(employee_id: int, year: int, jp: Decimal) -> None:
    table = JpYearTotal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (employee_id, year, jp) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (employee_id, year) DO UPDATE SET jp = {table}.jp + excluded.jp",
            [employee_id, year, jp],
        )


def mark_stale(pairs: Iterable[tuple[int, int]]) -> None:
    """Mark the compliance summaries of these (institution id, year) pairs stale."""
    for institution_id, year in set(pairs):
        ComplianceSummary.objects.filter(institution_id=institution_id, year=year).update(
            stale=True
        )


def _year_end_institution(employee: Employee, year: int) -> int:
    today = date.today()
    return institution_on(employee, min(date(year, 12, 31), today))


@transaction.atomic
def ledger_append(
    *,
    employee: Employee,
    day: date,
    jp: Decimal | int | str,
    form: DevelopmentForm,
    source: str,
    description: str,
    actor: Any = None,
    enrolment: Any = None,
    activity: Any = None,
    note: str = "",
) -> LedgerEntry:
    """Credit ``jp`` (> 0) to ``employee`` on ``day`` from a session or an activity."""
    amount = Decimal(str(jp)).quantize(JP_PLACES)
    if amount <= 0:
        raise DomainError(_("An entry must credit more than zero JP."), code="jp_not_positive")
    if source not in (LedgerSource.SESSION, LedgerSource.ACTIVITY):
        raise ValueError(f"unknown ledger source {source!r}")
    entry = LedgerEntry.objects.create(
        employee=employee,
        nip=employee.nip,
        institution_id=institution_on(employee, day),
        date=day,
        year=day.year,
        jp=amount,
        form=form,
        source=source,
        enrolment=enrolment,
        activity=activity,
        description=description[:300],
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _add_to_total(employee.pk, day.year, amount)
    mark_stale([(_year_end_institution(employee, day.year), day.year)])
    return entry


@transaction.atomic
def ledger_reverse(*, entry: LedgerEntry, actor: Any, reason: str) -> LedgerEntry:
    """Reverse ``entry`` with a new, negative entry on the same date; audited.

    Refused for a reversal, an entry already reversed, or an empty reason. The caller
    checks that ``actor`` may correct the person's ledger.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Say why the entry is reversed."),
            errors=[{"field": "reason", "message": str(_("This field is required."))}],
            code="reason_required",
        )
    locked = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.source == LedgerSource.REVERSAL:
        raise DomainError(_("A correction cannot itself be reversed."), code="is_reversal")
    if LedgerEntry.objects.filter(reverses_id=locked.pk).exists():
        raise DomainError(_("This entry has already been reversed."), code="already_reversed")
    employee = Employee.objects.get(pk=locked.employee_id)
    reversal = LedgerEntry.objects.create(
        employee=employee,
        nip=locked.nip,
        institution_id=locked.institution_id,
        date=locked.date,
        year=locked.year,
        jp=-locked.jp,
        form_id=locked.form_id,
        source=LedgerSource.REVERSAL,
        reverses=locked,
        enrolment_id=locked.enrolment_id,
        activity_id=locked.activity_id,
        description=locked.description,
        note=reason,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _add_to_total(employee.pk, locked.year, -locked.jp)
    mark_stale([(_year_end_institution(employee, locked.year), locked.year)])
    audit_record(
        actor=actor,
        action="development.ledger_reverse",
        target=reversal,
        institution=locked.institution_id,
        data={"nip": locked.nip, "entry": locked.pk, "jp": str(locked.jp), "reason": reason},
    )
    return reversal


def rebuild_year_totals(years: Iterable[int] | None = None) -> int:
    """Recompute :class:`JpYearTotal` from the ledger (after a bulk load); set-based.

    Returns the number of (person, year) rows written. Marks every summary of those
    years stale.
    """
    chosen = sorted(set(years)) if years is not None else None
    total_table = JpYearTotal._meta.db_table
    ledger_table = LedgerEntry._meta.db_table
    where, params = "", []
    if chosen is not None:
        if not chosen:
            return 0
        marks = ", ".join(["%s"] * len(chosen))
        where, params = f" WHERE year IN ({marks})", list(chosen)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {total_table}{where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {total_table} (employee_id, year, jp) "  # noqa: S608
            f"SELECT employee_id, year, SUM(jp) FROM {ledger_table}{where} "
            "GROUP BY employee_id, year",
            params,
        )
        written = cursor.rowcount
        summaries = ComplianceSummary.objects.all()
        if chosen is not None:
            summaries = summaries.filter(year__in=chosen)
        summaries.update(stale=True)
    return int(written)
