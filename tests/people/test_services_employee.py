"""The services of one civil servant: the import's rules and messages, history, audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry, AuditSubject
from tangguh.core.roles import Role
from tangguh.people.employee_check import check_values
from tangguh.people.models import Employee, Position, WorkUnit
from tangguh.people.services_employee import (
    employee_create,
    employee_deactivate,
    employee_update,
)
from tests.people.factories import EmployeeFactory, WorkUnitFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(surabaya: Any) -> Any:
    return make_user(Role.OPERATOR, "35.78")


@pytest.fixture
def person(surabaya: Any) -> Employee:
    return EmployeeFactory(institution=surabaya, full_name="Budi Santoso", title_front="")


def _import_message(values: dict[str, Any], field: str) -> str:
    """The message the import's row check gives for ``field`` (the reference)."""
    _staged, errors = check_values(values, today=timezone.localdate())
    return next(e["message"] for e in errors if e["field"] == field)


def test_a_name_change_is_audited_old_to_new_and_opens_no_period(operator, person) -> None:
    start = person.period_start
    employee_update(actor=operator, employee=person, data={"full_name": "Budi  Santosa"})
    person.refresh_from_db()
    assert person.full_name == "Budi Santosa"  # cleaned as the import cleans
    assert person.period_start == start and not person.history.exists()
    entry = AuditEntry.objects.get(action="people.employee.update", target_id=str(person.pk))
    assert entry.data["changes"] == {"full_name": ["Budi Santoso", "Budi Santosa"]}
    assert entry.actor == operator
    subject = AuditSubject.objects.get(entry=entry)
    assert (str(subject.nip), subject.change) == (person.nip, AuditSubject.Change.UPDATED)


def test_a_new_unit_and_rank_close_the_period_and_start_one_at_the_tmt(operator, person) -> None:
    person.period_start = date(2015, 1, 1)
    person.save()
    old_unit = person.work_unit
    tmt = timezone.localdate() - timedelta(days=30)
    employee_update(
        actor=operator,
        employee=person,
        data={"work_unit": "Dinas Baru", "rank": "III/b", "valid_from": tmt},
    )
    person.refresh_from_db()
    assert person.work_unit.path == "Dinas Baru" and person.rank == "III/b"
    assert person.period_start == tmt and person.period_source == "edit"
    closed = person.history.get()
    assert (closed.work_unit, closed.rank, closed.valid_to) == (old_unit, "III/a", tmt)
    assert WorkUnit.objects.filter(institution=person.institution, path="Dinas Baru").count() == 1


def test_a_unit_named_by_its_code_is_that_unit(operator, person) -> None:
    unit = WorkUnitFactory(institution=person.institution, code="BKD-01")
    employee_update(actor=operator, employee=person, data={"work_unit": "BKD-01"})
    person.refresh_from_db()
    assert person.work_unit == unit
    assert not WorkUnit.objects.filter(path="BKD-01").exists()


def test_a_birth_date_against_the_nip_is_refused_with_the_import_message(operator, person) -> None:
    wrong = person.birth_date + timedelta(days=1)
    before = Employee.objects.filter(pk=person.pk).values().get()
    with pytest.raises(DomainError) as caught:
        employee_update(
            actor=operator, employee=person, data={"birth_date": wrong, "full_name": "Budi X"}
        )
    expected = _import_message(
        {"nip": person.nip, "full_name": "Budi X", "birth_date": wrong}, "birth_date"
    )
    assert {"field": "birth_date", "message": expected} in caught.value.errors
    assert Employee.objects.filter(pk=person.pk).values().get() == before
    assert not AuditEntry.objects.filter(action="people.employee.update").exists()


def test_a_pppk_rank_for_a_pns_is_refused_on_the_rank(operator, person) -> None:
    with pytest.raises(DomainError) as caught:
        employee_update(actor=operator, employee=person, data={"rank": "IX"})
    assert [e["field"] for e in caught.value.errors] == ["rank"]


def test_nothing_changed_writes_nothing(operator, person) -> None:
    employee_update(actor=operator, employee=person, data={"full_name": person.full_name})
    assert not AuditEntry.objects.filter(action="people.employee.update").exists()


def test_an_unknown_tmt_leaves_both_ends_unknown(operator, person) -> None:
    employee_update(actor=operator, employee=person, data={"status": "retired"})
    person.refresh_from_db()
    assert person.status == "retired" and person.period_start is None
    assert person.history.get().valid_to is None


