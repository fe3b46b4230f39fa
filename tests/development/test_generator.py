"""The national ledger generator on the demo's register: the shape of the entries, the
bulk load keeping every rule the ledger's writer keeps, and a second run writing
nothing. (Twenty million entries are for the benchmark, never for the tests.)"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.db.models import Count, Sum

from tangguh.core.models import AuditEntry
from tangguh.development.generator import (
    COLUMNS,
    NATIONAL_MARK,
    YEARS,
    generate_national,
    load_ledger_file,
)
from tangguh.development.ledger import institution_on
from tangguh.development.models import JpYearTotal, LedgerEntry
from tangguh.people.models import Employee, EmploymentStatus

pytestmark = pytest.mark.django_db


def _constraints() -> dict[str, tuple[tuple[str, ...], bool, bool, bool]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, LedgerEntry._meta.db_table)
    return {
        name: (tuple(c["columns"]), c["unique"], c["index"], bool(c["foreign_key"]))
        for name, c in found.items()
    }


@pytest.fixture
def register() -> None:
    call_command("demo", stdout=io.StringIO())


def test_the_national_ledger_loads_in_bulk_and_keeps_the_rules(
    register: None, tmp_path: Path
) -> None:
    constraints = _constraints()
    before = LedgerEntry.objects.count()
    out: list[str] = []
    counts = generate_national(seed=7, out=out.append, out_dir=str(tmp_path))
    loaded = LedgerEntry.objects.filter(description__endswith=NATIONAL_MARK)
    people = Employee.objects.filter(status=EmploymentStatus.ACTIVE).count()
    assert counts["ledger_entries"] == loaded.count() == LedgerEntry.objects.count() - before
    lines = (tmp_path / "ledger-7.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == loaded.count()
    assert all(len(line.split(",")) == len(COLUMNS) for line in lines[:100])
    # About 4.7 entries a person over the six years; half the person-years at zero,
    # many others between 20 and 40 JP.
    assert 4.0 <= loaded.count() / people <= 5.6
    per_year = Counter(dict(loaded.values_list("year").annotate(n=Count("id")).order_by()))
    assert set(per_year) == set(YEARS)
    year = (
        loaded.filter(year=2023)
        .values("employee")
        .annotate(jp=Sum("jp"))
        .values_list("jp", flat=True)
    )
    with_jp = list(year)
    assert 0.4 <= 1 - len(with_jp) / people <= 0.6
    assert sum(20 <= jp <= 40 for jp in with_jp) / len(with_jp) > 0.25
    # The totals are the ledger's sums (rebuilt after the load).
    sums = dict(
        ((e, y), jp)
        for e, y, jp in LedgerEntry.objects.values_list("employee_id", "year")
        .annotate(jp=Sum("jp"))
        .values_list("employee_id", "year", "jp")
        .order_by()
    )
    totals = dict(
        ((e, y), jp) for e, y, jp in JpYearTotal.objects.values_list("employee", "year", "jp")
    )
    assert totals == sums
    # Each entry: the person's institution on its day, a positive JP, no reversal.
    staff = {e.pk: e for e in Employee.objects.all()}
    for entry in loaded.order_by("id")[::50]:
        assert entry.institution_id == institution_on(staff[entry.employee_id], entry.date)
        assert entry.jp > 0 and entry.nip == staff[entry.employee_id].nip
    # The indexes and constraints dropped for the load are all back.
    assert _constraints() == constraints
    assert AuditEntry.objects.filter(action="development.national_load").count() == 1
    # A second run finds the entries and writes nothing.
    again: list[str] = []
    assert generate_national(seed=7, out=again.append, out_dir=str(tmp_path)) == {}
    assert LedgerEntry.objects.count() == before + len(lines)
    assert "already loaded" in again[0]


def test_a_file_naming_an_unknown_person_loads_nothing(register: None, tmp_path: Path) -> None:
    constraints = _constraints()
    before = (LedgerEntry.objects.count(), JpYearTotal.objects.count())
    good = Employee.objects.order_by("pk").first()
    assert good is not None
    row = "{id},{nip},{inst},2022-05-02,2022,8,1,session,Seminar,,2026-01-02 00:00:00+00:00"
    path = tmp_path / "bad.csv"
    path.write_text(
        "\n".join(
            [
                row.format(id=good.pk, nip=good.nip, inst=good.institution_id),
                row.format(id=99_999_999, nip="199001012020011001", inst=good.institution_id),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(IntegrityError):
        load_ledger_file(path)
    assert (LedgerEntry.objects.count(), JpYearTotal.objects.count()) == before
    assert _constraints() == constraints
