"""The category pages: the list, the form (a bad definition refused on its field, in
the reader's language), and a category's page: every competitor with its value and
rank (zeros too), the winners marked, a drill-down link per row, the method, another
period asked for, the ones below the minimum listed apart."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.rankings.models import Category, Publication
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user
from tests.rankings.categories_support import (
    CODE,
    YEAR_CODE,
    register_test_metrics,
)
from tests.rankings.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_metrics(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return register_test_metrics(monkeypatch)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def national() -> Client:
    return client_for(make_user(Role.NATIONAL_ADMIN))


def html(response: Any) -> str:
    return response.content.decode()


def field_errors(page: str, name: str) -> str:
    """The error text shown on the form field ``name`` (empty when none)."""
    start = page.find(f'data-field="{name}"')
    assert start >= 0, f"no field {name}"
    end = page.find("data-field=", start + 10)
    block = page[start : end if end > 0 else None]
    return " ".join(re.findall(r'class="field-error"[^>]*>([^<]*)<', block))


def rows(page: str) -> list[tuple[str, str, str]]:
    """(institution code, rank, value) of each ranking row, in order."""
    found = re.findall(
        r'<tr class="(?:rank-winner)?" data-institution="([^"]+)" data-rank="(\d+)">.*?'
        r'data-label="(?:Nilai|Metric value)">([^<]*)<',
        page,
        re.S,
    )
    return [(code, rank, value) for code, rank, value in found]


FORM = {
    "code": "uji-formulir",
    "name_id": "Kategori Formulir",
    "name_en": "Form category",
    "metric": "certification_participants",
    "first_year": "2020",
    "last_year": "2022",
    "competitor_kinds": ["provinsi"],
    "direction": "desc",
    "places": "3",
    "tie_rule": "shared",
}


# --- the form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "sentence"),
    [
        (
            {"first_year": "2022", "last_year": "2020"},
            "last_year",
            "The period ends before it starts.",
        ),
        ({"metric": "jumlah_kucing"}, "metric", "“jumlah_kucing” is not a known metric."),
        ({"competitor_kinds": []}, "competitor_kinds", "Choose which institutions compete."),
        (
            {"metric": "budget_allocation"},
            "last_year",
            "is computed for one fiscal year, not 2020-2022.",
        ),
        ({"code": "baru"}, "code", "“baru” is reserved: choose another code."),
    ],
)
def test_a_bad_definition_is_refused_on_its_field(
    national: Client, changes: dict[str, Any], field: str, sentence: str
) -> None:
    response = english(national).post(reverse("rankings:category_create"), {**FORM, **changes})
    assert response.status_code == 400
    assert sentence in field_errors(html(response), field)
    assert 'data-testid="form-error"' in html(response)
    assert not Category.objects.filter(code=FORM["code"]).exists()
    assert not Category.objects.filter(code="baru").exists()


def test_the_refusal_reads_in_indonesian_by_default(national: Client) -> None:
    response = national.post(
        reverse("rankings:category_create"), {**FORM, "first_year": "2022", "last_year": "2020"}
    )
    assert response.status_code == 400
    assert "Periode berakhir sebelum dimulai." in field_errors(html(response), "last_year")


def test_a_good_definition_is_saved_and_its_page_follows(national: Client) -> None:
    response = national.post(reverse("rankings:category_create"), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("rankings:category", args=["uji-formulir"])
    category = Category.objects.get(code="uji-formulir")
    assert (category.metric, category.competitor_kinds) == (
        "certification_participants",
        ["provinsi"],
    )
    page = html(national.get(response["Location"]))
    assert "Kategori Formulir" in page


def test_the_edit_form_starts_from_the_definition_and_has_no_code(national: Client) -> None:
    category = CategoryFactory(code="ubah-saya", places=7, competitor_kinds=["kota", "kabupaten"])
    page = html(national.get(reverse("rankings:category_edit", args=[category.code])))
    assert 'name="code"' not in page
    assert 'name="places" value="7"' in page
    assert re.search(r'value="kota"[^>]*checked', page)
    assert not re.search(r'value="provinsi"[^>]*checked', page)
    response = national.post(
        reverse("rankings:category_edit", args=[category.code]),
        {**FORM, "code": "lain", "places": "2", "last_year": "2019"},
    )
    assert response.status_code == 400  # ends before it starts: nothing changes
    category.refresh_from_db()
    assert category.places == 7
    response = national.post(
        reverse("rankings:category_edit", args=[category.code]), {**FORM, "places": "2"}
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.code, category.places) == ("ubah-saya", 2)


def test_the_list_names_metric_period_competitors_and_publication() -> None:
    CategoryFactory(code="daftar-uji", competitor_kinds=["provinsi", "kota"])
    page = html(
        english(client_for(make_user(Role.CIVIL_SERVANT))).get(reverse("rankings:categories"))
    )
    row = page[page.find('data-code="daftar-uji"') :]
    row = row[: row.find("</tr>")]
    assert "Certification participants" in row
    assert "2020-2022" in row
    assert "provincial governments, city governments" in row
    assert "not published yet" in row
    for preset in ("rakornas-2022-anggaran", "rakornas-2022-jenis-sertifikasi"):
        assert f'data-code="{preset}"' in page
    assert 'data-testid="category-new"' not in page  # only the national administrator defines


# --- a category's page ------------------------------------------------------------------


def test_every_competitor_ranked_with_ties_zeros_and_winners(test_metrics: Any) -> None:
    category = CategoryFactory(code="uji-peringkat", metric=CODE, places=3)
    page = html(
        client_for(make_user(Role.CIVIL_SERVANT)).get(
            reverse("rankings:category", args=[category.code])
        )
    )
    table = rows(page)
    provinces = Institution.objects.filter(kind="provinsi", is_active=True).count()
    assert len(table) == provinces  # every competitor, the ones with nothing too
    assert table[:5] == [
        ("36", "1", "150"),
        ("33", "2", "3"),
        ("35", "2", "3"),
        ("32", "4", "2"),
        ("11", "5", "0"),
    ]
    assert {code for code, rank, _v in table if rank == "5"} == {
        c
        for c in Institution.objects.filter(kind="provinsi", is_active=True).values_list(
            "code", flat=True
        )
    } - {"36", "33", "35", "32"}
    winners = re.findall(r'class="rank-winner" data-institution="([^"]+)"', page)
    assert winners == ["36", "33", "35"]  # 3 places; the shared second place both win
    for code in ("36", "11"):
        assert reverse("rankings:explain", args=[category.code, code]) in page
    assert "Peringkat saat ini, 2020-2022" in page or "2020-2022" in page
    method = page[page.find('data-testid="method"') :]
    method = method[: method.find("</p>")]
    assert "2020-2022" in method
    assert "provinsi" in method.lower()


def test_another_period_is_computed_and_carried_to_the_drill_down(test_metrics: Any) -> None:
    category = CategoryFactory(code="uji-periode", metric=CODE)
    client = client_for(make_user(Role.OPERATOR))
    page = html(client.get(reverse("rankings:category", args=[category.code]), {"periode": "2022"}))
    assert rows(page)[:3] == [("32", "1", "2"), ("33", "2", "1"), ("35", "2", "1")]
    assert reverse("rankings:explain", args=[category.code, "32"]) + "?periode=2022" in page


@pytest.mark.parametrize("asked", ["2022-2020", "dua ribu", "20"])
def test_a_bad_period_is_refused_with_a_sentence_and_the_own_period_shown(
    test_metrics: Any,
    asked: str,
) -> None:
    category = CategoryFactory(code="uji-salah", metric=CODE)
    response = english(client_for(make_user(Role.OPERATOR))).get(
        reverse("rankings:category", args=[category.code]), {"periode": asked}
    )
    assert response.status_code == 400
    page = html(response)
    assert 'data-testid="period-error"' in page
    assert "Shown instead: 2020-2022." in page
    assert rows(page)[0] == ("36", "1", "150")


def test_a_fiscal_year_metric_over_a_range_is_refused(test_metrics: Any) -> None:
    category = CategoryFactory(code="uji-tahun", metric=YEAR_CODE, first_year=2022, last_year=2022)
    response = english(client_for(make_user(Role.OPERATOR))).get(
        reverse("rankings:category", args=[category.code]), {"periode": "2020-2022"}
    )
    assert response.status_code == 400
    assert "computed for one fiscal year, not 2020-2022" in html(response)


def test_below_the_minimum_an_institution_is_listed_apart(test_metrics: Any) -> None:
    year = timezone.localdate().year
    jatim = Institution.objects.get(code="35")
    EmployeeFactory.create_batch(2, institution=jatim)
    category = CategoryFactory(
        code="uji-minimum", metric=CODE, first_year=year, last_year=year, minimum_civil_servants=2
    )
    page = html(
        english(client_for(make_user(Role.OPERATOR))).get(
            reverse("rankings:category", args=[category.code])
        )
    )
    assert [code for code, _r, _v in rows(page)] == ["35"]
    excluded = page[page.find('data-testid="excluded"') :]
    excluded = excluded[: excluded.find("</ul>")]
    assert "Jawa Barat" in excluded.replace("JAWA BARAT", "Jawa Barat") or "(32)" in excluded
    assert "active civil servants: 0" in excluded


def test_the_publish_button_is_the_national_administrators(test_metrics: Any) -> None:
    category = CategoryFactory(code="uji-terbit", metric=CODE)
    try:
        target = reverse("rankings:publish", args=[category.code])
    except NoReverseMatch:
        pytest.skip("the publish address is not there yet")
    url = reverse("rankings:category", args=[category.code])
    page = html(client_for(make_user(Role.NATIONAL_ADMIN)).get(url))
    assert f'action="{target}"' in page
    assert 'name="period" value="2020-2022"' in page
    for role in (Role.INSTITUTION_ADMIN, Role.AUDITOR, Role.CIVIL_SERVANT):
        assert 'data-testid="publish-form"' not in html(client_for(make_user(role)).get(url))


def test_the_publications_of_the_category_are_listed(test_metrics: Any) -> None:
    category = CategoryFactory(code="uji-terbitan", metric=CODE)
    other = CategoryFactory(code="uji-lain", metric=CODE)
    now = timezone.now()
    for cat, version, digest in (
        (category, 1, "a" * 64),
        (category, 2, "b" * 64),
        (other, 1, "c" * 64),
    ):
        Publication.objects.create(
            category=cat, first_year=2020, last_year=2022, version=version,
            definition={}, method={}, data_as_of=now, content_hash=digest, published_at=now,
            correction_reason="Data Banten dikoreksi" if version == 2 else "",
        )  # fmt: skip
    page = html(
        client_for(make_user(Role.CIVIL_SERVANT)).get(
            reverse("rankings:category", args=[category.code])
        )
    )
    listed = page[page.find('data-testid="publications"') :]
    listed = listed[: listed.find("</ul>")]
    assert listed.count("<li>") == 2
    assert "versi 2" in listed and "Data Banten dikoreksi" in listed
    page = html(client_for(make_user(Role.CIVIL_SERVANT)).get(reverse("rankings:categories")))
    row = page[page.find('data-code="uji-terbitan"') :]
    assert "versi 2" in row[: row.find("</tr>")]


def test_the_list_takes_the_same_queries_for_more_categories(
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(make_user(Role.AUDITOR))
    client.get(reverse("rankings:categories"))  # warm the session and the menu
    CategoryFactory.create_batch(3)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("rankings:categories"))
    CategoryFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("rankings:categories"))
    assert response.content.decode().count("<tr data-code=") >= 26
