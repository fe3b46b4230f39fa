"""Defining and changing award categories: a definition that cannot be ranked is
refused whole with the field named, only the national administrator writes, and
each write is audited with what it changed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from tangguh.core.exceptions import DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.rankings.models import Category
from tangguh.rankings.services_categories import (
    CategoryInput,
    category_create,
    category_update,
    input_of,
)
from tests.permissions import OTHER_CODE, PROVINCE_CODE, make_user
from tests.rankings.categories_support import YEAR_CODE, register_test_metrics
from tests.rankings.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_metrics(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return register_test_metrics(monkeypatch)


def good(**changes: Any) -> CategoryInput:
    data = CategoryInput(
        code="jenis-sertifikasi-2023",
        name_id="  Jenis Sertifikasi Terbanyak 2023 ",
        name_en="Most certification schemes 2023",
        metric="certification_schemes",
        first_year=2021,
        last_year=2023,
        competitor_kinds=["provinsi", "kabupaten", "provinsi"],
        places=5,
        tie_rule="dense",
        minimum_civil_servants=100,
    )
    return replace(data, **changes)


@pytest.fixture(autouse=True)
def english() -> Any:
    """The sentences are compared in English (their msgids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def national() -> Any:
    return make_user(Role.NATIONAL_ADMIN)


def refusal(data: CategoryInput, actor: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        category_create(data=data, actor=actor)
    return caught.value


def field_of(error: DomainError) -> str:
    return error.errors[0]["field"]


def test_a_category_is_created_as_given_and_audited(national: Any) -> None:
    category = category_create(data=good(), actor=national)
    category.refresh_from_db()
    assert category.code == "jenis-sertifikasi-2023"
    assert category.name_id == "Jenis Sertifikasi Terbanyak 2023"  # trimmed
    assert category.competitor_kinds == ["provinsi", "kabupaten"]  # no repeats
    assert (category.first_year, category.last_year, category.places) == (2021, 2023, 5)
    assert (category.tie_rule, category.minimum_civil_servants) == ("dense", 100)
    assert category.created_by == national and not category.is_preset
    entry = AuditEntry.objects.get(action="rankings.category_create")
    assert entry.actor == national
    assert entry.target_id == str(category.pk)
    assert entry.data["metric"] == "certification_schemes"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"first_year": 2023, "last_year": 2021}, "last_year", "ends before it starts"),
        ({"metric": "jumlah_kucing"}, "metric", "not a known metric"),
        ({"metric": ""}, "metric", "not a known metric"),
        ({"competitor_kinds": []}, "competitor_kinds", "Choose which institutions compete"),
        ({"competitor_kinds": ["desa"]}, "competitor_kinds", "not a kind of institution"),
        ({"metric": "budget_allocation"}, "last_year", "one fiscal year"),
        ({"places": 0}, "places", "1 to 100"),
        ({"first_year": 1999}, "first_year", "2000"),
        ({"direction": "sideways"}, "direction", "which values rank first"),
        ({"tie_rule": "coin"}, "tie_rule", "equal values"),
        ({"minimum_civil_servants": -1}, "minimum_civil_servants", "negative"),
        ({"name_en": "   "}, "name_en", "Indonesian and in English"),
        ({"name_id": "x" * 301}, "name_id", "300"),
        ({"code": ""}, "code", "code"),
        ({"code": "Ada Spasi"}, "code", "lower-case"),
        ({"code": "baru"}, "code", "reserved"),
    ],
)
def test_a_bad_definition_is_refused_with_its_field_and_nothing_written(
    national: Any, changes: dict[str, Any], field: str, words: str
) -> None:
    before = Category.objects.count()
    error = refusal(good(**changes), national)
    assert field_of(error) == field
    assert words in str(error.message)
    assert Category.objects.count() == before
    assert not AuditEntry.objects.filter(action="rankings.category_create").exists()


def test_a_fiscal_year_metric_takes_one_year(national: Any, test_metrics: Any) -> None:
    error = refusal(good(metric=YEAR_CODE, first_year=2020, last_year=2022), national)
    assert field_of(error) == "last_year" and error.code == "period"
    made = category_create(
        data=good(metric=YEAR_CODE, first_year=2022, last_year=2022), actor=national
    )
    assert made.first_year == made.last_year == 2022


def test_a_code_is_given_once(national: Any) -> None:
    CategoryFactory(code="jenis-sertifikasi-2023")
    error = refusal(good(), national)
    assert field_of(error) == "code" and error.code == "duplicate"


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.INSTITUTION_ADMIN, "35.78"),
        (Role.INSTITUTION_ADMIN, PROVINCE_CODE),
        (Role.OPERATOR, OTHER_CODE),
        (Role.CIVIL_SERVANT, "35.78"),
        (Role.AUDITOR, "35.78"),
    ],
)
def test_only_the_national_administrator_defines(role: str, code: str) -> None:
    category = CategoryFactory()
    before = input_of(category)
    with pytest.raises(PermissionDenied):
        category_create(data=good(), actor=make_user(role, code))
    with pytest.raises(PermissionDenied):
        category_update(category=category, data=good(name_id="Diubah"), actor=make_user(role, code))
    category.refresh_from_db()
    assert input_of(category) == before
    assert not Category.objects.filter(code="jenis-sertifikasi-2023").exists()
    assert not AuditEntry.objects.filter(action__startswith="rankings.category_").exists()


def test_a_change_keeps_the_code_and_audits_what_changed(national: Any) -> None:
    category = CategoryFactory(code="tetap", places=3)
    changed = category_update(
        category=category,
        data=good(code="lain", name_id="Nama Baru", places=1, minimum_civil_servants=None),
        actor=national,
    )
    changed.refresh_from_db()
    assert changed.code == "tetap"  # the code is its address: never changed
    assert (changed.name_id, changed.places, changed.metric) == (
        "Nama Baru",
        1,
        "certification_schemes",
    )
    assert changed.minimum_civil_servants is None
    entry = AuditEntry.objects.get(action="rankings.category_update")
    assert entry.data["code"] == "tetap"
    assert entry.data["changed"]["places"] == [3, 1]
    assert "direction" not in entry.data["changed"]  # unchanged fields are not listed


def test_a_refused_change_leaves_the_category_as_it_was(national: Any) -> None:
    category = CategoryFactory()
    before = input_of(category)
    with pytest.raises(DomainError) as caught:
        category_update(
            category=category, data=good(first_year=2022, last_year=2020), actor=national
        )
    assert field_of(caught.value) == "last_year"
    category.refresh_from_db()
    assert input_of(category) == before
    assert not AuditEntry.objects.filter(action="rankings.category_update").exists()


def test_the_system_may_define_without_a_user() -> None:
    category = category_create(data=good(code="dari-baris-perintah"), actor=None)
    assert category.created_by is None
    assert AuditEntry.objects.get(action="rankings.category_create").actor is None
