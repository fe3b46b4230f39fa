"""A background import writes its messages in the language of the person who uploaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tangguh.core.roles import Role
from tangguh.people.models import ImportJob, ImportStatus
from tangguh.people.services import import_job_create, import_job_execute
from tests.permissions import make_user

pytestmark = pytest.mark.django_db

BAD = b"NIP,Nama\n1.96608E+17,Budi Santoso\n"


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "scientific notation"), ("id", "notasi ilmiah")]
)
def test_job_messages_follow_the_uploader_language(surabaya, language, expected):  # type: ignore[no-untyped-def]
    user = make_user(Role.OPERATOR)
    with translation.override(language):
        job = import_job_create(
            uploaded_file=SimpleUploadedFile("asn.csv", BAD),
            institution=surabaya,
            actor=user,
            dry_run=True,
            strict=False,
        )
    assert job.language == language
    # Run it again as a worker would: in its own (other) language.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    job.issues.all().delete()
    with translation.override("id" if language == "en" else "en"):
        import_job_execute(job_id=job.pk)
    issue = job.issues.get()
    assert expected in issue.message
