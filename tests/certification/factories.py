"""Factories for certification. Shared by every test of the domain: add, do not change."""

from datetime import date, timedelta

import factory

from tangguh.certification.models import (
    AssessorLicence,
    Batch,
    BatchAssessor,
    BatchStatus,
    Certificate,
    IssuingBody,
    Participation,
    Recommendation,
    Scheme,
    SchemeUnit,
    SchemeVersion,
    UnitResult,
)
from tangguh.core.roles import Role
from tests.accounts.factories import UserFactory
from tests.people.factories import EmployeeFactory


def _institution(code: str):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code=code)


def _coordinator():  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(is_national_coordinator=True)


class IssuingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingBody
        django_get_or_create = ("code",)

    code = "lsp-pdn"
    name = "LSP Pemerintahan Dalam Negeri"
    name_en = "Home Affairs Government Certification Body"
    institution = factory.LazyFunction(_coordinator)
    url = "https://bpsdm.kemendagri.go.id/"


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    code = factory.Sequence(lambda n: f"skema-{n}")


class SchemeVersionFactory(factory.django.DjangoModelFactory):
    """A version with three units (``units=0`` for none)."""

    class Meta:
        model = SchemeVersion
        skip_postgeneration_save = True

    scheme = factory.SubFactory(SchemeFactory)
    version = 1
    name = factory.LazyAttribute(lambda o: f"Sertifikasi {o.scheme.code}")
    target_positions = factory.LazyFunction(lambda: ["Camat"])
    target_position_kinds = factory.LazyFunction(list)
    validity_years = 3
    issuing_body = factory.SubFactory(IssuingBodyFactory)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        count = 3 if extracted is None else extracted
        if create:
            for i in range(1, count + 1):
                SchemeUnit.objects.create(
                    version=self, order=i, code=f"U.{i:02d}", title=f"Unit kompetensi {i}"
                )


class SchemeUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemeUnit

    version = factory.SubFactory(SchemeVersionFactory, units=0)
    order = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"U.X{n:03d}")
    title = factory.Sequence(lambda n: f"Unit {n}")


class AssessorFactory(UserFactory):
    role = Role.ASSESSOR
    institution = factory.LazyFunction(lambda: _institution("35"))


class AssessorLicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessorLicence

    assessor = factory.SubFactory(AssessorFactory)
    institution = factory.LazyAttribute(lambda o: o.assessor.institution)
    scheme = factory.SubFactory(SchemeFactory)
    number = factory.Sequence(lambda n: f"LIS-{n:05d}")
    valid_from = date(2020, 1, 1)
    valid_until = factory.LazyFunction(lambda: date.today() + timedelta(days=3 * 365))


class BatchFactory(factory.django.DjangoModelFactory):
    """A batch of Jawa Timur (35) on a fresh scheme version, exam last month."""

    class Meta:
        model = Batch

    code = factory.Sequence(lambda n: f"UK-{n:05d}")
    scheme_version = factory.SubFactory(SchemeVersionFactory)
    scheme = factory.LazyAttribute(lambda o: o.scheme_version.scheme)
    organiser = factory.LazyFunction(lambda: _institution("35"))
    title = factory.LazyAttribute(lambda o: f"Uji {o.scheme_version.name}")
    exam_start = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    exam_end = factory.LazyAttribute(lambda o: o.exam_start + timedelta(days=1))
    place = "BPSDM Provinsi Jawa Timur, Surabaya"
    status = BatchStatus.ASSESSMENT


class BatchAssessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BatchAssessor

    batch = factory.SubFactory(BatchFactory)
    licence = factory.LazyAttribute(lambda o: AssessorLicenceFactory(scheme=o.batch.scheme))
    assessor = factory.LazyAttribute(lambda o: o.licence.assessor)


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A Kota Surabaya (35.78) civil servant in a batch."""

    class Meta:
        model = Participation

    batch = factory.SubFactory(BatchFactory)
    scheme = factory.LazyAttribute(lambda o: o.batch.scheme)
    employee = factory.SubFactory(EmployeeFactory)
    nip = factory.LazyAttribute(lambda o: o.employee.nip)
    holder_name = factory.LazyAttribute(lambda o: o.employee.full_name)
    institution = factory.LazyAttribute(lambda o: o.employee.institution)
    exam_date = factory.LazyAttribute(lambda o: o.batch.exam_start)


class UnitResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitResult

    participation = factory.SubFactory(ParticipationFactory)
    unit = factory.LazyAttribute(lambda o: o.participation.batch.scheme_version.units.first())
    assessor = factory.SubFactory(AssessorFactory)
    recommendation = Recommendation.COMPETENT


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row as stored (no signed credential: the services sign)."""

    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"SKP-TEST-2025-{n:05d}")
    participation = factory.SubFactory(ParticipationFactory)
    scheme = factory.LazyAttribute(lambda o: o.participation.scheme)
    scheme_version = factory.LazyAttribute(lambda o: o.participation.batch.scheme_version)
    issuing_body = factory.LazyAttribute(lambda o: o.scheme_version.issuing_body)
    employee = factory.LazyAttribute(lambda o: o.participation.employee)
    nip = factory.LazyAttribute(lambda o: o.employee.nip)
    holder_name = factory.LazyAttribute(lambda o: o.employee.full_name)
    institution = factory.LazyAttribute(lambda o: o.employee.institution)
    issued_on = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    expires_on = factory.LazyAttribute(lambda o: o.issued_on.replace(year=o.issued_on.year + 3))
