"""Every scheme, licence and batch page in a permission suite (tests/permissions.py and
tests/certification/national_suites.py): who gets it, who is refused, and what a write did."""

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

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
from tangguh.people.models import Position
from tests.certification.factories import (
    AssessorFactory,
    AssessorLicenceFactory,
    BatchAssessorFactory,
    BatchFactory,
    IssuingBodyFactory,
    ParticipationFactory,
    SchemeVersionFactory,
)
from tests.certification.national_suites import (
    NationalReadSuite,
    NationalWriteSuite,
    OrganiserWriteSuite,
)
from tests.people.factories import EmployeeFactory, PositionFactory
from tests.permissions import ListPermissionSuite, WritePermissionSuite


def _scheme() -> Any:
    return SchemeVersionFactory(name="Sertifikasi Kompetensi Camat").scheme


def _open_batch(organiser: str = "35", **extra: Any) -> Batch:
    values: dict[str, Any] = {
        "status": BatchStatus.OPEN,
        "exam_start": date.today() + timedelta(days=30),
        "organiser": Institution.objects.get(code=organiser),
    }
    values.update(extra)
    return BatchFactory(**values)


# --- schemes -------------------------------------------------------------------------


class TestSchemeList(NationalReadSuite):
    url_name = "certification:schemes"

    def make_object(self, institution: Any) -> Any:
        return _scheme()

    def marker(self, obj: Scheme) -> str:
        return obj.code.upper()


class TestSchemeDetail(NationalReadSuite):
    url_name = "certification:scheme"

    def make_object(self, institution: Any) -> Any:
        return _scheme()

    def url_kwargs(self, obj: Scheme) -> dict[str, Any]:
        return {"code": obj.code}

    def marker(self, obj: Scheme) -> str:
        return "Sertifikasi Kompetensi Camat"


UNITS_TEXT = "PEM.01 | Menyelenggarakan pemerintahan\nPEM.02 | Pelayanan publik"


def _version_post(**extra: Any) -> dict[str, Any]:
    data = {
        "name": "Sertifikasi Lurah",
        "target_positions": "Lurah",
        "validity_years": "3",
        "issuing_body": str(IssuingBodyFactory().pk),
        "units": UNITS_TEXT,
    }
    data.update(extra)
    return data


class TestSchemeCreate(NationalWriteSuite):
    url_name = "certification:scheme_create"

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(reverse(self.url_name), _version_post(code="lurah"))

    def state(self, obj: Any) -> Any:
        return list(Scheme.objects.values_list("code", flat=True))

    def location(self, obj: Any) -> str:
        return reverse("certification:scheme", args=["lurah"])


class TestSchemeVersionNew(NationalWriteSuite):
    url_name = "certification:scheme_version_new"

    def make_object(self, institution: Any) -> Any:
        return _scheme()

    def request(self, client: Any, obj: Scheme) -> Any:
        data = _version_post(validity_years="5", change_note="Lima tahun")
        return client.post(reverse(self.url_name, args=[obj.code]), data)

    def state(self, obj: Scheme) -> Any:
        return list(obj.versions.values_list("version", "validity_years"))

    def location(self, obj: Scheme) -> str:
        return reverse("certification:scheme", args=[obj.code])


class TestSchemeActive(NationalWriteSuite):
    url_name = "certification:scheme_active"

    def make_object(self, institution: Any) -> Any:
        return _scheme()

    def request(self, client: Any, obj: Scheme) -> Any:
        return client.post(reverse(self.url_name, args=[obj.code]), {"is_active": "0"})

    def state(self, obj: Scheme) -> Any:
        return Scheme.objects.get(pk=obj.pk).is_active

    def location(self, obj: Scheme) -> str:
        return reverse("certification:scheme", args=[obj.code])


# --- licences ------------------------------------------------------------------------


