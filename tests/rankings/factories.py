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
