"""An import job's life beyond one run: confirmed once, its lease, retry, a stored report,
upload limits per format. Real worker processes: test_import_worker.py."""

from __future__ import annotations

import io
from datetime import timedelta
from unittest import mock

import openpyxl
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.messages import render
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people import exports, services, services_import
from tangguh.people.models import ImportIssue, ImportJob, ImportStatus
from tests.people.factories import ImportJobFactory
from tests.people.test_views_permissions import csv_upload, dry_run, new_nip, row
from tests.permissions import HOME_CODE, ObjectPermissionSuite, make_user
from tests.permissions import client_for as _client_for

from . import hostile_files as hostile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def client_for(user):  # type: ignore[no-untyped-def]
    client = _client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def operator(surabaya):  # type: ignore[no-untyped-def]
    return make_user(Role.OPERATOR, HOME_CODE)


def _failed(institution):  # type: ignore[no-untyped-def]
    return ImportJobFactory(
        institution=institution, status=ImportStatus.FAILED, attempts=1, message="It failed."
    )


# --- every URL has its permission suite -------------------------------------------------


class TestImportRetry(ObjectPermissionSuite):
    url_name = "people:import-retry"
    method = "post"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR
    ok_status = (302,)

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return _failed(institution)

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"pk": obj.pk}

    def state(self, obj):  # type: ignore[no-untyped-def]
        """The job's attempts and the retries audited for it."""
        retries = AuditEntry.objects.filter(action="people.import_job_retry", target_id=str(obj.pk))
        return (ImportJob.objects.get(pk=obj.pk).attempts, retries.count())

    def assert_done(self, obj, before):  # type: ignore[no-untyped-def]
        assert (before, self.state(obj)) == ((1, 0), (2, 1))

    def location(self, obj):  # type: ignore[no-untyped-def]
        return reverse("people:import-job", args=[obj.pk])


class TestImportRetryAPI(TestImportRetry):
    url_name = "api:import-retry"
    is_api = True
    ok_status = (202,)


# --- confirmed once ---------------------------------------------------------------------


def test_confirming_a_dry_run_twice_is_a_409_and_queues_nothing(surabaya, operator):  # type: ignore[no-untyped-def]
    job = dry_run(institution=surabaya, actor=operator, rows=[row(new_nip())])
    api = client_for(operator)
    url = reverse("api:import-confirm", args=[job.pk])
    first = api.post(url)
    assert first.status_code == 202
    second = api.post(url)
    assert second.status_code == 409, second.content
    assert "confirmed already" in second.json()["detail"]
    real = ImportJob.objects.get(dry_run=False)
    assert real.dry_run_job_id == job.pk and first.json()["id"] == real.pk
    assert AuditEntry.objects.filter(action="people.import_job_confirm").count() == 1


def test_confirming_twice_on_the_page_says_so(surabaya, operator):  # type: ignore[no-untyped-def]
    job = dry_run(institution=surabaya, actor=operator, rows=[row(new_nip())])
    web = client_for(operator)
    url = reverse("people:import-confirm", args=[job.pk])
    real_page = web.post(url)
    assert real_page.status_code == 302
    again = web.post(url, follow=True)
    text = again.content.decode()
    assert "has been confirmed already" in text
    assert ImportJob.objects.filter(dry_run=False).count() == 1
    # The dry run's page now leads to its import instead of offering to import again.
    assert reverse("people:import-confirm", args=[job.pk]) not in text
    assert real_page["Location"] in text


def test_two_confirmations_at_the_same_instant_queue_one_import(surabaya, operator):  # type: ignore[no-untyped-def]
    """Both pass the quick check (as two requests at once would); the database decides."""
    job = dry_run(institution=surabaya, actor=operator, rows=[row(new_nip())])
    with mock.patch.object(services_import, "_confirmed", return_value=False):
        services.import_job_confirm(job=job, actor=operator)
        with pytest.raises(Conflict, match="confirmed already"):
            services.import_job_confirm(job=job, actor=operator)
    assert ImportJob.objects.filter(dry_run=False).count() == 1
    assert AuditEntry.objects.filter(action="people.import_job_confirm").count() == 1


