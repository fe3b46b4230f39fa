"""Test data for the reports: participations and certificates made in a few lines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tangguh.certification.models import (
    Outcome,
    Participation,
    ParticipationStatus,
    SchemeVersion,
)
from tangguh.institutions.models import Institution
from tests.certification.factories import (
    BatchFactory,
    CertificateFactory,
    ParticipationFactory,
    SchemeFactory,
    SchemeVersionFactory,
)
from tests.people.factories import EmployeeFactory, PositionFactory


def institution(code: str) -> Institution:
    return Institution.objects.get(code=code)


def version(code: str, positions: tuple[str, ...] = ("Camat",)) -> SchemeVersion:
    """The scheme ``code``'s first version (made once)."""
    existing = SchemeVersion.objects.filter(scheme__code=code).first()
    if existing:
        return existing
    return SchemeVersionFactory(scheme=SchemeFactory(code=code), target_positions=list(positions))


def participate(
    code: str = "35.78",
    *,
    scheme: str = "camat",
    exam: date = date(2021, 5, 10),
    outcome: str = Outcome.PENDING,
    days: int | None = None,
    employee: Any = None,
    status: str = ParticipationStatus.NOMINATED,
    organiser: str = "35",
) -> Participation:
    """A participation nominated by ``code`` in a batch of ``scheme`` examined on ``exam``;
    decided ``days`` days later when the outcome is not pending."""
    batch = BatchFactory(
        scheme_version=version(scheme),
        organiser=institution(organiser),
        exam_start=exam,
        exam_end=exam + timedelta(days=1),
    )
    employee = employee or EmployeeFactory(institution=institution(code))
    decided = outcome != Outcome.PENDING
    if decided and days is None:
        days = 14
    return ParticipationFactory(
        batch=batch,
        employee=employee,
        institution=institution(code),
        outcome=outcome,
        status=status,
        decided_on=exam + timedelta(days=days) if decided and days is not None else None,
        days_to_decision=days if decided else None,
    )


def camat(code: str = "35.78", name: str = "Camat Wonokromo", **extra: Any) -> Any:
    """A civil servant of ``code`` holding a position named ``name``."""
    inst = institution(code)
    return EmployeeFactory(
        institution=inst, position=PositionFactory(institution=inst, name=name), **extra
    )


def certify(employee: Any, *, scheme: str = "camat", issued: date, years: int = 3, **extra: Any):  # type: ignore[no-untyped-def]
    """A certificate of ``scheme`` for ``employee`` issued on ``issued``."""
    participation = participate(
        employee.institution.code,
        scheme=scheme,
        exam=issued - timedelta(days=20),
        outcome=Outcome.CERTIFIED,
        days=20,
        employee=employee,
    )
    return CertificateFactory(
        participation=participation,
        issued_on=issued,
        expires_on=issued.replace(year=issued.year + years),
        **extra,
    )