def test_an_operator_elsewhere_may_not_update(sleman, person) -> None:
    outsider = make_user(Role.OPERATOR, "34.04")
    with pytest.raises(PermissionDenied):
        employee_update(actor=outsider, employee=person, data={"full_name": "X"})
    person.refresh_from_db()
    assert person.full_name == "Budi Santoso"


def test_create_with_typed_unit_and_position_and_education(operator, surabaya) -> None:
    employee = employee_create(
        actor=operator,
        institution=surabaya,
        data={
            "nip": "198507122010012099",
            "full_name": "Dr. Maya Sari, M.Si.",
            "work_unit": "Bagian Umum",
            "position": "Pengadministrasi Umum",
            "position_kind": "pelaksana",
            "education": "S2",
            "rank": "III/a",
        },
        source="edit",
    )
    assert (employee.title_front, employee.full_name, employee.title_back) == (
        "Dr.",
        "Maya Sari",
        "M.Si.",
    )
    assert employee.sex == "F" and employee.birth_date == date(1985, 7, 12)
    assert employee.education == "S2" and employee.position_kind == "pelaksana"
    assert Position.objects.get(institution=surabaya, name="Pengadministrasi Umum").kind == (
        "pelaksana"
    )
    entry = AuditEntry.objects.get(action="people.employee.create")
    assert entry.data["changes"]["full_name"] == ["", "Maya Sari"]


def test_create_refuses_a_bad_nip_and_writes_nothing(operator, surabaya) -> None:
    with pytest.raises(DomainError) as caught:
        employee_create(
            actor=operator,
            institution=surabaya,
            data={"nip": "198507122010013099", "full_name": "Maya", "work_unit": "Unit Baru"},
        )
    assert caught.value.errors[0]["field"] == "nip"
    assert not WorkUnit.objects.filter(path="Unit Baru").exists()
    assert not Employee.objects.filter(full_name="Maya").exists()


def test_create_a_registered_nip_is_a_conflict(operator, person) -> None:
    with pytest.raises(Conflict):
        employee_create(
            actor=operator,
            institution=person.institution,
            data={"nip": person.nip, "full_name": "Other"},
        )


def test_deactivate_closes_the_period_on_the_date(operator, person) -> None:
    person.period_start = date(2015, 1, 1)
    person.save()
    when = timezone.localdate() - timedelta(days=3)
    employee_deactivate(
        actor=operator, employee=person, status="retired", date=when, note="SK 800/12"
    )
    person.refresh_from_db()
    assert (person.status, person.period_start) == ("retired", when)
    closed = person.history.get()
    assert (closed.status, closed.valid_from, closed.valid_to) == ("active", date(2015, 1, 1), when)
    entry = AuditEntry.objects.get(action="people.employee.deactivate")
    assert entry.data["changes"] == {"status": ["active", "retired"]}
    assert entry.data["note"] == "SK 800/12"


@pytest.mark.parametrize(
    ("status", "when", "field"),
    [
        ("active", -1, "status"),
        ("retired", None, "date"),
        ("deceased", +5, "date"),
        ("moved_out", -10000, "date"),  # before the current period began
    ],
)
def test_deactivate_refuses_bad_input_and_writes_nothing(operator, person, status, when, field):  # type: ignore[no-untyped-def]
    person.period_start = date(2015, 1, 1)
    person.save()
    day = None if when is None else timezone.localdate() + timedelta(days=when)
    with pytest.raises(DomainError) as caught:
        employee_deactivate(actor=operator, employee=person, status=status, date=day)
    assert field in [e["field"] for e in caught.value.errors]
    person.refresh_from_db()
    assert person.status == "active" and not person.history.exists()


@pytest.mark.parametrize("write", ["create", "update"])
def test_a_future_effective_date_is_refused(operator, person, write) -> None:  # type: ignore[no-untyped-def]
    later = timezone.localdate() + timedelta(days=10)
    with pytest.raises(DomainError) as caught:
        if write == "create":
            employee_create(
                actor=operator,
                institution=person.institution,
                data={"nip": "198507122010012093", "full_name": "Maya", "valid_from": later},
            )
        else:
            employee_update(
                actor=operator, employee=person, data={"rank": "III/c", "valid_from": later}
            )
    assert [e["field"] for e in caught.value.errors] == ["valid_from"]
    person.refresh_from_db()
    assert person.rank == "III/a" and not Employee.objects.filter(full_name="Maya").exists()
