"""Migration 0005: the open history periods move onto the employee rows."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("people", "0004_employee_nip_collate_c_on_postgresql")]
AFTER = [("people", "0005_employee_current_period")]


@pytest.mark.django_db(transaction=True)
def test_open_periods_become_the_employee_period_and_closed_ones_stay():  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Institution = old.get_model("institutions", "Institution")
    Employee = old.get_model("people", "Employee")
    History = old.get_model("people", "EmploymentHistory")
    inst = Institution.objects.first() or Institution.objects.create(
        code="99.99", name="Uji", kind="kota"
    )
    moved = Employee.objects.create(nip="198507122010012003", full_name="A", institution=inst)
    never = Employee.objects.create(nip="198507122010012004", full_name="B", institution=inst)
    History.objects.create(
        employee=moved, institution=inst, valid_from=date(2010, 1, 1),
        valid_to=date(2019, 3, 1), source="import:1",
    )  # fmt: skip
    History.objects.create(
        employee=moved, institution=inst, valid_from=date(2019, 3, 1), source="transfer:4"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Employee = new.get_model("people", "Employee")
    History = new.get_model("people", "EmploymentHistory")
    moved = Employee.objects.get(pk=moved.pk)
    assert (moved.period_start, moved.period_source) == (date(2019, 3, 1), "transfer:4")
    assert list(History.objects.values_list("valid_from", "valid_to")) == [
        (date(2010, 1, 1), date(2019, 3, 1))
    ]
    # Without an open period the row keeps the migration's default (its day) and no source.
    assert Employee.objects.get(pk=never.pk).period_source == ""

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
