"""Query strings no institution code or search can hold (a NUL, far too long) are
answered with a page or a clear 4xx on every competencies page and endpoint, never a
500 (PostgreSQL refuses NUL in text it compares)."""

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db

PAGES = (
    ("competencies:gaps", ("institution", "unit", "kind", "tier", "nip")),
    ("competencies:closure", ("institution",)),
    ("competencies:plans", ("instansi", "status", "tahun")),
    ("competencies:standards", ("instansi",)),
    ("competencies:positions", ("instansi", "q")),
    ("competencies:assessments", ("q", "institution", "code", "method", "status", "year")),
    ("competencies:needs", ("year", "institution")),
    ("competencies:framework", ("institution",)),
    ("api:competencies-gaps", ("institution", "unit", "kind", "tier")),
    ("api:competencies-closure", ("institution",)),
    ("api:competencies-plans", ("institution", "status", "year")),
    ("api:competencies-standards", ("institution",)),
    ("api:competencies-assessments", ("q", "institution", "code", "method", "status", "year")),
    ("api:competencies-needs", ("year",)),
    ("api:competencies-list", ("institution",)),
    ("api:competencies-version-list", ("institution",)),
)
VALUES = ("a\x00b", "x" * 5000, "35.78\x00")


@pytest.mark.parametrize("role", [Role.NATIONAL_ADMIN, Role.INSTITUTION_ADMIN])
def test_hostile_query_values_never_break_a_page(role):
    client = client_for(make_user(role))
    for name, params in PAGES:
        url = reverse(name)
        for param in params:
            for value in VALUES:
                response = client.get(url, {param: value})
                assert response.status_code < 500, (name, param, value[:10])