# --- the lease -------------------------------------------------------------------------------


def _running(institution, *, silent_for: timedelta):  # type: ignore[no-untyped-def]
    beat = timezone.now() - silent_for
    return ImportJobFactory(
        institution=institution,
        status=ImportStatus.RUNNING,
        attempts=1,
        started_at=beat,
        heartbeat_at=beat,
        language="en",
    )


def test_a_job_whose_worker_is_gone_fails_when_its_page_is_opened(surabaya, operator):  # type: ignore[no-untyped-def]
    lease = services_import.lease()
    lost = _running(surabaya, silent_for=lease + timedelta(seconds=1))
    alive = _running(surabaya, silent_for=lease - timedelta(seconds=30))
    web = client_for(operator)
    text = web.get(reverse("people:import-job", args=[lost.pk])).content.decode()
    lost.refresh_from_db()
    assert lost.status == ImportStatus.FAILED and lost.finished_at is not None
    assert "The worker running this import stopped" in render(lost.message)
    assert "Retry" in text and render(lost.message) in text
    web.get(reverse("people:import-progress", args=[alive.pk]))
    alive.refresh_from_db()
    assert alive.status == ImportStatus.RUNNING


def test_a_job_whose_worker_is_gone_fails_when_the_api_is_asked(surabaya, operator):  # type: ignore[no-untyped-def]
    lost = _running(surabaya, silent_for=services_import.lease() * 2)
    body = client_for(operator).get(reverse("api:import-detail", args=[lost.pk])).json()
    assert body["status"] == "failed" and "worker running this import stopped" in body["message"]
    assert body["attempts"] == 1


def test_the_lease_check_leaves_a_job_that_just_gave_a_sign_of_life(surabaya):  # type: ignore[no-untyped-def]
    job = _running(surabaya, silent_for=services_import.lease() * 2)
    # Between the check's read and its write the worker renews the lease: no failure.
    real_filter = ImportJob.objects.filter

    def renewed_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        if "heartbeat_at" in kwargs:
            real_filter(pk=job.pk).update(heartbeat_at=timezone.now())
        return real_filter(*args, **kwargs)

    with mock.patch.object(ImportJob.objects, "filter", side_effect=renewed_first):
        assert services_import.import_jobs_expire() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING


def test_a_claimed_job_is_not_run_twice(surabaya, operator):  # type: ignore[no-untyped-def]
    job = dry_run(institution=surabaya, actor=operator, rows=[row(new_nip())])
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    assert services_import.import_job_claim(job.pk) == 2
    assert services_import.import_job_claim(job.pk) is None  # a second task for it
    # An attempt that lost the job to a newer one records nothing.
    services_import.import_job_run_attempt(job.pk, 1)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportStatus.RUNNING, 2)


# --- retry --------------------------------------------------------------------------------


def _internal_failure(surabaya, operator):  # type: ignore[no-untyped-def]
    with mock.patch("tangguh.people.services.run_import", side_effect=ZeroDivisionError):
        job = services.import_job_create(
            uploaded_file=csv_upload([row(new_nip()), row("12345")]),
            institution=surabaya,
            actor=operator,
            dry_run=True,
            strict=False,
        )
    assert job.status == ImportStatus.FAILED and job.attempts == 1
    return job


