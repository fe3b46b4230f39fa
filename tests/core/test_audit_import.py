"""An import's audit entry names every person it created, updated or sent to a transfer."""

from unittest import mock

import pytest

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.importing import Importer
from tests.people.helpers import person, run, write_csv
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


def _subjects(entry: AuditEntry) -> dict[str, str]:
    return dict(entry.subjects.values_list("nip", "change"))


@pytest.mark.parametrize("column_wise", [False, True], ids=["per-row", "column-wise+snapshot"])
def test_import_entry_lists_created_updated_and_transfer_nips(
    tmp_path, surabaya, sleman, column_wise
):  # type: ignore[no-untyped-def]
    with (
        mock.patch.object(Importer, "fast_min_rows", 0 if column_wise else 10**12),
        mock.patch.object(Importer, "use_snapshot", column_wise),
    ):
        first = [person(n) for n in range(1, 5)]
        run(write_csv(tmp_path, first, name="first.csv"), surabaya)
        created = AuditEntry.objects.get(action="people.import")
        assert created.people_count == 4
        assert _subjects(created) == {row["NIP"]: "C" for row in first}

        run(write_csv(tmp_path, [person(8)], name="sleman.csv"), sleman)
        second = [
            first[0],  # unchanged: not named
            {**first[1], "Golongan": "IV/a"},  # updated
            person(7),  # new
            person(8),  # active in Sleman: a transfer request
        ]
        result = run(write_csv(tmp_path, second, name="second.csv"), surabaya)
    assert (result.created, result.updated, result.transfers_pending, result.unchanged) == (
        1,
        1,
        1,
        1,
    )
    entry = (
        AuditEntry.objects.filter(action="people.import", institution=surabaya)
        .exclude(pk=created.pk)
        .get()
    )
    assert entry.people_count == 3
    assert _subjects(entry) == {first[1]["NIP"]: "U", person(7)["NIP"]: "C", person(8)["NIP"]: "T"}
    assert entry.institution == surabaya


def test_dry_run_and_unchanged_import_write_no_entry(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [person(1), person(2)])
    run(path, surabaya, dry_run=True)
    assert not AuditEntry.objects.filter(action="people.import").exists()
    run(path, surabaya)
    run(path, surabaya)
    assert AuditEntry.objects.filter(action="people.import").count() == 1


def test_import_job_entry_names_its_actor_and_people(surabaya):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tangguh.people.services import import_job_confirm, import_job_create
    from tests.people.helpers import csv_bytes

    operator = make_user(Role.OPERATOR)
    rows = [person(1), person(2)]
    upload = SimpleUploadedFile("pegawai.csv", csv_bytes(rows), content_type="text/csv")
    dry = import_job_create(
        uploaded_file=upload, institution=surabaya, actor=operator, dry_run=True, strict=False
    )
    real = import_job_confirm(job=dry, actor=operator)
    entry = AuditEntry.objects.get(action="people.import")
    assert entry.actor == operator and entry.target_id == str(real.pk)
    assert sorted(entry.subjects.values_list("nip", flat=True)) == sorted(r["NIP"] for r in rows)
