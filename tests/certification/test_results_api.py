"""The results API: permission suites for every endpoint, and what each says and refuses."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tangguh.certification.models import Outcome, Participation, UnitResult
from tangguh.certification.services_results import unit_result_record
from tangguh.core.roles import Role
from tests.permissions import (
    LoginRequiredSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

from .factories import BatchAssessorFactory, ParticipationFactory
from .results_helpers import english  # noqa: F401  autouse
from .test_results_views_permissions import _organised_by, _results


def _assessor(p: Participation) -> Any:
    return p.batch.batch_assessors.order_by("pk").first().assessor


class TestBatchResultsRead(ObjectPermissionSuite):
    url_name = "api:certification-batch-results"
    is_api = True
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return ParticipationFactory(institution=institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id}


class _ApiWrite(WritePermissionSuite):
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return _organised_by(institution)

    def state(self, obj: Any) -> Any:
        return _results(obj)


class TestBatchResultsRecord(_ApiWrite):
    url_name = "api:certification-batch-results"
    ok_status = (201,)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id}

    def request(self, client: Any, obj: Any) -> Any:
        data = {"nip": obj.nip, "unit": "U.01", "recommendation": "K",
                "assessor": _assessor(obj).username}  # fmt: skip
        return client.post(self.url(obj), data, content_type="application/json")


class TestBatchResultsImport(_ApiWrite):
    url_name = "api:certification-batch-results-import"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id}

    def request(self, client: Any, obj: Any) -> Any:
        text = f"NIP,Kode Unit,Rekomendasi,Asesor\n{obj.nip},U.02,BK,{_assessor(obj).username}\n"
        upload = io.BytesIO(text.encode())
        upload.name = "hasil.csv"
        return client.post(self.url(obj), {"file": upload})


class TestPlenaryDecideApi(_ApiWrite):
    url_name = "api:certification-plenary-decide"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Any) -> Any:
        data = {"outcome": "not_certified", "decided_on": date.today().isoformat()}
        return client.post(self.url(obj), data, content_type="application/json")

    def state(self, obj: Any) -> Any:
        return Participation.objects.filter(pk=obj.pk).values_list("outcome", "decided_on").get()


class TestMyParticipationsApi(LoginRequiredSuite):
    url_name = "api:certification-my-participations"
    is_api = True


# --- behaviour -------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_assessor_records_through_the_api_and_reads_the_batch():  # type: ignore[no-untyped-def]
    assigned = BatchAssessorFactory()
    p = ParticipationFactory(batch=assigned.batch)
    client = client_for(assigned.assessor)
    url = reverse("api:certification-batch-results", kwargs={"pk": p.batch_id})
    answer = client.post(
        url, {"nip": p.nip, "unit": "U.01", "recommendation": "BK", "notes": "Kurang"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 201, answer.json()
    assert answer.json()["assessor"] == assigned.assessor.username
    rows = client.get(url).json()
    assert [(r["nip"], [x["recommendation"] for x in r["results"]]) for r in rows] == [
        (p.nip, ["BK"])
    ]


@pytest.mark.django_db
def test_the_api_names_the_field_of_an_unknown_unit_or_participant():  # type: ignore[no-untyped-def]
    assigned = BatchAssessorFactory()
    p = ParticipationFactory(batch=assigned.batch)
    client = client_for(assigned.assessor)
    url = reverse("api:certification-batch-results", kwargs={"pk": p.batch_id})
    answer = client.post(
        url, {"nip": "199001012020121001", "unit": "U.99", "recommendation": "K"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 400
    fields = {e.get("field") for e in answer.json().get("errors", [])}
    assert {"nip", "unit"} <= fields, answer.json()
    assert not UnitResult.objects.exists()


@pytest.mark.django_db
def test_the_participants_own_assessor_is_refused_the_plenary_with_the_sentence():  # type: ignore[no-untyped-def]
    assigned = BatchAssessorFactory()
    p = ParticipationFactory(batch=assigned.batch)
    for unit in p.batch.scheme_version.units.all():
        unit_result_record(participation=p, unit=unit, recommendation="K", actor=assigned.assessor)
    url = reverse("api:certification-plenary-decide", kwargs={"pk": p.pk})
    client = client_for(assigned.assessor)
    client.cookies["django_language"] = "en"
    answer = client.post(
        url, {"outcome": "certified", "decided_on": date.today().isoformat()},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 400
    assert answer.json()["code"] == "own_participant"
    assert answer.json()["detail"] == (
        "You assessed this participant; the plenary decision must be recorded by someone else."
    )
    assert Participation.objects.get(pk=p.pk).outcome == Outcome.PENDING


@pytest.mark.django_db
def test_an_import_through_the_api_reports_rows_and_writes_nothing_when_strict():  # type: ignore[no-untyped-def]
    assigned = BatchAssessorFactory()
    p = ParticipationFactory(batch=assigned.batch)
    upload = io.BytesIO(f"NIP;Kode Unit;Rekomendasi\n{p.nip};U.01;K\n{p.nip};U.02;XX\n".encode())
    upload.name = "hasil.csv"
    url = reverse("api:certification-batch-results-import", kwargs={"pk": p.batch_id})
    answer = client_for(assigned.assessor).post(url, {"file": upload})
    body = answer.json()
    assert answer.status_code == 200 and body["file_rejected"] is True
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(3, "Rekomendasi")]
    assert not UnitResult.objects.exists()


@pytest.mark.django_db
def test_my_participations_show_results_only_once_decided():  # type: ignore[no-untyped-def]
    assigned = BatchAssessorFactory()
    p = ParticipationFactory(batch=assigned.batch)
    unit_result_record(
        participation=p, unit=p.batch.scheme_version.units.first(), recommendation="K",
        actor=assigned.assessor,
    )  # fmt: skip
    me = make_user(Role.CIVIL_SERVANT, nip=p.nip)
    url = reverse("api:certification-my-participations")
    (row,) = client_for(me).get(url).json()
    assert (row["outcome"], row["results"]) == ("pending", [])
    Participation.objects.filter(pk=p.pk).update(
        outcome=Outcome.NOT_CERTIFIED, decided_on=date.today()
    )
    (row,) = client_for(me).get(url).json()
    assert [r["recommendation"] for r in row["results"]] == ["K", None, None]
    assert client_for(make_user(Role.CIVIL_SERVANT, nip="")).get(url).json() == []
