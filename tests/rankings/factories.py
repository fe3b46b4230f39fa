"""Factories for rankings. Shared by every test of the domain: add, do not change."""

import factory

from tangguh.rankings.models import Category


class CategoryFactory(factory.django.DjangoModelFactory):
    """A category over the provinces' certification participants in 2020-2022."""

    class Meta:
        model = Category

    code = factory.Sequence(lambda n: f"kategori-uji-{n}")
    name_id = factory.Sequence(lambda n: f"Kategori uji {n}")
    name_en = factory.Sequence(lambda n: f"Test category {n}")
    metric = "certification_participants"
    first_year = 2020
    last_year = 2022
    competitor_kinds = factory.LazyFunction(lambda: ["provinsi"])
    direction = "desc"
    places = 3
    tie_rule = "shared"


def publication_with_rows(*, code="rakornas-2022-peserta-sertifikasi", supersedes=None, rows=None):  # type: ignore[no-untyped-def]
    """A published ranking written directly (not through the publishing service): the
    preset's category for its period, with ``rows`` of (institution code, rank, value,
    records). Default: Jawa Timur first with one frozen participation record."""
    import hashlib
    from decimal import Decimal

    from django.utils import timezone

    from tangguh.institutions.models import Institution
    from tangguh.rankings.models import Publication, PublishedRow

    category = Category.objects.get(code=code)
    version = supersedes.version + 1 if supersedes else 1
    now = timezone.now()
    publication = Publication.objects.create(
        category=category,
        first_year=category.first_year,
        last_year=category.last_year,
        version=version,
        supersedes=supersedes,
        correction_reason="Koreksi data" if supersedes else "",
        definition={
            "metric": category.metric,
            "name_id": category.name_id,
            "name_en": category.name_en,
        },
        method={"m": "Largest first", "p": {}},
        data_as_of=now,
        content_hash=hashlib.sha256(f"{code}{version}{now.isoformat()}".encode()).hexdigest(),
        published_at=now,
    )
    record = {"kind": "participation", "id": 1, "contribution": 1, "label": "Uji · 1985",
              "source": "certification.Participation", "nip": "198501012010011001"}  # fmt: skip
    for position, (inst, rank, value, records) in enumerate(
        rows or [("35", 1, 1, [record])], start=1
    ):
        institution = Institution.objects.get(code=inst)
        PublishedRow.objects.create(
            publication=publication, position=position, rank=rank, institution=institution,
            institution_code=institution.code, institution_name=institution.name,
            value=Decimal(value), awarded=rank <= 3 and value != 0, records=records,
        )  # fmt: skip
    return publication
