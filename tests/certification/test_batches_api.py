"""The API of schemes, licences, batches, assessors and nominations: a permission suite per
endpoint, and the refusals the pages give, as JSON with the sentence in ``detail``."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tangguh.certification.models import (
    AssessorLicence,
    Batch,
    BatchAssessor,
    BatchStatus,
    Participation,
    Scheme,
)
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tests.certification.factories import (
    AssessorFactory,
    AssessorLicenceFactory,
    BatchAssessorFactory,
    BatchFactory,
    CertificateFactory,
    IssuingBodyFactory,
    ParticipationFactory,
    SchemeVersionFactory,
)
from tests.certification.national_suites import (
    NationalReadSuite,
    NationalWriteSuite,
    OrganiserWriteSuite,
    SignedInReadSuite,
)
from tests.certification.test_schemes_permissions import camat
from tests.permissions import (
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _scheme() -> Scheme:
    return SchemeVersionFactory(name="Sertifikasi Kompetensi Camat").scheme


def _open_batch(organiser: str = "35", **extra: Any) -> Batch:
    values: dict[str, Any] = {
        "status": BatchStatus.OPEN,
        "exam_start": date.today() + timedelta(days=30),
        "organiser": Institution.objects.get(code=organiser),
    }
    values.update(extra)
    return BatchFactory(**values)


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type=JSON)


UNITS = [{"code": "L.01", "title": "Administrasi kelurahan"}, {"code": "L.02", "title": "Layanan"}]


# --- schemes and licences ------------------------------------------------------------


class TestSchemesAPI(SignedInReadSuite):
    url_name = "api:certification-schemes"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return _scheme()

    def marker(self, obj: Scheme) -> str:
        return f'"code":"{obj.code}"'


class TestSchemeAPI(SignedInReadSuite):
    url_name = "api:certification-scheme"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return _scheme()

    def url_kwargs(self, obj: Scheme) -> dict[str, Any]:
        return {"code": obj.code}

    def marker(self, obj: Scheme) -> str:
        return "Sertifikasi Kompetensi Camat"


class TestSchemeCreateAPI(NationalWriteSuite):
    url_name = "api:certification-schemes"
    is_api = True
    ok_status = (201,)

    def request(self, client: Client, obj: Any) -> Any:
        body = {
            "code": "lurah",
            "name": "Sertifikasi Lurah",
            "target_positions": ["Lurah"],
            "validity_years": 3,
            "issuing_body": IssuingBodyFactory().code,
            "units": UNITS,
        }
        return _post(client, reverse(self.url_name), body)

    def state(self, obj: Any) -> Any:
        return list(Scheme.objects.values_list("code", flat=True))


class TestSchemeVersionsAPI(NationalWriteSuite):
    url_name = "api:certification-scheme-versions"
    is_api = True
    ok_status = (201,)

    def make_object(self, institution: Any) -> Any:
        return _scheme()

    def request(self, client: Client, obj: Scheme) -> Any:
        url = reverse(self.url_name, args=[obj.code])
        return _post(client, url, {"validity_years": 5, "change_note": "Lima tahun"})

    def state(self, obj: Scheme) -> Any:
        return list(obj.versions.values_list("version", "validity_years"))


class TestLicencesAPI(ListPermissionSuite):
    url_name = "api:certification-licences"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return AssessorLicenceFactory(
            assessor=AssessorFactory(institution=institution), number="LIS-API-001"
        )

    def marker(self, obj: AssessorLicence) -> str:
        return obj.number


class TestLicenceRevokeAPI(NationalWriteSuite):
    url_name = "api:certification-licence-revoke"
    is_api = True
    ok_status = (200,)

    def make_object(self, institution: Any) -> Any:
        return AssessorLicenceFactory()

    def request(self, client: Client, obj: AssessorLicence) -> Any:
        return _post(client, reverse(self.url_name, args=[obj.pk]), {"reason": "Kode etik"})

    def state(self, obj: AssessorLicence) -> Any:
        return AssessorLicence.objects.get(pk=obj.pk).revoked_at


def test_licence_grant_through_the_api_and_refused_outside():
    assessor, scheme = AssessorFactory(), _scheme()
    body = {
        "assessor": assessor.username,
        "scheme": scheme.code,
        "number": "LIS-API-9",
        "valid_from": "2025-01-01",
        "valid_until": "2027-12-31",
    }
    url = reverse("api:certification-licences")
    refused = _post(client_for(make_user(Role.INSTITUTION_ADMIN, "35")), url, body)
    assert refused.status_code == 403 and not AssessorLicence.objects.exists()
    done = _post(client_for(make_user(Role.NATIONAL_ADMIN, "K.09")), url, body)
    assert done.status_code == 201 and done.json()["state"] == "valid"
    again = _post(client_for(make_user(Role.NATIONAL_ADMIN, "K.09")), url, body)
    assert again.status_code == 409 and AssessorLicence.objects.count() == 1


def test_scheme_create_refusal_names_the_field():
    body = {
        "code": "lurah",
        "name": "Sertifikasi Lurah",
        "target_positions": [],
        "validity_years": 3,
        "issuing_body": IssuingBodyFactory().code,
        "units": UNITS,
    }
    with translation.override("en"):
        response = _post(
            client_for(make_user(Role.NATIONAL_ADMIN, "K.09")),
            reverse("api:certification-schemes"),
            body,
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "target_positions"
    assert not Scheme.objects.exists()


# --- batches -------------------------------------------------------------------------


class TestBatchesAPI(NationalReadSuite):
    url_name = "api:certification-batches"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return _open_batch()

    def marker(self, obj: Batch) -> str:
        return obj.code


class TestBatchAPI(NationalReadSuite):
    url_name = "api:certification-batch"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return BatchAssessorFactory(batch=_open_batch()).batch

    def url_kwargs(self, obj: Batch) -> dict[str, Any]:
        return {"pk": obj.pk}

    def marker(self, obj: Batch) -> str:
        return obj.batch_assessors.get().licence.number


class TestBatchAssessorsAPI(OrganiserWriteSuite):
    url_name = "api:certification-batch-assessors"
    is_api = True
    ok_status = (201,)

    def make_object(self, institution: Any) -> Any:
        batch = _open_batch()
        return batch, AssessorLicenceFactory(scheme=batch.scheme).assessor

    def request(self, client: Client, obj: Any) -> Any:
        batch, assessor = obj
        url = reverse(self.url_name, args=[batch.pk])
        return _post(client, url, {"assessor": assessor.username})

    def state(self, obj: Any) -> Any:
        return list(BatchAssessor.objects.filter(batch=obj[0]).values_list("assessor", flat=True))


class TestBatchAssessorAPI(OrganiserWriteSuite):
    url_name = "api:certification-batch-assessor"
    is_api = True
    method = "delete"
    ok_status = (204,)

    def make_object(self, institution: Any) -> Any:
        return BatchAssessorFactory(batch=_open_batch())

    def request(self, client: Client, obj: BatchAssessor) -> Any:
        return client.delete(reverse(self.url_name, args=[obj.batch_id, obj.pk]))

    def state(self, obj: BatchAssessor) -> Any:
        return BatchAssessor.objects.filter(pk=obj.pk).exists()


class TestBatchParticipantsAPI(WritePermissionSuite):
    """Nominating through the API: the person's own institution only."""

    url_name = "api:certification-batch-participants"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR
    ok_status = (201,)

    def make_object(self, institution: Any) -> Any:
        return _open_batch(), camat(institution)

    def request(self, client: Client, obj: Any) -> Any:
        batch, person = obj
        return _post(client, reverse(self.url_name, args=[batch.pk]), {"nip": person.nip})

    def state(self, obj: Any) -> Any:
        return list(Participation.objects.filter(batch=obj[0]).values_list("nip", "status"))