class TestLicenceList(ListPermissionSuite):
    """A licence is read in the assessor's institution's tree (and nationally)."""

    url_name = "certification:licences"

    def make_object(self, institution: Any) -> Any:
        return AssessorLicenceFactory(
            assessor=AssessorFactory(institution=institution), number="LIS-SBY-001"
        )

    def marker(self, obj: AssessorLicence) -> str:
        return obj.number


class TestLicenceGrant(NationalWriteSuite):
    url_name = "certification:licence_grant"

    def make_object(self, institution: Any) -> Any:
        return AssessorFactory(), _scheme()

    def request(self, client: Any, obj: Any) -> Any:
        assessor, scheme = obj
        data = {
            "assessor": assessor.pk,
            "scheme": scheme.pk,
            "number": "LIS-NEW-1",
            "valid_from": "2025-01-01",
            "valid_until": "2028-12-31",
        }
        return client.post(reverse(self.url_name), data)

    def state(self, obj: Any) -> Any:
        return list(AssessorLicence.objects.values_list("number", flat=True))

    def location(self, obj: Any) -> str:
        return reverse("certification:licences")


class TestLicenceRevoke(NationalWriteSuite):
    url_name = "certification:licence_revoke"

    def make_object(self, institution: Any) -> Any:
        return AssessorLicenceFactory()

    def request(self, client: Any, obj: AssessorLicence) -> Any:
        return client.post(reverse(self.url_name, args=[obj.pk]), {"reason": "Kode etik"})

    def state(self, obj: AssessorLicence) -> Any:
        return AssessorLicence.objects.get(pk=obj.pk).revoked_at

    def location(self, obj: AssessorLicence) -> str:
        return reverse("certification:licences")


# --- batches -------------------------------------------------------------------------


class TestBatchList(NationalReadSuite):
    """Every staff role reads the batch catalogue: any institution may nominate."""

    url_name = "certification:batches"

    def make_object(self, institution: Any) -> Any:
        return _open_batch(title="Uji Kompetensi Camat Angkatan I")

    def marker(self, obj: Batch) -> str:
        return obj.code


class TestBatchDetail(NationalReadSuite):
    url_name = "certification:batch"

    def make_object(self, institution: Any) -> Any:
        return _open_batch()

    def url_kwargs(self, obj: Batch) -> dict[str, Any]:
        return {"pk": obj.pk}

    def marker(self, obj: Batch) -> str:
        return obj.place


class TestBatchCreate(OrganiserWriteSuite):
    url_name = "certification:batch_create"

    def make_object(self, institution: Any) -> Any:
        return _scheme()

    def request(self, client: Any, obj: Scheme) -> Any:
        data = {
            "scheme": obj.pk,
            "organiser": Institution.objects.get(code="35").pk,
            "exam_start": "2026-03-02",
            "exam_end": "2026-03-03",
            "place": "BPSDM Jawa Timur",
        }
        return client.post(reverse(self.url_name), data)

    def state(self, obj: Any) -> Any:
        return list(Batch.objects.values_list("code", flat=True))

    def location(self, obj: Any) -> str:
        return reverse("certification:batch", args=[Batch.objects.get().pk])


class TestBatchEdit(OrganiserWriteSuite):
    url_name = "certification:batch_edit"

    def make_object(self, institution: Any) -> Any:
        return _open_batch()

    def request(self, client: Any, obj: Batch) -> Any:
        data = {
            "title": "Angkatan II",
            "exam_start": obj.exam_start.isoformat(),
            "exam_end": obj.exam_end.isoformat(),
            "place": obj.place,
            "status": "assessment",
        }
        return client.post(reverse(self.url_name, args=[obj.pk]), data)

    def state(self, obj: Batch) -> Any:
        return Batch.objects.values_list("title", "status").get(pk=obj.pk)

    def location(self, obj: Batch) -> str:
        return reverse("certification:batch", args=[obj.pk])


