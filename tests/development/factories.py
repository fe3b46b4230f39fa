"""Factories for development. Shared by every test of the domain: add, do not change."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from tangguh.development.models import (
    Access,
    Activity,
    Budget,
    BudgetRevision,
    DeliveryMode,
    DevelopmentForm,
    Enrolment,
    EnrolmentRoute,
    EnrolmentStatus,
    Programme,
    ProgrammeHost,
    ProgrammeQuota,
    ProgrammeStatus,
    RevisionKind,
    Session,
)
from tests.people.factories import EmployeeFactory


def _institution(code: str):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code=code)


def form(code: str) -> DevelopmentForm:
    """A shipped form of development by code ("seminar", "bimtek", "coaching"…)."""
    return DevelopmentForm.objects.get(code=code)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A published bimtek of Surabaya (35.78), open to its own people."""

    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"prog-{n}")
    title = factory.Sequence(lambda n: f"Bimtek Pelayanan Publik {n}")
    organiser = factory.LazyFunction(lambda: _institution("35.78"))
    form = factory.LazyFunction(lambda: form("bimtek"))
    description = "Bimbingan teknis untuk pelaksana pelayanan publik."
    competencies = factory.LazyFunction(lambda: [{"code": "M.05", "level": 2}])
    jp = Decimal("24")
    mode = DeliveryMode.IN_PERSON
    cost_per_participant = Decimal("1500000")
    capacity = 30
    access = Access.OWN
    status = ProgrammeStatus.PUBLISHED


class ProgrammeHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeHost

    programme = factory.SubFactory(ProgrammeFactory)
    institution = factory.LazyFunction(lambda: _institution("35"))
    cost_share = Decimal("40")


class ProgrammeQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeQuota

    programme = factory.SubFactory(ProgrammeFactory, access=Access.LISTED)
    institution = factory.LazyFunction(lambda: _institution("35.15"))
    seats = 2


class SessionFactory(factory.django.DjangoModelFactory):
    """A planned three-day session, starting in a month."""

    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    organiser = factory.LazyAttribute(lambda o: o.programme.organiser)
    number = factory.Sequence(lambda n: n + 1)
    start_date = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=2))
    place = "Gedung Diklat, Jl. Jemursari 236, Surabaya"
    capacity = factory.LazyAttribute(lambda o: o.programme.capacity)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An enrolled participant from the host's own institution."""

    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    programme = factory.LazyAttribute(lambda o: o.session.programme)
    employee = factory.SubFactory(
        EmployeeFactory, institution=factory.LazyAttribute(lambda e: e.factory_parent.host)
    )
    nip = factory.LazyAttribute(lambda o: o.employee.nip)
    full_name = factory.LazyAttribute(lambda o: o.employee.full_name)
    host = factory.LazyAttribute(lambda o: o.session.organiser)
    institution = factory.LazyAttribute(lambda o: o.employee.institution)
    is_guest = factory.LazyAttribute(lambda o: o.institution != o.host)
    route = EnrolmentRoute.NOMINATION
    status = EnrolmentStatus.ENROLLED


class ActivityFactory(factory.django.DjangoModelFactory):
    """A submitted two-day seminar (8 JP claimed)."""

    class Meta:
        model = Activity

    employee = factory.SubFactory(EmployeeFactory)
    nip = factory.LazyAttribute(lambda o: o.employee.nip)
    full_name = factory.LazyAttribute(lambda o: o.employee.full_name)
    institution = factory.LazyAttribute(lambda o: o.employee.institution)
    form = factory.LazyFunction(lambda: form("seminar"))
    title = "Seminar Nasional Reformasi Birokrasi"
    organiser_name = "Universitas Airlangga"
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=1))
    quantity = 2
    jp_claimed = Decimal("8")


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget
        django_get_or_create = ("institution", "fiscal_year")

    institution = factory.LazyFunction(lambda: _institution("35.78"))
    fiscal_year = 2022


class BudgetRevisionFactory(factory.django.DjangoModelFactory):
    """A submitted initial revision: Rp 10 trillion in all, Rp 25 billion for development."""

    class Meta:
        model = BudgetRevision

    budget = factory.SubFactory(BudgetFactory)
    institution = factory.LazyAttribute(lambda o: o.budget.institution)
    fiscal_year = factory.LazyAttribute(lambda o: o.budget.fiscal_year)
    number = factory.Sequence(lambda n: n + 1)
    kind = RevisionKind.INITIAL
    total_budget = Decimal("10000000000000")
    development_allocation = Decimal("25000000000")
