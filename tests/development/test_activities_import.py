"""The bulk import of activities: each row judged like the screen, row/column/sentence
for every problem, a dry run that changes nothing, all or nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.activities_import import import_activities
from tangguh.development.models import Activity, ActivityStatus, LedgerEntry
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    """The sentences are checked in their source language (pages: in Indonesian)."""
    with translation.override("en"):
        yield


HEAD = ["NIP", "Nama", "Bentuk", "Judul", "Penyelenggara", "Tanggal Mulai", "Tanggal Selesai",
        "Jumlah", "JP", "Biaya"]  # fmt: skip
DAY = date.today() - timedelta(days=40)


def _file(rows: list[list[Any]], head: list[str] = HEAD) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _row(person: Any, form: str = "seminar", jp: Any = 4, **kw: Any) -> list[Any]:
    values = {"title": f"{form} impor", "start": DAY, "end": DAY, "qty": None, "cost": 0, **kw}
    return [person.nip, person.full_name, form, values["title"], "BPSDM", values["start"],
            values["end"], values["qty"], jp, values["cost"]]  # fmt: skip


def _import(rows: list[list[Any]], actor: Any, **kw: Any) -> Any:
    return import_activities(source=_file(rows), filename="kegiatan.xlsx", actor=actor, **kw)


def test_good_rows_are_recorded_approved_and_credited_by_the_importer(surabaya):  # type: ignore[no-untyped-def]
    a, b = EmployeeFactory(institution=surabaya), EmployeeFactory(institution=surabaya)
    operator = make_user(Role.OPERATOR)
    result = _import(
        [_row(a), _row(b, "workshop", jp="7,5", cost="1.500.000", end=DAY + timedelta(days=1))],
        operator,
    )
    assert (result.created, result.rejected, result.errors) == (2, 0, [])
    done = Activity.objects.get(employee=b)
    assert done.status == ActivityStatus.APPROVED and done.decided_by == operator
    assert done.jp_credited == Decimal("7.50") and done.cost == Decimal("1500000")
    assert done.source == "import"
    assert LedgerEntry.objects.filter(employee__in=[a, b]).count() == 2
    assert AuditEntry.objects.filter(action="development.activities_import").count() == 1


def test_a_dry_run_changes_nothing_and_counts_what_the_import_would_do(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    result = _import([_row(person)], make_user(Role.OPERATOR), dry_run=True)
    assert result.created == 1 and result.dry_run
    assert not Activity.objects.exists() and not LedgerEntry.objects.exists()


def test_bad_rows_are_reported_by_row_column_and_sentence_and_nothing_is_written(surabaya, sleman):  # type: ignore[no-untyped-def]
    good = EmployeeFactory(institution=surabaya)
    elsewhere = EmployeeFactory(institution=sleman)
    rows = [
        _row(good),  # row 2: fine
        _row(good, "seminar", jp=10, title="Seminar dua"),  # row 3: above the cap
        _row(elsewhere),  # row 4: not the importer's person
        _row(good, "ngopi"),  # row 5: no such form
        _row(good, jp="banyak", title="x"),  # row 6: not a number
        [1.98507e17, "X", "seminar", "t", "", DAY, DAY, None, 4, 0],  # row 7: NIP lost digits
        _row(good, cost=-5, title="negatif"),  # row 8: negative cost
        _row(good, start=DAY, end=DAY - timedelta(days=1), title="mundur"),  # row 9: dates
    ]
    result = _import(rows, make_user(Role.OPERATOR))
    assert result.file_rejected and result.created == 0
    found = {(e.row, e.column) for e in result.errors}
    assert {(3, "JP"), (4, "NIP"), (5, "Bentuk"), (6, "JP"), (7, "NIP"), (8, "Biaya"),
            (9, "Tanggal Selesai")} <= found  # fmt: skip
    cap = next(e for e in result.errors if e.row == 3)
    assert "4 JP per day" in cap.message and "you claimed 10 JP" in cap.message
    assert not Activity.objects.exists() and not LedgerEntry.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="development.activit").exists()


def test_rows_of_one_file_count_together_against_a_monthly_cap(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    rows = [_row(person, "coaching", jp=2, qty=1, title=f"Coaching {n}") for n in range(3)]
    result = _import(rows, make_user(Role.OPERATOR))
    assert result.file_rejected
    third = [e for e in result.errors if e.row == 4]
    assert third and "at most 2 sessions a month" in third[0].message
    assert not LedgerEntry.objects.exists()


def test_the_same_activity_is_not_recorded_twice(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    operator = make_user(Role.OPERATOR)
    assert _import([_row(person)], operator).created == 1
    again = _import([_row(person)], operator)
    assert again.file_rejected and "not recorded twice" in again.errors[0].message
    assert LedgerEntry.objects.count() == 1


def test_the_importers_own_row_is_refused(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    operator = make_user(Role.OPERATOR, nip=person.nip)
    result = _import([_row(person)], operator)
    assert result.file_rejected and "own activity" in result.errors[0].message


def test_a_civil_servant_or_an_auditor_may_not_import(surabaya):  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    person = EmployeeFactory(institution=surabaya)
    for role in (Role.CIVIL_SERVANT, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            _import([_row(person)], make_user(role, nip=person.nip))
    assert not Activity.objects.exists()


def test_a_file_without_the_columns_is_refused_as_a_whole(surabaya):  # type: ignore[no-untyped-def]
    from tangguh.core.importing.results import ImportFileError

    with pytest.raises(ImportFileError):
        import_activities(source=_file([["a", "b"]], head=["Foo", "Bar"]), filename="x.xlsx",
                          actor=make_user(Role.OPERATOR))  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "rupiah"),
    [("750.000", 750000), ("Rp 1.500.000", 1500000), ("1.500.000,00", 1500000), (250000, 250000),
     ("250000", 250000)],
)  # fmt: skip
def test_rupiah_is_read_as_indonesians_write_it(surabaya, cell, rupiah):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    result = _import([_row(person, cost=cell)], make_user(Role.OPERATOR))
    assert result.created == 1, result.errors
    assert Activity.objects.get(employee=person).cost == Decimal(rupiah)


def test_a_fraction_of_a_rupiah_is_refused_on_its_cell(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    result = _import([_row(person, cost="1.500,50")], make_user(Role.OPERATOR))
    assert result.file_rejected and (result.errors[0].row, result.errors[0].column) == (2, "Biaya")
