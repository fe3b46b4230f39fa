"""An import's messages are stored as msgids and params: every reader sees the summary,
the problems and the problem report in their own language, whoever uploaded the file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tangguh.core.messages import render
from tangguh.core.roles import Role
from tangguh.people.models import ImportJob, ImportStatus
from tangguh.people.services import import_job_create, import_job_execute
from tests.permissions import make_user

pytestmark = pytest.mark.django_db

BAD = b"NIP,Nama\n1.96608E+17,Budi Santoso\n"
TEXTS = {
    "en": ("scientific notation", "Dry run, nothing was saved.", "Rejected rows"),
    "id": ("notasi ilmiah", "Pemeriksaan, tidak ada yang disimpan.", "Baris ditolak"),
}


def _job(surabaya, user, language):  # type: ignore[no-untyped-def]
    with translation.override(language):
        job = import_job_create(
            uploaded_file=SimpleUploadedFile("asn.csv", BAD),
            institution=surabaya,
            actor=user,
            dry_run=True,
            strict=False,
        )
    # Run it again as a worker would: in its own (other) language.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    job.issues.all().delete()
    with translation.override("id" if language == "en" else "en"):
        import_job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(("uploaded", "read"), [("id", "en"), ("en", "id"), ("id", "id")])
def test_stored_messages_render_in_the_reader_language(surabaya, uploaded, read):  # type: ignore[no-untyped-def]
    job = _job(surabaya, make_user(Role.OPERATOR), uploaded)
    assert job.language == uploaded
    problem, summary, _sheet = TEXTS[read]
    with translation.override(read):
        assert problem in render(job.issues.get().message)
        assert render(job.message).startswith(summary)
    other_problem, other_summary, _s = TEXTS["en" if read == "id" else "id"]
    with translation.override(read):
        assert other_problem not in render(job.issues.get().message)
        assert other_summary not in render(job.message)


@pytest.mark.parametrize(("uploaded", "read"), [("id", "en"), ("en", "id")])
def test_job_page_and_report_follow_the_reader(client, surabaya, uploaded, read):  # type: ignore[no-untyped-def]
    user = make_user(Role.OPERATOR)
    job = _job(surabaya, user, uploaded)
    client.force_login(user)
    client.cookies["django_language"] = read
    problem, summary, sheet = TEXTS[read]
    page = client.get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert problem in page and summary in page
    assert TEXTS[uploaded][0] not in page
    report = client.get(reverse("people:import-errors", args=[job.pk]))
    assert report.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    assert workbook.sheetnames == [sheet]
    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row if c]
    assert any(problem in str(c) for c in cells)
    assert not any(TEXTS[uploaded][0] in str(c) for c in cells)
    api = client.get(reverse("api:import-errors", args=[job.pk]), HTTP_ACCEPT_LANGUAGE=read)
    assert api.status_code == 200
    assert problem in api.json()["results"][0]["message"]


def test_plain_text_stored_before_renders_as_itself(surabaya):  # type: ignore[no-untyped-def]
    job = _job(surabaya, make_user(Role.OPERATOR), "id")
    ImportJob.objects.filter(pk=job.pk).update(message="Pemeriksaan, kalimat lama.")
    job.issues.update(message="Kalimat lama.")
    job.refresh_from_db()
    with translation.override("en"):
        assert render(job.message) == "Pemeriksaan, kalimat lama."
        assert render(job.issues.get().message) == "Kalimat lama."


def test_the_admin_shows_stored_messages_as_sentences(client, surabaya):  # type: ignore[no-untyped-def]
    from tests.accounts.factories import UserFactory

    job = _job(surabaya, make_user(Role.OPERATOR), "id")
    client.force_login(UserFactory(institution=None, is_superuser=True, is_staff=True))
    client.cookies["django_language"] = "en"
    page = client.get(reverse("admin:people_importjob_change", args=[job.pk])).content.decode()
    assert "has 17 digits" not in page  # the fixture's NIP is in scientific notation
    assert "scientific notation" in page and "Dry run, nothing was saved." in page
    # The problem rows show sentences (the raw stored field stays editable, a repair tool).
    assert "2 NIP: The NIP" in page and "2 NIP: {" not in page