class TestBatchAssessorAdd(OrganiserWriteSuite):
    url_name = "certification:batch_assessor_add"

    def make_object(self, institution: Any) -> Any:
        batch = _open_batch()
        return batch, AssessorLicenceFactory(scheme=batch.scheme).assessor

    def request(self, client: Any, obj: Any) -> Any:
        batch, assessor = obj
        return client.post(reverse(self.url_name, args=[batch.pk]), {"assessor": assessor.pk})

    def state(self, obj: Any) -> Any:
        return list(BatchAssessor.objects.filter(batch=obj[0]).values_list("assessor", flat=True))

    def location(self, obj: Any) -> str:
        return reverse("certification:batch", args=[obj[0].pk]) + "#assessors"


class TestBatchAssessorRemove(OrganiserWriteSuite):
    url_name = "certification:batch_assessor_remove"

    def make_object(self, institution: Any) -> Any:
        return BatchAssessorFactory(batch=_open_batch())

    def request(self, client: Any, obj: BatchAssessor) -> Any:
        return client.post(reverse(self.url_name, args=[obj.batch_id, obj.pk]))

    def state(self, obj: BatchAssessor) -> Any:
        return BatchAssessor.objects.filter(pk=obj.pk).exists()

    def location(self, obj: BatchAssessor) -> str:
        return reverse("certification:batch", args=[obj.batch_id]) + "#assessors"


def camat(institution: Any) -> Any:
    position = Position.objects.filter(
        institution=institution, name="Camat Wonokromo"
    ).first() or PositionFactory(institution=institution, name="Camat Wonokromo")
    return EmployeeFactory(institution=institution, position=position)


class TestNominate(WritePermissionSuite):
    """Nominating is done by the person's own institution: Sleman cannot, nor can the
    province above Surabaya (it nominates its own staff only)."""

    url_name = "certification:batch_nominate"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return _open_batch(), camat(institution)

    def request(self, client: Any, obj: Any) -> Any:
        batch, person = obj
        return client.post(
            reverse(self.url_name, args=[batch.pk]), {"employee": person.pk, "confirmed": "1"}
        )

    def state(self, obj: Any) -> Any:
        return list(Participation.objects.filter(batch=obj[0]).values_list("nip", "status"))

    def location(self, obj: Any) -> str:
        return reverse(self.url_name, args=[obj[0].pk])


class TestParticipantWithdraw(WritePermissionSuite):
    """The nominating institution withdraws (here the batch is the national coordinator's,
    so the province above Surabaya is neither side)."""

    url_name = "certification:participant_withdraw"
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        batch = _open_batch(organiser="K.09")
        return ParticipationFactory(batch=batch, employee=camat(institution))

    def request(self, client: Any, obj: Participation) -> Any:
        return client.post(reverse(self.url_name, args=[obj.pk]), {"reason": "Sakit"})

    def state(self, obj: Participation) -> Any:
        return Participation.objects.get(pk=obj.pk).status

    def location(self, obj: Participation) -> str:
        return reverse("certification:batch", args=[obj.batch_id])


class TestParticipantExamDate(OrganiserWriteSuite):
    """The organiser (Jawa Timur) sets the day; the nominating regency does not."""

    url_name = "certification:participant_exam_date"

    def make_object(self, institution: Any) -> Any:
        start = date.today() + timedelta(days=30)
        batch = _open_batch(exam_start=start, exam_end=start + timedelta(days=2))
        return ParticipationFactory(batch=batch)

    def request(self, client: Any, obj: Participation) -> Any:
        day = obj.batch.exam_start + timedelta(days=1)
        return client.post(reverse(self.url_name, args=[obj.pk]), {"exam_date": day.isoformat()})

    def state(self, obj: Participation) -> Any:
        return Participation.objects.get(pk=obj.pk).exam_date

    def location(self, obj: Participation) -> str:
        return reverse("certification:batch", args=[obj.batch_id]) + "#participants"