class TestBatchEligibilityAPI(ObjectPermissionSuite):
    url_name = "api:certification-batch-eligibility"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return _open_batch(), camat(institution)

    def url(self, obj: Any) -> str:
        batch, person = obj
        return reverse(self.url_name, args=[batch.pk]) + f"?nip={person.nip}"


class TestParticipantWithdrawAPI(WritePermissionSuite):
    url_name = "api:certification-participant-withdraw"
    is_api = True
    ok_status = (200,)

    def make_object(self, institution: Any) -> Any:
        return ParticipationFactory(batch=_open_batch("K.09"), employee=camat(institution))

    def request(self, client: Client, obj: Participation) -> Any:
        return _post(client, reverse(self.url_name, args=[obj.pk]), {"reason": "Sakit"})

    def state(self, obj: Participation) -> Any:
        return Participation.objects.get(pk=obj.pk).status


def test_the_api_refuses_an_expired_licence_with_the_sentence():
    batch = _open_batch(exam_start=date(2026, 3, 2), exam_end=date(2026, 3, 3))
    licence = AssessorLicenceFactory(
        scheme=batch.scheme, number="LIS-0777", valid_until=date(2026, 2, 28)
    )
    response = _post(
        client_for(make_user(Role.OPERATOR, "35")),
        reverse("api:certification-batch-assessors", args=[batch.pk]),
        {"assessor": licence.assessor.username},
    )
    assert response.status_code == 400
    assert "LIS-0777" in response.json()["detail"]
    assert "28 Februari 2026" in response.json()["detail"]
    assert not BatchAssessor.objects.exists()


