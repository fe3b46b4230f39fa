"""Every read of personal data by staff writes one audit entry: who, which query, how many, whose."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import TransferRequest
from tests.people.factories import EmployeeFactory
from tests.people.test_views_permissions import dry_run, new_nip, row
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def only(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def nips_of(entry: AuditEntry) -> set[str]:
    return set(entry.subjects.values_list("nip", flat=True))


def content(response: Any) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def operator(surabaya):  # type: ignore[no-untyped-def]
    return make_user(Role.OPERATOR, "35.78")


@pytest.fixture
def people(surabaya):  # type: ignore[no-untyped-def]
    return [EmployeeFactory(institution=surabaya, full_name=f"Budi Nomor {i}") for i in range(3)]


# --- the register ----------------------------------------------------------------


def test_list_page_records_the_page_shown_and_its_query(operator, people, surabaya):  # type: ignore[no-untyped-def]
    EmployeeFactory(institution=surabaya, full_name="Siti Lain")
    response = client_for(operator).get(reverse("people:list"), {"q": "Budi", "status": "active"})
    assert response.status_code == 200
    entry = only("people.employee.list")
    assert entry.actor == operator and entry.institution == surabaya
    assert entry.people_count == 3 and nips_of(entry) == {p.nip for p in people}
    assert entry.query["via"] == "web" and entry.query["path"] == reverse("people:list")
    assert entry.query["params"] == {"q": "Budi", "status": "active"}


def test_live_search_partial_records_each_request(operator, people):  # type: ignore[no-untyped-def]
    client = client_for(operator)
    for text in ("Bu", "Budi Nomor 1"):
        response = client.get(reverse("people:list"), {"q": text}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert b"<html" not in response.content  # the partial, not the page
    entries = list(AuditEntry.objects.filter(action="people.employee.list").order_by("id"))
    assert [e.query["params"]["q"] for e in entries] == ["Bu", "Budi Nomor 1"]
    assert [e.people_count for e in entries] == [3, 1]
    assert nips_of(entries[1]) == {people[1].nip}


def test_empty_search_is_recorded_too(operator, people):  # type: ignore[no-untyped-def]
    client_for(operator).get(reverse("people:list"), {"q": "199001"})
    entry = only("people.employee.list")
    assert entry.people_count == 0 and entry.query["params"] == {"q": "199001"}


def test_person_page_records_one_nip(operator, people):  # type: ignore[no-untyped-def]
    client_for(operator).get(reverse("people:detail", args=[people[0].pk]))
    entry = only("people.employee.view")
    assert entry.people_count == 1 and nips_of(entry) == {people[0].nip}
    assert entry.query["path"] == reverse("people:detail", args=[people[0].pk])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_web_export_records_every_exported_nip(operator, people, surabaya, sleman, fmt):  # type: ignore[no-untyped-def]
    EmployeeFactory(institution=sleman)  # out of scope: neither exported nor named
    response = client_for(operator).get(reverse("people:export"), {"fmt": fmt})
    assert response.status_code == 200 and content(response)
    entry = only("people.export")
    assert entry.people_count == 3 and nips_of(entry) == {p.nip for p in people}
    assert entry.query["params"] == {"fmt": fmt} and entry.data["format"] == fmt


def test_cli_export_records_every_nip(tmp_path, people, surabaya):  # type: ignore[no-untyped-def]
    call_command(
        "employees", "export", "--institution", "35.78", "-o", str(tmp_path / "x.csv"),
        stdout=io.StringIO(),
    )  # fmt: skip
    entry = only("people.export")
    assert entry.actor is None and entry.query["via"] == "cli"
    assert entry.people_count == 3 and nips_of(entry) == {p.nip for p in people}


# --- the API -----------------------------------------------------------------------


def test_api_list_records_the_page_and_its_nips(operator, people):  # type: ignore[no-untyped-def]
    body = client_for(operator).get(reverse("api:employee-list"), {"page_size": 2}).json()
    shown = {r["nip"] for r in body["results"]}
    entry = only("people.employee.list")
    assert entry.query["via"] == "api" and entry.query["params"] == {"page_size": "2"}
    assert entry.people_count == 2 and nips_of(entry) == shown


@pytest.mark.parametrize("name", ["api:employee-detail", "api:employee-history"])
def test_api_detail_and_history_record_the_nip(operator, people, name):  # type: ignore[no-untyped-def]
    assert client_for(operator).get(reverse(name, args=[people[0].pk])).status_code == 200
    entry = only("people.employee.view")
    assert nips_of(entry) == {people[0].nip} and entry.query["path"] == reverse(
        name, args=[people[0].pk]
    )


def test_civil_servant_reading_their_own_record_is_not_recorded(surabaya):  # type: ignore[no-untyped-def]
    own = EmployeeFactory(institution=surabaya)
    client = client_for(make_user(Role.CIVIL_SERVANT, "35.78", nip=own.nip))
    assert client.get(reverse("api:employee-list")).json()["results"][0]["nip"] == own.nip
    assert client.get(reverse("api:employee-detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[own.pk])).status_code == 200
    assert not AuditEntry.objects.filter(action__startswith="people.employee").exists()


# --- transfers and import problems -----------------------------------------------


@pytest.fixture
def transfer(surabaya, jatim):  # type: ignore[no-untyped-def]
    nip = new_nip()
    EmployeeFactory(institution=surabaya, nip=nip)
    actor = make_user(Role.OPERATOR, "35")
    from tangguh.people import services

    services.import_job_confirm(
        job=dry_run(institution=jatim, actor=actor, rows=[row(nip)]), actor=actor
    )
    return TransferRequest.objects.get(employee__nip=nip)


@pytest.mark.parametrize("name", ["people:transfers", "api:transfer-list"])
def test_transfer_lists_record_the_nips_shown(transfer, name):  # type: ignore[no-untyped-def]
    admin = make_user(Role.INSTITUTION_ADMIN, "35.78")
    assert client_for(admin).get(reverse(name)).status_code == 200
    entry = only("people.transfer.list")
    assert entry.actor == admin and nips_of(entry) == {transfer.employee.nip}
    assert entry.people_count == 1


@pytest.fixture
def job_with_problems(operator, surabaya):  # type: ignore[no-untyped-def]
    return dry_run(
        institution=surabaya,
        actor=operator,
        rows=[row(new_nip()), row("1985"), row("1986", rank="X/z"), row(new_nip(), rank="IX/q")],
    )


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("people:import-errors", {}),
        ("api:import-errors", {"format": "xlsx"}),
        ("api:import-errors", {}),
    ],
    ids=["web", "api-xlsx", "api-json"],
)
def test_import_problem_reads_record_the_job_and_rows(operator, job_with_problems, name, params):  # type: ignore[no-untyped-def]
    response = client_for(operator).get(reverse(name, args=[job_with_problems.pk]), params)
    assert response.status_code == 200
    entry = only("people.import.errors")
    assert entry.target_id == str(job_with_problems.pk) and entry.actor == operator
    assert entry.people_count == 3  # three rejected rows, whatever their number of problems
    assert entry.query["path"] == reverse(name, args=[job_with_problems.pk])


def test_list_page_stays_within_its_query_budget(operator, people, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client = client_for(operator)
    client.get(reverse("people:list"))  # session and caches warm
    with django_assert_max_num_queries(12):
        assert client.get(reverse("people:list")).status_code == 200


def test_import_job_page_records_the_problems_it_lists(operator, job_with_problems):  # type: ignore[no-untyped-def]
    url = reverse("people:import-job", args=[job_with_problems.pk])
    assert client_for(operator).get(url).status_code == 200
    entry = only("people.import.errors")
    assert entry.target_id == str(job_with_problems.pk) and entry.people_count == 3
    assert entry.query["path"] == url
