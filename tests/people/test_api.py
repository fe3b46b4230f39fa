"""Behaviour of the register's API: list and filters, create, history, imports, transfers."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import Employee, ImportJob, TransferStatus
from tests.people.factories import EmployeeFactory
from tests.people.test_views import pending_transfer  # noqa: F401  (fixture)
from tests.people.test_views_permissions import csv_upload, new_nip, row
from tests.permissions import client_for as _client_for
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


def client_for(user):  # type: ignore[no-untyped-def]
    """A signed-in client reading English, the language of the msgids asserted here."""
    client = _client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def api(surabaya):  # type: ignore[no-untyped-def]
    return client_for(make_user(Role.OPERATOR, "35.78"))


def test_list_is_scoped_filtered_and_cursor_paginated(api, surabaya, sleman):  # type: ignore[no-untyped-def]
    mine = [EmployeeFactory(institution=surabaya, status="active") for _ in range(3)]
    EmployeeFactory(institution=surabaya, status="retired")
    theirs = EmployeeFactory(institution=sleman)
    body = api.get(reverse("api:employee-list"), {"status": "active", "page_size": 2}).json()
    assert "count" not in body  # no COUNT(*) over millions of rows
    first = [e["nip"] for e in body["results"]]
    assert len(first) == 2 and body["next"]
    second = api.get(body["next"]).json()
    nips = first + [e["nip"] for e in second["results"]]
    assert sorted(nips) == sorted(e.nip for e in mine)
    assert theirs.nip not in nips
    assert body["results"][0]["nip_display"].count(" ") == 3


def test_list_searches_by_nip_prefix(api, surabaya):  # type: ignore[no-untyped-def]
    a = EmployeeFactory(institution=surabaya, nip="197001011995032001")
    EmployeeFactory(institution=surabaya, nip="198002022005011002")
    body = api.get(reverse("api:employee-list"), {"q": "1970"}).json()
    assert [e["nip"] for e in body["results"]] == [a.nip]


def test_bad_filter_is_a_400_with_the_field(api):  # type: ignore[no-untyped-def]
    response = api.get(reverse("api:employee-list"), {"status": "sleeping"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"


def test_create_checks_the_nip_and_records_audit(api, surabaya):  # type: ignore[no-untyped-def]
    nip = new_nip()
    response = api.post(
        reverse("api:employee-list"),
        {
            "nip": f"'{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}",
            "full_name": "Maya Sari",
            "rank": "III/a",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["nip"] == nip and body["sex"] == "F" and body["birth_date"] == "1985-07-12"
    person = Employee.objects.get(nip=nip)
    assert person.institution == surabaya and person.period_start is None  # no TMT given
    assert person.period_source == "api" and not person.history.exists()
    assert AuditEntry.objects.filter(
        action="people.employee.create", target_id=str(person.pk)
    ).exists()


def test_create_refuses_a_nip_in_scientific_notation(api):  # type: ignore[no-untyped-def]
    response = api.post(
        reverse("api:employee-list"),
        {"nip": "1.98507E+17", "full_name": "Maya Sari"},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert (
        body["errors"][0]["field"] == "nip"
        and "scientific notation" in body["errors"][0]["message"]
    )


def test_create_twice_is_a_conflict(api):  # type: ignore[no-untyped-def]
    data = {"nip": new_nip(), "full_name": "Maya Sari"}
    assert (
        api.post(reverse("api:employee-list"), data, content_type="application/json").status_code
        == 201
    )
    assert (
        api.post(reverse("api:employee-list"), data, content_type="application/json").status_code
        == 409
    )


def test_create_in_another_institution_is_404(api):  # type: ignore[no-untyped-def]
    data = {"nip": new_nip(), "full_name": "Maya Sari", "institution": "34.04"}
    assert (
        api.post(reverse("api:employee-list"), data, content_type="application/json").status_code
        == 404
    )


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.AUDITOR, Role.CIVIL_SERVANT])
def test_roles_without_add_cannot_create(role):  # type: ignore[no-untyped-def]
    client = client_for(make_user(role, "35.78"))
    data = {"nip": new_nip(), "full_name": "Maya Sari"}
    assert (
        client.post(reverse("api:employee-list"), data, content_type="application/json").status_code
        == 403
    )


def test_detail_and_history_are_audited(api, surabaya):  # type: ignore[no-untyped-def]
    e = EmployeeFactory(institution=surabaya)
    assert api.get(reverse("api:employee-detail", args=[e.pk])).json()["nip"] == e.nip
    assert isinstance(api.get(reverse("api:employee-history", args=[e.pk])).json(), list)
    assert (
        AuditEntry.objects.filter(action="people.employee.view", target_id=str(e.pk)).count() == 2
    )


def test_import_upload_poll_errors_and_confirm(api, surabaya):  # type: ignore[no-untyped-def]
    good, bad = new_nip(), "1985071220100120"  # 16 digits
    upload = csv_upload([row(good), row(bad)])
    response = api.post(reverse("api:import-create"), {"file": upload, "dry_run": "true"})
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["dry_run"] is True and job["institution_code"] == "35.78"

    polled = api.get(reverse("api:import-detail", args=[job["id"]])).json()
    assert polled["status"] == "done" and polled["result"]["created"] == 1

    errors = api.get(reverse("api:import-errors", args=[job["id"]])).json()
    assert errors["results"][0]["row"] == 3 and errors["results"][0]["value"] == bad
    report = api.get(reverse("api:import-errors", args=[job["id"]]), {"format": "xlsx"})
    assert report.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(report.getvalue())).active  # a stored file
    assert any(bad in [str(v) for v in r] for r in sheet.iter_rows(values_only=True))

    confirmed = api.post(reverse("api:import-confirm", args=[job["id"]]))
    assert confirmed.status_code == 202
    assert confirmed.json()["dry_run"] is False
    assert Employee.objects.filter(nip=good).exists()


def test_import_upload_refuses_a_bad_file_clearly(api):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.post(reverse("api:import-create"), {"file": SimpleUploadedFile("x.csv", b"")})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"
    assert not ImportJob.objects.exists()


def test_transfer_confirm_by_the_right_admin_only(pending_transfer):  # type: ignore[no-untyped-def]  # noqa: F811
    url = reverse("api:transfer-confirm", args=[pending_transfer.pk])
    target = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    listed = target.get(reverse("api:transfer-list")).json()["results"]
    assert [t["id"] for t in listed] == [pending_transfer.pk]
    assert target.post(url).status_code == 403
    source = client_for(make_user(Role.INSTITUTION_ADMIN, "35.78"))
    response = source.post(url)
    assert response.status_code == 200 and response.json()["status"] == TransferStatus.CONFIRMED
