"""The job page of a dry run shows its preview and a confirmation restating the counts;
a failed file shows no problems section; the register list narrows to an import's rows,
within the reader's scope only."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.people.models import Employee, ImportStatus
from tangguh.people.services import import_job_confirm, import_job_create
from tests.permissions import make_user

from .helpers import csv_bytes, person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def client(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages in English
    return client


def _job(institution, actor, rows, *, dry_run=True):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("pegawai.csv", csv_bytes(rows), content_type="text/csv")
    return import_job_create(
        uploaded_file=upload, institution=institution, actor=actor, dry_run=dry_run, strict=False
    )


def test_a_dry_run_page_previews_each_row_and_restates_the_counts(client, tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1), person(2)], name="first.csv"), surabaya)
    operator = make_user(Role.OPERATOR, surabaya.code)
    rows = [
        person(3),
        person(1, Nama="Pegawai Baru Namanya", Golongan="III/d"),
        person(2),
        person(4, **{"Unit Kerja": "Bidang Perencanan"}),
    ]
    job = _job(surabaya, operator, rows)
    assert job.status == ImportStatus.DONE
    assert [r["row"] for r in job.result["preview"]["created"]] == [2, 5]
    client.force_login(operator)
    page = client.get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert 'data-testid="preview-created"' in page
    assert "<del>Pegawai Nomor 1</del>" in page
    assert "<ins>Pegawai Baru Namanya</ins>" in page
    # Labelled as the file's headers.
    assert '<span class="change-label">Golongan</span> <del>III/a</del>' in page
    assert "1 row would create the new work unit “Bidang Perencanan”" in page
    assert "Import 2 new civil servants and 1 update?" in page


def test_the_preview_says_when_it_shows_only_the_first_rows(client, surabaya, monkeypatch):  # type: ignore[no-untyped-def]
    from tangguh.people.importing import preview

    monkeypatch.setattr(preview, "LIMIT", 2)
    operator = make_user(Role.OPERATOR, surabaya.code)
    job = _job(surabaya, operator, [person(n) for n in range(1, 6)])
    client.force_login(operator)
    page = client.get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert "Showing the first 2 of 5." in page


def test_a_failed_file_shows_no_problems_section(client, surabaya):  # type: ignore[no-untyped-def]
    operator = make_user(Role.OPERATOR, surabaya.code)
    upload = SimpleUploadedFile("pegawai.csv", b"Nomor;Nama\n1;Budi\n")
    job = import_job_create(
        uploaded_file=upload, institution=surabaya, actor=operator, dry_run=True, strict=False
    )
    assert job.status == ImportStatus.FAILED
    client.force_login(operator)
    page = client.get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert "error-box" in page
    assert "0 problems" not in page and "No problem found." not in page
    assert 'aria-labelledby="problems"' not in page


def _listed(client, user, job_pk):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("people:list"), {"impor": job_pk})
    assert response.status_code == 200
    return sorted(e.nip for e in response.context["employees"])


def test_the_list_narrows_to_the_rows_an_import_created_or_updated(  # type: ignore[no-untyped-def]
    client, tmp_path, surabaya, sleman
):
    run(write_csv(tmp_path, [person(1), person(2)], name="first.csv"), surabaya)
    run(write_csv(tmp_path, [person(5)], name="sleman.csv"), sleman)
    operator = make_user(Role.OPERATOR, surabaya.code)
    rows = [person(3), person(1, Golongan="III/c"), person(2), person(5)]  # 5: a transfer
    check = _job(surabaya, operator, rows)
    real = import_job_confirm(job=check, actor=operator)
    assert (real.result["created"], real.result["updated"]) == (1, 1)
    assert _listed(client, operator, real.pk) == sorted([rows[0]["NIP"], rows[1]["NIP"]])
    # The page links to it.
    page = client.get(reverse("people:import-job", args=[real.pk])).content.decode()
    assert f"?impor={real.pk}" in page
    # A dry run touched nobody; another institution's operator learns nothing of the job.
    assert _listed(client, operator, check.pk) == []
    assert _listed(client, make_user(Role.OPERATOR, sleman.code), real.pk) == []
    assert Employee.objects.filter(nip=rows[3]["NIP"], institution=sleman).exists()


def test_an_unknown_or_malformed_import_lists_nobody(client, surabaya):  # type: ignore[no-untyped-def]
    operator = make_user(Role.OPERATOR, surabaya.code)
    assert _listed(client, operator, 999_999) == []
    client.force_login(operator)
    assert client.get(reverse("people:list"), {"impor": "x"}).status_code == 200


def test_values_are_shown_in_the_readers_language():  # type: ignore[no-untyped-def]
    from tangguh.people.views.import_preview import _value

    assert _value("birth_date", "1985-07-15") == "15 July 1985"
    assert _value("sex", "F") == "Female"
    assert _value("employment_status", ["PPPK", "active"]) == "PPPK · Active"
    assert _value("rank", None) == "—"
