"""Every page of the award categories has its permission suite. Everyone signed in
reads categories, rankings and drill-downs; only the national administrator defines
or changes a category: an institution administrator (here or elsewhere), the province
administrator above and a civil servant are refused, and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.rankings.models import Category
from tests.permissions import (
    OTHER_CODE,
    PROVINCE_CODE,
    LoginRequiredSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)
from tests.rankings.factories import CategoryFactory

pytestmark = pytest.mark.django_db

CODE = "kategori-hak-akses"


def the_category() -> Category:
    return Category.objects.filter(code=CODE).first() or CategoryFactory(code=CODE)


class _NationalOnly:
    """Defining categories is national: every other role is refused (403) wherever it is."""

    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.INSTITUTION_ADMIN

    def test_same_role_in_another_institution_gets_404(self) -> None:
        response = client_for(make_user(Role.OPERATOR, OTHER_CODE)).get(self.url(None))  # type: ignore[attr-defined]
        assert response.status_code == 403


class _NationalWrite(WritePermissionSuite):
    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.INSTITUTION_ADMIN
    ok_status = (302,)

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        """Only the national administrator writes: an administrator elsewhere is refused."""
        self._refused(make_user(Role.INSTITUTION_ADMIN, OTHER_CODE), (403,))

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))

    def test_an_operator_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.OPERATOR), (403,))

    def test_the_province_administrator_is_refused_with_403(self) -> None:
        self._refused(make_user(Role.INSTITUTION_ADMIN, PROVINCE_CODE), (403,))


DEFINITION = {
    "name_id": "Peserta Sertifikasi Terbanyak 2023",
    "name_en": "Most certification participants 2023",
    "metric": "certification_participants",
    "first_year": "2023",
    "last_year": "2023",
    "competitor_kinds": ["provinsi", "kota"],
    "direction": "desc",
    "places": "3",
    "tie_rule": "shared",
    "is_active": "on",
}


# --- reading --------------------------------------------------------------------------


class TestCategoryList(LoginRequiredSuite):
    url_name = "rankings:categories"


class TestCategoryDetail(LoginRequiredSuite):
    """The definition, the method and the ranking: every signed-in role."""

    url_name = "rankings:category"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": the_category().code}


class TestExplain(LoginRequiredSuite):
    """The value and the method: every signed-in role (the records: see test_explain_*)."""

    url_name = "rankings:explain"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": the_category().code, "institution": "35"}


def test_an_unknown_category_or_a_non_competitor_is_404() -> None:
    category = the_category()  # provinces compete
    client = client_for(make_user(Role.CIVIL_SERVANT))
    assert client.get(reverse("rankings:category", args=["tidak-ada"])).status_code == 404
    assert client.get(reverse("rankings:category_edit", args=["tidak-ada"])).status_code == 403
    gone = reverse("rankings:explain", args=[category.code, "99"])
    assert client.get(gone).status_code == 404
    city = reverse("rankings:explain", args=[category.code, "35.78"])  # a city: not a competitor
    assert client.get(city).status_code == 404


# --- defining ---------------------------------------------------------------------------


class TestCategoryCreatePage(_NationalOnly, ObjectPermissionSuite):
    url_name = "rankings:category_create"


class TestCategoryEditPage(_NationalOnly, ObjectPermissionSuite):
    url_name = "rankings:category_edit"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": the_category().code}


class TestCategoryCreate(_NationalWrite):
    url_name = "rankings:category_create"
    data = {**DEFINITION, "code": "peserta-2023"}

    def state(self, obj: Any) -> Any:
        return list(Category.objects.filter(code="peserta-2023").values_list("code", "name_id"))

    def location(self, obj: Any) -> str:
        return reverse("rankings:category", args=["peserta-2023"])


class TestCategoryEdit(_NationalWrite):
    url_name = "rankings:category_edit"
    data = {**DEFINITION, "name_id": "Nama Baru Kategori"}

    def make_object(self, institution: Any) -> Category:
        return the_category()

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code}

    def state(self, obj: Any) -> Any:
        return list(
            Category.objects.filter(pk=obj.pk).values_list(
                "name_id", "metric", "first_year", "last_year", "competitor_kinds"
            )
        )

    def location(self, obj: Any) -> str:
        return reverse("rankings:category", args=[obj.code])


def test_a_visitor_cannot_define_a_category() -> None:
    response = Client().post(reverse("rankings:category_create"), {**DEFINITION, "code": "x-1"})
    assert response.status_code == 302
    assert not Category.objects.filter(code="x-1").exists()
