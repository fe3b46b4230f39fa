"""The gap-closure page and API: the figures of the institution chosen, within scope."""

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tests.competencies.test_closure import YEAR, surabaya  # noqa: F401  fixture
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def test_the_page_shows_each_year_and_its_figures(surabaya):  # noqa: F811
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35.78"))
    response = client.get(reverse("competencies:closure"))
    assert response.status_code == 200
    rows = response.context["rows"]
    row, percent = next((r, p) for r, p in rows if r.year == YEAR)
    assert (row.open, row.closed, row.still_open, row.unassessed) == (3, 1, 1, 1)
    assert percent in ("33,3 %", "33.3 %")
    assert response.context["chart"]["type"] == "line"  # two years or more
    assert 'data-testid="closure-table"' in response.content.decode()


def test_the_province_reads_its_regencies_and_nobody_reads_outside(surabaya):  # noqa: F811
    jatim = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    response = jatim.get(reverse("competencies:closure"), {"institution": "35.78"})
    assert response.status_code == 200
    assert response.context["institution"].code == "35.78"
    api = jatim.get(reverse("api:competencies-closure"), {"institution": "35.78"})
    year = next(y for y in api.json()["years"] if y["year"] == YEAR)
    assert (year["open"], year["closed"], year["rate"]) == (3, 1, 0.3333)
    sleman = client_for(make_user(Role.INSTITUTION_ADMIN, "34.04"))
    assert sleman.get(reverse("competencies:closure"), {"institution": "35.78"}).status_code == 404
    answer = sleman.get(reverse("api:competencies-closure"), {"institution": "35.78"})
    assert answer.status_code == 404
    assert (
        sleman.get(reverse("competencies:closure"), {"institution": "x" * 300}).status_code == 404
    )