def test_a_failed_job_is_retried_with_the_same_file(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _internal_failure(surabaya, operator)
    stored = job.file.name
    response = client_for(operator).post(reverse("people:import-retry", args=[job.pk]))
    assert response["Location"] == reverse("people:import-job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == (ImportStatus.DONE, 2, stored)
    assert job.result["created"] == 1 and job.issues.count() == 1
    entry = AuditEntry.objects.get(action="people.import_job_retry")
    assert entry.target_id == str(job.pk) and entry.data["attempt"] == 2
    assert "internal error" in entry.data["previous_message"]


def test_retry_through_the_api(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _internal_failure(surabaya, operator)
    api = client_for(operator)
    response = api.post(reverse("api:import-retry", args=[job.pk]))
    assert response.status_code == 202
    assert response.json()["attempts"] == 2 and response.json()["status"] == "done"
    again = api.post(reverse("api:import-retry", args=[job.pk]))
    assert again.status_code == 409
    assert "Only a failed import can be retried" in again.json()["detail"]


def test_a_retry_and_its_audit_entry_are_one_transaction(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _internal_failure(surabaya, operator)
    with (
        mock.patch("tangguh.people.services_import.audit_record", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        services.import_job_retry(job=job, actor=operator)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportStatus.FAILED, 1)


def test_only_a_failed_job_is_retried(surabaya, operator):  # type: ignore[no-untyped-def]
    job = dry_run(institution=surabaya, actor=operator, rows=[row(new_nip())])
    with pytest.raises(Conflict):
        services.import_job_retry(job=job, actor=operator)
    page = client_for(operator).post(reverse("people:import-retry", args=[job.pk]), follow=True)
    assert "Only a failed import can be retried" in page.content.decode()


def test_a_job_lost_with_its_worker_can_be_retried_at_once(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _internal_failure(surabaya, operator)
    beat = timezone.now() - services_import.lease() * 2
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, heartbeat_at=beat, started_at=beat
    )
    services.import_job_retry(job=job, actor=operator)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportStatus.DONE, 2)


# --- the error report --------------------------------------------------------------------------


def _with_problems(surabaya, operator):  # type: ignore[no-untyped-def]
    return dry_run(institution=surabaya, actor=operator, rows=[row(new_nip()), row("12345")])


def _cells(content: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [str(v) for r in sheet.iter_rows(values_only=True) for v in r if v is not None]


def test_the_error_report_is_built_when_the_job_ends_and_served_as_stored(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _with_problems(surabaya, operator)
    assert job.report.name.endswith(".xlsx")
    web = client_for(operator)
    web.cookies["django_language"] = "id"
    # Downloads never read the upload again.
    with mock.patch.object(exports, "open_table", side_effect=AssertionError("read again")):
        first = web.get(reverse("people:import-errors", args=[job.pk]))
        body = b"".join(first.streaming_content)
        api = client_for(operator)
        api.cookies["django_language"] = "id"
        second = api.get(reverse("api:import-errors", args=[job.pk]), {"format": "xlsx"})
        assert b"".join(second.streaming_content) == body
    assert first.status_code == second.status_code == 200
    assert "12345" in _cells(body)
    # Named in the interface's language (Indonesian first).
    assert f'filename="masalah-impor-{job.pk}.xlsx"' in first["Content-Disposition"]


def test_an_old_job_gets_its_report_built_on_its_first_download_only(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _with_problems(surabaya, operator)
    # Finished before reports were stored (none, in no language).
    ImportJob.objects.filter(pk=job.pk).update(report="", result={})
    web = client_for(operator)
    with mock.patch.object(
        exports, "import_error_reports_xlsx", wraps=exports.import_error_reports_xlsx
    ) as build:
        for _ in range(3):
            response = web.get(reverse("people:import-errors", args=[job.pk]))
            assert "12345" in _cells(b"".join(response.streaming_content))
    assert build.call_count == 1
    job.refresh_from_db()
    assert job.report


def test_an_old_report_of_a_file_now_refused_lists_the_problems_alone(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _with_problems(surabaya, operator)
    bomb = job.file.storage.save("imports/bomb.xlsx", ContentFile(hostile.zip_bomb()))
    ImportJob.objects.filter(pk=job.pk).update(report="", original_name="a.xlsx", file=bomb)
    response = client_for(operator).get(reverse("people:import-errors", args=[job.pk]))
    cells = _cells(b"".join(response.streaming_content))
    assert "12345" in cells and any("digits" in c for c in cells)


def test_a_running_job_report_says_what_is_known(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _running(surabaya, silent_for=timedelta(0))
    response = client_for(operator).get(reverse("people:import-errors", args=[job.pk]))
    assert response.status_code == 200
    job.refresh_from_db()
    assert not job.report  # nothing stored before the end


def test_a_failed_job_gets_a_report_with_its_sentence(surabaya, operator):  # type: ignore[no-untyped-def]
    job = services.import_job_create(
        uploaded_file=SimpleUploadedFile("pegawai.xlsx", hostile.cell_at_xfd1048576()),
        institution=surabaya,
        actor=operator,
        dry_run=True,
        strict=False,
    )
    assert job.status == ImportStatus.FAILED and "XFD1048576" in render(job.message)
    response = client_for(operator).get(reverse("people:import-errors", args=[job.pk]))
    assert any("XFD1048576" in c for c in _cells(b"".join(response.streaming_content)))


def test_the_issues_of_a_retried_attempt_replace_the_old_ones(surabaya, operator):  # type: ignore[no-untyped-def]
    job = _with_problems(surabaya, operator)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)
    services.import_job_retry(job=job, actor=operator)
    assert ImportIssue.objects.filter(job=job).count() == 1


# --- upload limits per format ----------------------------------------------------------------


@pytest.fixture
def small_limits(settings):  # type: ignore[no-untyped-def]
    settings.TANGGUH_IMPORT_MAX_CSV_BYTES = 64 * 1024
    settings.TANGGUH_IMPORT_MAX_XLSX_BYTES = 4 * 1024


def _big_csv() -> SimpleUploadedFile:
    return csv_upload([row(new_nip()) for _ in range(100)])  # ~10 KB


def test_each_format_has_its_own_upload_limit_on_the_page(surabaya, operator, small_limits):  # type: ignore[no-untyped-def]
    web = client_for(operator)
    text = web.get(reverse("people:import")).content.decode()
    assert "CSV (at most 64.0\xa0KB) or Excel (at most 4.0\xa0KB)" in text
    xlsx = SimpleUploadedFile("pegawai.xlsx", hostile.cell_at_xfd1048576())  # ~4.8 KB
    refused = web.post(reverse("people:import"), {"file": xlsx, "institution": HOME_CODE})
    assert refused.status_code == 400
    assert "the largest file we accept is 4.0\xa0KB" in refused.content.decode()
    accepted = web.post(reverse("people:import"), {"file": _big_csv(), "institution": HOME_CODE})
    assert accepted.status_code == 302
    assert ImportJob.objects.count() == 1


def test_the_api_and_the_service_enforce_the_same_limits(surabaya, operator, small_limits):  # type: ignore[no-untyped-def]
    api = client_for(operator)
    xlsx = SimpleUploadedFile("pegawai.xlsx", hostile.cell_at_xfd1048576())
    response = api.post(reverse("api:import-create"), {"file": xlsx, "institution": HOME_CODE})
    assert response.status_code == 400
    assert "the largest file we accept is 4.0\xa0KB" in response.json()["errors"][0]["message"]
    with pytest.raises(DomainError, match=r"the largest file we accept is 4\.0\xa0KB"):
        services.import_job_create(
            uploaded_file=SimpleUploadedFile("pegawai.xlsx", hostile.cell_at_xfd1048576()),
            institution=surabaya,
            actor=operator,
            dry_run=True,
            strict=False,
        )
    assert not ImportJob.objects.exists()
    assert (
        api.post(
            reverse("api:import-create"), {"file": _big_csv(), "institution": HOME_CODE}
        ).status_code
        == 202
    )


def test_the_default_limits_fit_real_files():  # type: ignore[no-untyped-def]
    # A national CSV register of 4.3 million is ~610 MB; a million-row XLSX 58-77 MB.
    assert settings.TANGGUH_IMPORT_MAX_CSV_BYTES >= 1000 * 1024 * 1024
    assert 100 * 1024 * 1024 <= settings.TANGGUH_IMPORT_MAX_XLSX_BYTES < 1024 * 1024 * 1024
