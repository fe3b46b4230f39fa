"""Shared fixtures: the real institutions are loaded once per test database."""

import pytest

from tangguh.institutions.services import institutions_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        institutions_load()


@pytest.fixture
def jatim(db):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code="35")


@pytest.fixture
def surabaya(db):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code="35.78")


@pytest.fixture
def sleman(db):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code="34.04")


@pytest.fixture
def coordinator(db):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(is_national_coordinator=True)
