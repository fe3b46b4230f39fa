"""Reads of the JP ledger: an institution's entries (filtered) and one person's ledger.

Always from ``LedgerEntry.objects.restrict(user, "view")``: an entry is read where it
was earned and where the person now works; a civil servant reads their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from tangguh.core.scoping import has_permission
from tangguh.people.models import Employee

from .models import JpYearTotal, LedgerEntry, LedgerSource


@dataclass(frozen=True)
class LedgerFilters:
    year: int | None = None
    form: str = ""
    source: str = ""
    unit: int | None = None
    institution: int | None = None
    q: str = ""


def ledger_list(*, user: Any, filters: LedgerFilters | None = None) -> QuerySet[LedgerEntry]:
    """Entries the user may see, newest first, narrowed by ``filters``."""
    f = filters or LedgerFilters()
    qs = LedgerEntry.objects.restrict(user, "view")
    if f.year:
        qs = qs.filter(year=f.year)
    if f.form:
        qs = qs.filter(form__code=f.form)
    if f.source in LedgerSource.values:
        qs = qs.filter(source=f.source)
    if f.institution:
        qs = qs.filter(institution_id=f.institution)
    if f.unit:
        qs = qs.filter(employee__work_unit_id=f.unit)
    if f.q:
        digits = f.q.replace(" ", "")
        if digits.isdigit():
            qs = qs.filter(nip__startswith=digits)
        else:
            qs = qs.filter(employee__full_name__icontains=f.q)
    return qs.select_related(
        "form", "institution", "employee", "enrolment", "reversed_by"
    ).order_by("-date", "-id")


def person_for_ledger(*, user: Any, nip: str) -> Employee | None:
    """The person whose ledger ``user`` may read: their own, or one whose entries or
    record are in the user's scope. None otherwise (the page answers 404)."""
    employee = Employee.objects.filter(nip=nip).select_related("institution").first()
    if employee is None:
        return None
    if getattr(user, "nip", "") == nip:
        return employee
    if LedgerEntry.objects.restrict(user, "view").filter(employee=employee).exists():
        return employee
    if Employee.objects.restrict(user, "view").filter(pk=employee.pk).exists():
        return employee if has_permission(user, LedgerEntry, "view") else None
    return None


def person_ledger(
    *, user: Any, employee: Employee, year: int | None = None
) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.restrict(user, "view").filter(employee=employee)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("form", "institution", "enrolment__session", "reversed_by").order_by(
        "-date", "-id"
    )


def person_years(*, employee: Employee) -> list[tuple[int, Decimal]]:
    """The person's JP per year (the kept totals), newest first."""
    return [(t.year, t.jp) for t in JpYearTotal.objects.filter(employee=employee).order_by("-year")]


def entries_total(qs: QuerySet[LedgerEntry]) -> Decimal:
    return qs.aggregate(jp=Sum("jp"))["jp"] or Decimal(0)


def entry_for_correction(*, user: Any, pk: int) -> LedgerEntry | None:
    """An entry the user may correct (LedgerEntry "add" scope), or None."""
    return (
        LedgerEntry.objects.restrict(user, "add")
        .select_related("form", "employee", "institution")
        .filter(pk=pk)
        .first()
    )


def stream_rows(qs: QuerySet[LedgerEntry], *, chunk: int = 5000) -> Iterator[dict[str, Any]]:
    """The command line's rows, read a chunk at a time (20 million fit nowhere at once)."""
    rows = qs.values_list("nip", "institution__code", "date", "jp", "form__code", "source")
    for nip, code, day, jp, form, source in rows.iterator(chunk_size=chunk):
        yield {
            "nip": nip,
            "institution_code": code,
            "date": day.isoformat(),
            "jp": jp,
            "form": form,
            "source": source,
        }
