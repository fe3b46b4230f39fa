"""Import jobs: upload, background run (inline in tests), progress, issues, confirmation."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.messages import render
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import Employee, ImportStatus
from tangguh.people.services import import_job_confirm, import_job_create
from tests.permissions import make_user

from .helpers import csv_bytes, person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _upload(rows, name="pegawai.csv"):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def test_dry_run_job_then_confirm_imports_the_same_file(surabaya):  # type: ignore[no-untyped-def]
    operator = make_user(Role.OPERATOR)
    rows = [person(1), person(2), {**person(3), "NIP": "12345"}]
    job = import_job_create(
        uploaded_file=_upload(rows),
        institution=surabaya,
        actor=operator,
        dry_run=True,
        strict=False,
    )
    assert job.status == ImportStatus.DONE
    assert (job.result["created"], job.result["rejected"], job.result["dry_run"]) == (2, 1, True)
    assert "errors" not in job.result
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert list(job.issues.values_list("row", "column")) == [(4, "NIP")]
    assert "Dry run" in render(job.message)
    assert not Employee.objects.exists()

    real = import_job_confirm(job=job, actor=operator)
    assert real.pk != job.pk and not real.dry_run
    assert real.status == ImportStatus.DONE
    assert real.file.name == job.file.name
    assert real.result["created"] == 2
    assert Employee.objects.count() == 2
    assert (
        AuditEntry.objects.filter(action="people.import", target_id=str(real.pk))
        .get()
        .data["created"]
        == 2
    )
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "people.import_job_create",
        "people.import_job_confirm",
    }
    with pytest.raises(Conflict):
        import_job_confirm(job=real, actor=operator)


def test_job_records_progress_at_most_every_percent(surabaya):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tangguh.people.importing import ImportResult

    def fake_import(**kwargs):  # type: ignore[no-untyped-def]
        for done in range(0, 10_001, 7):
            kwargs["progress"](done, 10_000)
        return ImportResult(created=10_000, total_rows=10_000)

    with (
        mock.patch("tangguh.people.services.run_import", side_effect=fake_import),
        CaptureQueriesContext(connection) as queries,
    ):
        job = import_job_create(
            uploaded_file=_upload([person(1)]),
            institution=surabaya,
            actor=make_user(Role.OPERATOR),
            dry_run=False,
            strict=False,
        )
    progress_writes = [
        q for q in queries if "progress_done" in q["sql"] and q["sql"].startswith("UPDATE")
    ]
    assert (
        90 <= len(progress_writes) <= 102
    )  # about one per percent, not one per call (1,429 calls)
    assert job.status == ImportStatus.DONE
    assert (job.progress_done, job.progress_total) == (10_000, 10_000)


def test_unreadable_file_fails_with_a_readable_message(surabaya):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("pegawai.csv", b"Nomor;Nama\n1;Budi\n")
    job = import_job_create(
        uploaded_file=upload,
        institution=surabaya,
        actor=make_user(Role.OPERATOR),
        dry_run=True,
        strict=False,
    )
    assert job.status == ImportStatus.FAILED
    assert "no column for the NIP" in render(job.message)
    assert "Traceback" not in render(job.message)


def test_internal_error_fails_without_a_traceback(surabaya):  # type: ignore[no-untyped-def]
    with mock.patch("tangguh.people.services.run_import", side_effect=ZeroDivisionError("boom")):
        job = import_job_create(
            uploaded_file=_upload([person(1)]),
            institution=surabaya,
            actor=make_user(Role.OPERATOR),
            dry_run=False,
            strict=False,
        )
    assert job.status == ImportStatus.FAILED
    assert "internal error" in render(job.message) and "boom" not in render(job.message)
    assert job.finished_at is not None


def test_upload_checks(surabaya):  # type: ignore[no-untyped-def]
    operator = make_user(Role.OPERATOR)
    with pytest.raises(DomainError, match="not a CSV or XLSX"):
        import_job_create(
            uploaded_file=SimpleUploadedFile("x.pdf", b"%PDF"),
            institution=surabaya,
            actor=operator,
            dry_run=True,
            strict=False,
        )
    with pytest.raises(DomainError, match="empty"):
        import_job_create(
            uploaded_file=SimpleUploadedFile("x.csv", b""),
            institution=surabaya,
            actor=operator,
            dry_run=True,
            strict=False,
        )


@pytest.mark.parametrize(
    ("role", "code"),
    [(Role.OPERATOR, "34.04"), (Role.ASSESSOR, "35.78"), (Role.CIVIL_SERVANT, "35.78")],
)
def test_who_may_not_import(surabaya, role, code):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        import_job_create(
            uploaded_file=_upload([person(1)]),
            institution=surabaya,
            actor=make_user(role, code),
            dry_run=False,
            strict=False,
        )
    assert not Employee.objects.exists()


def test_strict_job_rejects_the_file(surabaya):  # type: ignore[no-untyped-def]
    rows = [person(1), {**person(2), "Jenis Kelamin": "X"}]
    job = import_job_create(
        uploaded_file=_upload(rows),
        institution=surabaya,
        actor=make_user(Role.OPERATOR),
        dry_run=True,
        strict=True,
    )
    assert job.result["file_rejected"] is True
    assert "Nothing was imported" in render(job.message)
    with pytest.raises(Conflict):
        import_job_confirm(job=job, actor=make_user(Role.OPERATOR))
