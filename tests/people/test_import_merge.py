"""What an import does to the register: create, update with history, unchanged, transfer, all or nothing."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.importing.merge import Merge
from tangguh.people.models import (
    Employee,
    EmploymentHistory,
    TransferRequest,
    TransferStatus,
    WorkUnit,
)
from tangguh.people.services import transfer_confirm, transfer_reject
from tests.permissions import make_user

from .factories import EmployeeFactory
from .helpers import periods, person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _snapshot():  # type: ignore[no-untyped-def]
    return (
        list(
            Employee.objects.order_by("nip").values_list(
                "nip", "full_name", "rank", "institution_id", "work_unit_id", "fingerprint"
            )
        ),
        list(
            EmploymentHistory.objects.order_by("id").values_list(
                "employee_id", "valid_from", "valid_to", "rank"
            )
        ),
        TransferRequest.objects.count(),
        WorkUnit.objects.count(),
    )


def test_duplicate_nips_are_both_rejected_and_neither_imported(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(1), person(2), person(3)]
    rows.append({**person(1), "Nama": "Someone Else"})
    result = run(write_csv(tmp_path, rows), surabaya)
    assert (result.created, result.rejected) == (2, 2)
    assert [(e.row, e.column) for e in result.errors] == [(2, "NIP"), (5, "NIP")]
    assert "also appears in row(s) 5" in result.errors[0].message
    assert not Employee.objects.filter(nip=rows[0]["NIP"]).exists()


def test_duplicate_of_an_otherwise_bad_row_is_still_caught(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(1), {**person(1), "Tanggal Lahir": "31-02-1970"}]
    result = run(write_csv(tmp_path, rows), surabaya)
    assert (result.created, result.rejected) == (0, 2)
    assert sorted({e.row for e in result.errors}) == [2, 3]


def test_strict_mode_writes_nothing_when_one_row_is_bad(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(1), person(2), {**person(3), "Golongan": "III/z"}]
    result = run(write_csv(tmp_path, rows), surabaya, strict=True)
    assert result.file_rejected
    assert (result.created, result.rejected) == (0, 1)
    assert result.errors[0].row == 4
    assert not Employee.objects.exists()
    assert not AuditEntry.objects.filter(action="people.import").exists()


def test_strict_mode_imports_a_clean_file(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    assert run(write_csv(tmp_path, [person(1), person(2)]), surabaya, strict=True).created == 2


def test_dry_run_counts_but_writes_nothing(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [person(i) for i in range(1, 5)])
    run(
        write_csv(tmp_path, [person(1), {**person(2), "Golongan": "IV/a"}], name="first.csv"),
        surabaya,
    )
    before = _snapshot()
    result = run(path, surabaya, dry_run=True)
    assert (result.created, result.updated, result.unchanged) == (2, 1, 1)
    assert _snapshot() == before


def test_same_file_twice_is_all_unchanged(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [person(i) for i in range(1, 8)])
    first = run(path, surabaya)
    assert (first.created, first.updated, first.unchanged) == (7, 0, 0)
    before = _snapshot()
    second = run(path, surabaya)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 7)
    assert _snapshot() == before
    # Nothing was closed: each person is in the first period, on the employee row.
    assert EmploymentHistory.objects.count() == 0
    # No TMT in the file: each period's start is unknown, not the day of the import.
    assert set(Employee.objects.values_list("period_start", flat=True)) == {None}
    # The second import changed nothing, so it wrote no audit entry (only the first did).
    assert AuditEntry.objects.filter(action="people.import").count() == 1
    assert AuditEntry.objects.filter(action="people.import").get().data["created"] == 7


def test_a_changed_field_updates_and_adds_a_history_period(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1), person(2)]), surabaya)
    Employee.objects.update(period_start=date(2020, 1, 1))
    changed = [
        {**person(1), "TMT": ""},
        {**person(2), "Golongan": "III/b", "Unit Kerja": "Dinas Pendidikan", "TMT": "01-04-2025"},
    ]
    result = run(write_csv(tmp_path, changed, name="changed.csv"), surabaya)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    employee = Employee.objects.select_related("work_unit").get(nip=changed[1]["NIP"])
    assert (employee.rank, employee.work_unit.path) == ("III/b", "Dinas Pendidikan")
    assert periods(employee, "valid_from", "valid_to", "rank") == [
        (date(2020, 1, 1), date(2025, 4, 1), "III/a"),
        (date(2025, 4, 1), None, "III/b"),
    ]
    assert all(source.startswith("import") for (source,) in periods(employee, "source"))
    assert len(periods(Employee.objects.get(nip=changed[0]["NIP"]))) == 1


def test_empty_cells_keep_stored_values(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1)]), surabaya)
    result = run(
        write_csv(
            tmp_path,
            [{"NIP": person(1)["NIP"], "Nama": person(1)["Nama"], "Golongan": ""}],
            name="b.csv",
        ),
        surabaya,
    )
    assert result.unchanged == 1
    assert Employee.objects.get().rank == "III/a"


def test_first_import_without_tmt_opens_a_period_of_unknown_start(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1)]), surabaya)
    period = Employee.objects.get().current_period()
    assert (period.valid_from, period.valid_to, period.institution_id) == (
        None,
        None,
        surabaya.pk,
    )
    assert not EmploymentHistory.objects.exists()  # the open period is the employee row


def test_nip_active_elsewhere_becomes_a_pending_transfer(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1)]), sleman)
    result = run(write_csv(tmp_path, [{**person(1), "Golongan": "III/c"}], name="s.csv"), surabaya)
    assert (result.transfers_pending, result.updated, result.created) == (1, 0, 0)
    employee = Employee.objects.get()
    assert (employee.institution_id, employee.rank) == (sleman.pk, "III/a")  # not moved silently
    transfer = TransferRequest.objects.get()
    assert (transfer.from_institution_id, transfer.to_institution_id, transfer.status) == (
        sleman.pk,
        surabaya.pk,
        "pending",
    )
    assert transfer.payload["rank"] == "III/c"
    assert transfer.payload["nip"] == person(1)["NIP"]
    # The same file again keeps one pending request.
    assert (
        run(
            write_csv(tmp_path, [{**person(1), "Golongan": "III/c"}], name="s.csv"), surabaya
        ).transfers_pending
        == 1
    )
    assert TransferRequest.objects.count() == 1


def test_confirmed_transfer_moves_the_employee_and_history_shows_both_periods(
    tmp_path, surabaya, sleman
):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1)]), sleman)
    Employee.objects.update(period_start=date(2015, 1, 1))
    run(write_csv(tmp_path, [{**person(1), "Unit Kerja": "Dinas Sosial"}], name="s.csv"), surabaya)
    transfer = TransferRequest.objects.get()
    admin = make_user(Role.INSTITUTION_ADMIN, "34.04")
    transfer_confirm(transfer=transfer, actor=admin)
    employee = Employee.objects.select_related("work_unit").get()
    assert (
        employee.institution_id,
        employee.work_unit.path,
        employee.work_unit.institution_id,
    ) == (surabaya.pk, "Dinas Sosial", surabaya.pk)
    today = timezone.localdate()
    assert periods(employee, "institution_id", "valid_from", "valid_to") == [
        (sleman.pk, date(2015, 1, 1), today),
        (surabaya.pk, today, None),
    ]
    assert employee.period_source == f"transfer:{transfer.pk}"
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (TransferStatus.CONFIRMED, admin)
    assert AuditEntry.objects.filter(action="people.transfer_confirm", institution=sleman).exists()
    # After the move, the same file in the new institution changes nothing.
    again = run(
        write_csv(tmp_path, [{**person(1), "Unit Kerja": "Dinas Sosial"}], name="s.csv"), surabaya
    )
    assert (again.unchanged, again.transfers_pending) == (1, 0)


@pytest.mark.parametrize(
    ("role", "code", "allowed"),
    [
        (Role.INSTITUTION_ADMIN, "34.04", True),  # the source institution
        (Role.NATIONAL_ADMIN, "35.78", True),
        (Role.INSTITUTION_ADMIN, "35.78", False),  # the target cannot pull someone in
        (Role.OPERATOR, "34.04", False),
        (Role.AUDITOR, "34.04", False),
    ],
)
def test_who_may_decide_a_transfer(tmp_path, surabaya, sleman, role, code, allowed):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1)]), sleman)
    run(write_csv(tmp_path, [person(1)], name="s.csv"), surabaya)
    transfer = TransferRequest.objects.get()
    user = make_user(role, code)
    if allowed:
        transfer_confirm(transfer=transfer, actor=user)
        assert Employee.objects.get().institution_id == surabaya.pk
    else:
        with pytest.raises(PermissionDenied):
            transfer_confirm(transfer=transfer, actor=user)
        with pytest.raises(PermissionDenied):
            transfer_reject(transfer=transfer, actor=user)
        assert Employee.objects.get().institution_id == sleman.pk
        assert TransferRequest.objects.get().status == "pending"


def test_rejected_transfer_leaves_the_employee(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1)]), sleman)
    run(write_csv(tmp_path, [person(1)], name="s.csv"), surabaya)
    transfer_reject(
        transfer=TransferRequest.objects.get(),
        actor=make_user(Role.INSTITUTION_ADMIN, "34.04"),
        reason="Masih bertugas di Sleman",
    )
    assert TransferRequest.objects.get().status == TransferStatus.REJECTED
    assert Employee.objects.get().institution_id == sleman.pk
    assert len(periods(Employee.objects.get())) == 1


@pytest.mark.parametrize("status", ["retired", "moved_out", "deceased"])
def test_nip_not_active_elsewhere_is_a_transfer_request_too(tmp_path, surabaya, sleman, status):  # type: ignore[no-untyped-def]
    """Whatever the status, another institution's person is decided by that institution
    (tests/people/test_write_scope.py proves it on every import path)."""
    employee = EmployeeFactory(institution=sleman, status=status, period_start=date(2010, 1, 1))
    row = {"NIP": employee.nip, "Nama": employee.full_name, "Unit Kerja": "Inspektorat"}
    result = run(write_csv(tmp_path, [row]), surabaya)
    assert (result.updated, result.transfers_pending) == (0, 1)
    employee.refresh_from_db()
    assert (employee.institution_id, employee.status) == (sleman.pk, status)
    assert periods(employee, "institution_id", "valid_from") == [(sleman.pk, date(2010, 1, 1))]
    transfer = TransferRequest.objects.get()
    admin = make_user(Role.INSTITUTION_ADMIN, "34.04")
    transfer_confirm(transfer=transfer, actor=admin)
    employee.refresh_from_db()
    assert (employee.institution_id, employee.status, employee.work_unit.institution_id) == (
        surabaya.pk,
        "active",
        surabaya.pk,
    )
    assert periods(employee, "institution_id", "valid_from") == [
        (sleman.pk, date(2010, 1, 1)),
        (surabaya.pk, timezone.localdate()),
    ]


def test_a_crash_mid_merge_leaves_the_register_as_it_was(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1), person(2)]), surabaya)
    before = _snapshot()
    rows = [
        {**person(1), "Golongan": "IV/a", "Unit Kerja": "Unit Baru"},
        person(2),
        person(3),
        person(4),
    ]
    real_updates = Merge.updates

    def updates_then_crash(self):  # type: ignore[no-untyped-def]
        real_updates(self)  # employees and history already changed inside the transaction...
        raise RuntimeError("killed")  # ...then the process dies

    with mock.patch.object(Merge, "updates", updates_then_crash), pytest.raises(RuntimeError):
        run(write_csv(tmp_path, rows, name="b.csv"), surabaya)
    assert _snapshot() == before
    # Running the import again ends as one clean import would.
    result = run(write_csv(tmp_path, rows, name="b.csv"), surabaya)
    assert (result.created, result.updated, result.unchanged) == (2, 1, 1)
    assert len(periods(Employee.objects.get(nip=person(1)["NIP"]))) == 2


def test_history_period_is_not_closed_before_it_opened(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1)]), surabaya)
    future = timezone.localdate() + timedelta(days=30)
    Employee.objects.update(period_start=future)
    tmt = timezone.localdate().strftime("%d-%m-%Y")
    run(
        write_csv(tmp_path, [{**person(1), "Golongan": "IV/a", "TMT": tmt}], name="b.csv"),
        surabaya,
    )
    closed = EmploymentHistory.objects.get()
    assert closed.valid_to == closed.valid_from == future


def _schema():  # type: ignore[no-untyped-def]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
            "FROM pg_constraint WHERE conrelid IN "
            "('people_employee'::regclass, 'people_employmenthistory'::regclass) ORDER BY 1, 2"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename IN ('people_employee', 'people_employmenthistory') ORDER BY 1"
        )
        return constraints, cursor.fetchall()


def test_bulk_path_inserts_the_same_and_keeps_every_constraint_and_index(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the bulk path (keys and indexes rebuilt after the insert) is PostgreSQL's")
    from tangguh.core.importing.staging import PostgreSQLDialect

    existing = EmployeeFactory(institution=surabaya)  # a queued foreign-key check, too
    before = _schema()
    rows = [person(i) for i in range(1, 30)]
    with mock.patch.object(PostgreSQLDialect, "BULK_MIN_ROWS", 0):
        result = run(write_csv(tmp_path, rows), surabaya)
    assert (result.created, result.rejected) == (29, 0)
    assert _schema() == before
    assert all(validated for *_c, validated in before[0])
    assert Employee.objects.count() == 30 and EmploymentHistory.objects.count() == 0
    assert Employee.objects.filter(pk=existing.pk).exists()
    # And the keys still hold.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.filter(nip=rows[0]["NIP"]).update(work_unit_id=10**9)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _sqlite_indexes():  # type: ignore[no-untyped-def]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
            "('people_employee', 'people_employmenthistory') ORDER BY 1"
        )
        return cursor.fetchall()


def test_sqlite_bulk_path_into_an_empty_register_rebuilds_every_index(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's bulk path")
    from tangguh.core.importing.staging import SQLiteDialect

    before = _sqlite_indexes()
    assert any(name == "employee_name_idx" for name, _sql in before)
    rows = [person(i) for i in range(1, 30)]
    with mock.patch.object(SQLiteDialect, "BULK_MIN_ROWS", 0):
        result = run(write_csv(tmp_path, rows), surabaya)
        assert (result.created, result.rejected) == (29, 0)
        assert _sqlite_indexes() == before
        assert Employee.objects.count() == 29 and EmploymentHistory.objects.count() == 0
        # Not empty any more: the second import inserts row by row, and the same.
        more = [person(i) for i in range(30, 40)]
        result = run(write_csv(tmp_path, rows + more), surabaya)
    assert (result.created, result.unchanged) == (10, 29)
    assert _sqlite_indexes() == before
    assert Employee.objects.count() == 39 and EmploymentHistory.objects.count() == 0


def test_nip_compares_bytewise_on_postgresql():  # type: ignore[no-untyped-def]
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the collation is PostgreSQL's (SQLite compares bytes already)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'people_employee' AND column_name = 'nip'"
        )
        assert cursor.fetchone()[0] == "C"


def test_an_equal_row_under_another_fingerprint_only_gets_the_fingerprint_refreshed(
    tmp_path, surabaya
):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [person(1), person(2)])
    run(path, surabaya)
    fingerprints = dict(Employee.objects.values_list("nip", "fingerprint"))
    before = _snapshot()
    # A web edit resets it; a per-row import or an older release wrote another form.
    Employee.objects.filter(nip=person(1)["NIP"]).update(fingerprint="")
    again = run(path, surabaya)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert dict(Employee.objects.values_list("nip", "fingerprint")) == fingerprints
    assert not EmploymentHistory.objects.exists()
    assert _snapshot() == before
