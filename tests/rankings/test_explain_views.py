"""The drill-down page: the value, the method and the records that make it, with a
total that equals the value (or a ratio's numerator), 100 records a page; a reader
who may not read the institution's records sees the value, the method and the counts
per kind, and a sentence saying why."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.rankings.models import Category
from tangguh.rankings.registry import get_metric
from tangguh.rankings.selectors_categories import drilldown, source_url
from tests.certification.factories import BatchFactory, ParticipationFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user
from tests.rankings.categories_support import CODE, RATIO_CODE, register_test_metrics
from tests.rankings.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_metrics(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return register_test_metrics(monkeypatch)


def page_of(client: Client, category: Category, code: str, **query: Any) -> str:
    response = client.get(reverse("rankings:explain", args=[category.code, code]), query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def shown(page: str, name: str) -> str:
    found = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', page)
    assert found, name
    return found.group(1).strip()


def record_rows(page: str) -> list[str]:
    return re.findall(r'<tr data-kind="participation" data-id="(\d+)">', page)


@pytest.fixture
def category(test_metrics: Any) -> Category:
    return CategoryFactory(code="uji-rincian", metric=CODE)


def test_the_records_add_up_to_the_value(category: Category) -> None:
    page = page_of(client_for(make_user(Role.NATIONAL_ADMIN)), category, "35")
    assert shown(page, "value") == "3"
    assert shown(page, "total") == "3"
    assert record_rows(page) == ["35001", "35002", "35003"]
    assert "Peserta 35-001" in page
    assert "2020-2022" in shown(page, "method") or "2020-2022" in page


def test_a_hundred_records_a_page_and_the_total_of_every_page(category: Category) -> None:
    client = client_for(make_user(Role.NATIONAL_ADMIN))
    first = page_of(client, category, "36")
    assert len(record_rows(first)) == 100
    assert shown(first, "value") == shown(first, "total") == "150"
    second = page_of(client, category, "36", page=2)
    assert len(record_rows(second)) == 50
    assert not set(record_rows(first)) & set(record_rows(second))
    assert "periode=2020-2022&amp;page=1" in second


def test_another_period_changes_the_records(category: Category) -> None:
    page = page_of(client_for(make_user(Role.NATIONAL_ADMIN)), category, "32", periode="2019")
    assert shown(page, "value") == "9" and record_rows(page) == ["32001"]


def test_zero_has_no_record(category: Category) -> None:
    page = page_of(client_for(make_user(Role.NATIONAL_ADMIN)), category, "11")
    assert shown(page, "value") == "0"
    assert 'data-testid="no-records"' in page


def test_a_ratio_shows_numerator_and_denominator(test_metrics: Any) -> None:
    ratio = CategoryFactory(code="uji-rasio", metric=RATIO_CODE)
    page = page_of(client_for(make_user(Role.NATIONAL_ADMIN)), ratio, "33")
    assert shown(page, "value") == "75,0 %"  # 3 / 4
    assert shown(page, "numerator") == shown(page, "total") == "3"
    assert shown(page, "denominator") == "4"
    assert "Pegawai uji" in page


@pytest.mark.parametrize(
    ("role", "home", "sees"),
    [
        (Role.NATIONAL_ADMIN, "35.78", True),
        (Role.INSTITUTION_ADMIN, "35", True),  # the province's own administrator
        (Role.INSTITUTION_ADMIN, "33", False),  # another province's
        (Role.INSTITUTION_ADMIN, "35.78", False),  # a city below: not the province's records
        (Role.CIVIL_SERVANT, "35.78", False),
        (Role.AUDITOR, "coordinator", True),  # the national auditor reads every institution
        (Role.AUDITOR, "35.78", False),
    ],
)
def test_the_records_only_for_those_who_may_read_them(
    category: Category, role: str, home: str, sees: bool
) -> None:
    if home == "coordinator":
        home = Institution.objects.get(is_national_coordinator=True).code
    page = page_of(client_for(make_user(role, home)), category, "35")
    assert shown(page, "value") == "3"  # everyone signed in sees the value
    assert 'data-testid="method"' in page
    assert bool(record_rows(page)) is sees
    assert ("Peserta 35-001" in page) is sees
    if not sees:
        assert 'data-testid="records-hidden"' in page
        counts = page[page.find('data-testid="record-counts"') :]
        assert "Keikutsertaan sertifikasi: 3" in counts[: counts.find("</ul>")]


def test_the_drilldown_of_a_real_metric_adds_up() -> None:
    """The preset on participations made by the factories: whatever the explanation lists,
    its contributions add up to the value the ranking shows."""
    jatim = Institution.objects.get(code="35")
    batch = BatchFactory(exam_start=date(2021, 3, 1))
    people = EmployeeFactory.create_batch(3, institution=jatim)
    for person in people:
        ParticipationFactory(batch=batch, employee=person)
    ParticipationFactory(batch=BatchFactory(exam_start=date(2022, 5, 1)), employee=people[0])
    preset = Category.objects.get(code="rakornas-2022-peserta-sertifikasi")
    user = make_user(Role.NATIONAL_ADMIN)
    found = drilldown(user, preset, jatim, get_metric(preset.metric) and _period(preset))
    assert found.explanation.value == Decimal(3)  # a person examined twice counts once
    assert found.adds_up
    page = page_of(client_for(user), preset, "35")
    assert shown(page, "value") == "3"
    assert shown(page, "total") == "3"
    # Each person links to their record, for a reader who may open it.
    person = reverse("people:detail", args=[people[0].pk])
    assert f'href="{person}"' in page
    record = next(r for r in found.explanation.records if r.id == people[0].pk)
    assert source_url(make_user(Role.INSTITUTION_ADMIN, "35"), record, jatim) == person
    assert source_url(make_user(Role.INSTITUTION_ADMIN, "33"), record, jatim) == ""
    assert source_url(make_user(Role.CIVIL_SERVANT, "35"), record, jatim) == ""


def _period(category: Category) -> Any:
    from tangguh.rankings.ranking import period_of

    return period_of(category)


def test_a_bad_period_falls_back_to_the_categorys_own(category: Category) -> None:
    response = client_for(make_user(Role.NATIONAL_ADMIN)).get(
        reverse("rankings:explain", args=[category.code, "35"]), {"periode": "2023-2020"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="period-error"' in page
    assert shown(page, "value") == "3"  # 2020-2022


def test_a_metric_no_longer_known_is_a_sentence_not_a_traceback() -> None:
    gone = CategoryFactory(code="ukuran-hilang", metric="ukuran_lama")
    client = client_for(make_user(Role.NATIONAL_ADMIN))
    for url in (
        reverse("rankings:category", args=[gone.code]),
        reverse("rankings:explain", args=[gone.code, "35"]),
    ):
        response = client.get(url)
        assert response.status_code == 400
        assert "ukuran_lama" in response.content.decode()
        assert 'data-testid="period-error"' in response.content.decode()
