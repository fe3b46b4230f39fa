"""A published ranking for the publication tests: participants 2020-2022 among the
provinces, Jawa Timur (35) first with two people, Jawa Tengah (33) second with one."""

from datetime import date
from typing import Any

from tangguh.institutions.models import Institution
from tangguh.rankings.models import Publication
from tangguh.rankings.services_publications import ranking_publish
from tests.certification.factories import BatchFactory, ParticipationFactory, SchemeVersionFactory
from tests.people.factories import EmployeeFactory
from tests.rankings.factories import CategoryFactory


def examine(batch: Any, code: str, n: int) -> list[Any]:
    institution = Institution.objects.get(code=code)
    return [
        ParticipationFactory(batch=batch, employee=EmployeeFactory(institution=institution))
        for _ in range(n)
    ]


def camat_batch() -> Any:
    return BatchFactory(
        scheme_version=SchemeVersionFactory(name="Sertifikasi Camat", units=0),
        exam_start=date(2021, 5, 10),
    )


def published(**category: Any) -> Publication:
    """Version 1 of a fresh category, published by the system (actor None)."""
    batch = camat_batch()
    examine(batch, "35", 2)
    examine(batch, "33", 1)
    return ranking_publish(category=CategoryFactory(places=2, **category), period=None, actor=None)
