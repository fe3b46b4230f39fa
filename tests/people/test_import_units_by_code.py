"""An employee's Unit Kerja names a work unit by its code or by its name (path)."""

from __future__ import annotations

import pytest

from tangguh.people.models import Employee, WorkUnit

from .helpers import person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_unit_is_found_by_its_code_or_its_path_and_never_created_twice(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    bkd = WorkUnit.objects.create(
        institution=surabaya, name="Badan Kepegawaian", path="Badan Kepegawaian", code="BKD"
    )
    sub = WorkUnit.objects.create(
        institution=surabaya, parent=bkd, name="Bidang Mutasi",
        path="Badan Kepegawaian / Bidang Mutasi", code="BKD.01",
    )  # fmt: skip
    rows = [
        person(1, **{"Unit Kerja": "BKD"}),
        person(2, **{"Unit Kerja": "BKD.01"}),
        person(3, **{"Unit Kerja": "Badan Kepegawaian / Bidang Mutasi"}),
        person(4, **{"Unit Kerja": "Dinas Baru"}),
    ]
    result = run(write_csv(tmp_path, rows), surabaya)
    assert result.created == 4
    units = dict(Employee.objects.values_list("full_name", "work_unit_id"))
    new = WorkUnit.objects.get(institution=surabaya, path="Dinas Baru")
    assert units == {
        "Pegawai Nomor 1": bkd.pk,
        "Pegawai Nomor 2": sub.pk,
        "Pegawai Nomor 3": sub.pk,
        "Pegawai Nomor 4": new.pk,
    }
    assert WorkUnit.objects.filter(institution=surabaya).count() == 3

    # The same file again: nobody changed (a code is the unit the person is in).
    again = run(write_csv(tmp_path, rows, name="again.csv"), surabaya)
    assert (again.unchanged, again.updated) == (4, 0)
    # By name instead of code: still the same unit, so no update either.
    rows[0] = person(1, **{"Unit Kerja": "Badan Kepegawaian"})
    same = run(write_csv(tmp_path, rows, name="by-name.csv"), surabaya)
    assert same.updated == 0
    # Moved to another unit by its code: an update with a history period.
    rows[0] = person(1, **{"Unit Kerja": "BKD.01"})
    moved = run(write_csv(tmp_path, rows, name="moved.csv"), surabaya)
    assert moved.updated == 1
    one = Employee.objects.get(full_name="Pegawai Nomor 1")
    assert one.work_unit_id == sub.pk
    assert one.history.get().work_unit_id == bkd.pk
