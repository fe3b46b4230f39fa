"""The institution picker (institutions.widgets, ``institutions:pick``): a search over the
institutions a user may use for one purpose, never beyond them."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tests.permissions import ListPermissionSuite, client_for, make_user

pytestmark = pytest.mark.django_db
PICK = "institutions:pick"


class TestPickForImport(ListPermissionSuite):
    """An operator imports into their own institution only: the picker offers that one."""

    url_name = PICK
    data: ClassVar[dict[str, Any]] = {"for": "import", "field": "institution"}
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR  # imports nothing

    def make_object(self, institution: Any) -> Any:
        return institution

    def marker(self, obj: Any) -> str:
        return f'value="{obj.code}"'


class TestPickForRegister(ListPermissionSuite):
    url_name = PICK
    data: ClassVar[dict[str, Any]] = {"for": "register", "field": "institution", "cari": "kota"}
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT  # reads only their own record

    def make_object(self, institution: Any) -> Any:
        return institution

    def marker(self, obj: Any) -> str:
        return f'value="{obj.code}"'


def _pick(user: Any, **params: str) -> str:
    response = client_for(user).get(reverse(PICK), params)
    assert response.status_code == 200
    return response.content.decode()


def test_national_admin_finds_an_institution_by_part_of_its_name_or_its_code():
    national = make_user(Role.NATIONAL_ADMIN)
    found = _pick(national, **{"for": "import", "cari": "surabaya"})
    assert 'value="35.78"' in found and "Kota Surabaya" in found
    assert 'value="35.78"' in _pick(national, **{"for": "import", "cari": "35.78"})
    # 627 institutions: a short search says how many more there are, and none is checked.
    many = _pick(national, **{"for": "import", "cari": "kabupaten"})
    assert "checked" not in many and many.count('type="radio"') == 12
    assert "lagi" in many  # "N lagi: ketik lebih banyak..." in Indonesian


def test_the_chosen_institution_stays_first_and_checked_while_searching():
    national = make_user(Role.NATIONAL_ADMIN)
    found = _pick(national, **{"for": "import", "cari": "sleman", "institution": "35.78"})
    assert found.index('value="35.78" checked') < found.index('value="34.04"')


def test_a_province_admin_finds_only_the_province_and_its_regencies():
    admin = make_user(Role.INSTITUTION_ADMIN, "35")
    assert 'value="35.78"' in _pick(admin, **{"for": "register", "cari": "surabaya"})
    assert 'value="34.04"' not in _pick(admin, **{"for": "register", "cari": "sleman"})
    # A code outside the scope is never shown as chosen.
    outside = _pick(admin, **{"for": "register", "cari": "x", "institution": "34.04"})
    assert "34.04" not in outside


def test_an_unknown_purpose_or_field_is_not_found():
    national = make_user(Role.NATIONAL_ADMIN)
    client = client_for(national)
    assert client.get(reverse(PICK), {"for": "everything"}).status_code == 404
    assert client.get(reverse(PICK), {"for": "import", "field": "a b"}).status_code == 404
    assert client.get(reverse(PICK), {"for": "import", "cari": "bu\x00di"}).status_code == 200


def test_the_national_import_form_has_no_default_institution_and_requires_one():
    from tests.people.test_views_permissions import csv_upload

    national = make_user(Role.NATIONAL_ADMIN)
    client = client_for(national)
    page = client.get(reverse("people:import")).content.decode()
    assert 'data-testid="picker-institution"' in page and " checked" not in page
    response = client.post(reverse("people:import"), {"file": csv_upload([])})
    assert response.status_code == 400
    assert "Pilih instansi" in response.content.decode()


def test_an_institution_admin_keeps_their_own_institution_as_the_default():
    admin = make_user(Role.INSTITUTION_ADMIN, "35")
    page = client_for(admin).get(reverse("people:import")).content.decode()
    # They import into their own institution only: it is the form's value, nothing to pick.
    assert 'name="institution" value="35"' in page
