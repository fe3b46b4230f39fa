"""Factories for competencies. Shared by every test of the domain: add, do not change.

The national dictionary (M.01–M.08, S.01, P.01), the assessment methods and the
national default standards per tier are shipped by the migrations: look them up
(:func:`competency`, :func:`method`), do not create them.
"""

from datetime import date, timedelta

import factory

from tangguh.competencies.models import (
    Assessment,
    AssessmentMethod,
    Competency,
    CompetencyKind,
    DevelopmentPlan,
    Framework,
    FrameworkVersion,
    PlanItem,
    StandardItem,
    VersionStatus,
)
from tangguh.people.models import PositionKind
from tests.people.factories import EmployeeFactory, PositionFactory


def _institution(code: str = "35.78"):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code=code)


def competency(code: str) -> Competency:
    """The national dictionary's competency in force ("M.01" … "M.08", "S.01", "P.01")."""
    return Competency.objects.get(
        code=code, version__framework__owner__isnull=True, version__status=VersionStatus.PUBLISHED
    )


def method(code: str) -> AssessmentMethod:
    """A shipped method: "assessment-centre", "competency-test", "certification", "360",
    "supervisor", "self"."""
    return AssessmentMethod.objects.get(code=code)


def own_framework(institution_code: str = "35.78") -> Framework:
    framework, _ = Framework.objects.get_or_create(owner=_institution(institution_code))
    return framework


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    """A published version of Surabaya's own (technical) dictionary."""

    class Meta:
        model = FrameworkVersion

    framework = factory.LazyFunction(own_framework)
    number = factory.Sequence(lambda n: n + 1)
    status = VersionStatus.PUBLISHED


class TechnicalCompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"T.{n + 1:02d}")
    kind = CompetencyKind.TECHNICAL
    name = factory.Sequence(lambda n: f"Pengelolaan Arsip {n}")
    name_en = factory.Sequence(lambda n: f"Records management {n}")


class AdministratorPositionFactory(PositionFactory):
    """An administrator's position (tier "administrator": level 3 of M.01–M.08, S.01)."""

    name = factory.Sequence(lambda n: f"Kepala Bidang Pelayanan {n}")
    kind = PositionKind.ADMINISTRATOR


class PositionItemFactory(factory.django.DjangoModelFactory):
    """One position's own required level."""

    class Meta:
        model = StandardItem

    position = factory.SubFactory(AdministratorPositionFactory)
    institution = factory.LazyAttribute(lambda o: o.position.institution)
    competency = factory.LazyFunction(lambda: competency("P.01"))
    code = factory.LazyAttribute(lambda o: o.competency.code)
    required_level = 3


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A valid assessment-centre result, level 2 in M.01, written straight to the table:
    call ``tangguh.competencies.profile.refresh([employee.pk])`` to see it in the profile."""

    class Meta:
        model = Assessment

    employee = factory.SubFactory(
        EmployeeFactory, position=factory.SubFactory(AdministratorPositionFactory)
    )
    nip = factory.LazyAttribute(lambda o: o.employee.nip)
    institution = factory.LazyAttribute(lambda o: o.employee.institution)
    competency = factory.LazyFunction(lambda: competency("M.01"))
    code = factory.LazyAttribute(lambda o: o.competency.code)
    level = 2
    assessed_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    method = factory.LazyFunction(lambda: method("assessment-centre"))
    assessor_nip = "196608011988031001"
    assessor_name = "Asesor Pusat"
    source = "test"


class DevelopmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentPlan

    employee = factory.SubFactory(EmployeeFactory)
    nip = factory.LazyAttribute(lambda o: o.employee.nip)
    institution = factory.LazyAttribute(lambda o: o.employee.institution)
    year = factory.LazyFunction(lambda: date.today().year)


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(DevelopmentPlanFactory)
    competency = factory.LazyFunction(lambda: competency("M.05"))
    code = factory.LazyAttribute(lambda o: o.competency.code if o.competency else "")
    target_level = 2
    activity = "Bimtek Pelayanan Publik"
    jp = 24
    cost = 1500000