def test_the_api_refuses_the_wrong_position_and_asks_for_renewal():
    batch = _open_batch()
    surabaya = Institution.objects.get(code="35.78")
    wrong = camat(surabaya)
    wrong.position = type(wrong.position).objects.create(
        institution=surabaya, name="Sekretaris Camat Gubeng", kind="administrator"
    )
    wrong.save()
    client = client_for(make_user(Role.OPERATOR, "35.78"))
    url = reverse("api:certification-batch-participants", args=[batch.pk])
    check = client.get(
        reverse("api:certification-batch-eligibility", args=[batch.pk]), {"nip": wrong.nip}
    )
    assert check.status_code == 200 and check.json()["eligible"] is False
    refused = _post(client, url, {"nip": wrong.nip})
    assert refused.status_code == 400 and refused.json()["code"] == "not_eligible"
    assert "Sekretaris Camat Gubeng" in refused.json()["detail"]
    holder = camat(surabaya)
    earlier = ParticipationFactory(
        employee=holder, batch=BatchFactory(scheme_version=batch.scheme_version)
    )
    CertificateFactory(participation=earlier)
    asked = _post(client, url, {"nip": holder.nip})
    assert asked.status_code == 400 and asked.json()["code"] == "renewal_needs_confirmation"
    assert not batch.participations.exists()
    done = _post(client, url, {"nip": holder.nip, "renewal_ok": True})
    assert done.status_code == 201 and done.json()["institution_code"] == "35.78"
    listed = client.get(url).json()
    assert [p["nip"] for p in listed["results"]] == [holder.nip]


def test_a_regency_cannot_create_a_batch_and_a_province_can_then_change_it():
    version = SchemeVersionFactory()
    body = {
        "scheme": version.scheme.code,
        "organiser": "35.78",
        "exam_start": "2026-03-02",
        "place": "Surabaya",
    }
    url = reverse("api:certification-batches")
    regency = _post(client_for(make_user(Role.INSTITUTION_ADMIN, "35.78")), url, body)
    assert regency.status_code == 400 and not Batch.objects.exists()
    province = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    created = _post(province, url, {**body, "organiser": "35"})
    assert created.status_code == 201
    batch_url = reverse("api:certification-batch", args=[created.json()["id"]])
    changed = province.patch(batch_url, {"status": "assessment"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["status"] == "assessment"
    other = client_for(make_user(Role.INSTITUTION_ADMIN, "34"))
    assert other.patch(batch_url, {"status": "cancelled"}, content_type=JSON).status_code == 404
    assert Batch.objects.get().status == "assessment"
