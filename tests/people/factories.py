"""Factories for the register. NIPs are valid and agree with birth date and sex."""

from datetime import date, timedelta

import factory

from tangguh.people.models import (
    Employee,
    EmployeeKind,
    EmploymentStatus,
    IdKind,
    ImportJob,
    Position,
    PositionKind,
    Sex,
    WorkUnit,
)


def _institution(code: str = "35.78"):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code=code)


def make_nip(
    birth: date, sex: str = "M", sequence: int = 1, appointed: tuple[int, int] | None = None
) -> str:
    """A valid PNS NIP: birth date, first appointment (default: at 25), sex digit, sequence."""
    year, month = appointed or (birth.year + 25, birth.month)
    return f"{birth:%Y%m%d}{year:04d}{month:02d}{'1' if sex == 'M' else '2'}{sequence:03d}"


def _birth(n: int) -> date:
    return date(1965, 1, 1) + timedelta(days=n % 12000)


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    institution = factory.LazyFunction(_institution)
    name = factory.Sequence(lambda n: f"Dinas Unit {n}")
    path = factory.LazyAttribute(lambda o: o.name)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    institution = factory.LazyFunction(_institution)
    name = factory.Sequence(lambda n: f"Analis {n}")
    kind = PositionKind.FUNGSIONAL


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    class Params:
        n = factory.Sequence(lambda n: n)

    institution = factory.LazyFunction(_institution)
    birth_date = factory.LazyAttribute(lambda o: _birth(o.n))
    sex = factory.LazyAttribute(lambda o: Sex.MALE if o.n % 2 == 0 else Sex.FEMALE)
    nip = factory.LazyAttribute(
        lambda o: make_nip(o.birth_date, o.sex, sequence=o.n // 12000 % 999 + 1)
    )
    id_kind = IdKind.NIP
    full_name = factory.Faker("name", locale="id_ID")
    employee_kind = EmployeeKind.PNS
    status = EmploymentStatus.ACTIVE
    rank = "III/a"
    work_unit = factory.LazyAttribute(lambda o: WorkUnitFactory(institution=o.institution))
    position = factory.LazyAttribute(lambda o: PositionFactory(institution=o.institution))
    position_kind = factory.LazyAttribute(lambda o: o.position.kind if o.position else "")


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    institution = factory.LazyFunction(_institution)
    original_name = "pegawai.csv"
    file = factory.django.FileField(filename="pegawai.csv", data=b"NIP,Nama\n")
    dry_run = True
