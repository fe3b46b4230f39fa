"""Reads for institutions: the tree, the filtered list and the dashboard cards."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tangguh.core.roles import Role
from tangguh.institutions import selectors
from tangguh.institutions.filters import InstitutionFilter
from tangguh.institutions.models import Institution
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_descendants_of_a_province(jatim, surabaya):  # type: ignore[no-untyped-def]
    ids = selectors.institution_descendant_ids(jatim.id)
    assert len(ids) == 39
    assert {jatim.id, surabaya.id} <= ids
    assert Institution.objects.get(code="34.04").id not in ids


def test_descendants_of_a_leaf_is_itself(surabaya):  # type: ignore[no-untyped-def]
    assert selectors.institution_descendant_ids(surabaya.id) == frozenset({surabaya.id})


def test_descendants_follow_any_depth(surabaya):  # type: ignore[no-untyped-def]
    unit = Institution.objects.create(code="35.78.X", name="Unit uji", kind="kota", parent=surabaya)
    ids = selectors.institution_descendant_ids(Institution.objects.get(code="35").id)
    assert unit.id in ids


def test_list_filters_and_search():
    def listed(**params):  # type: ignore[no-untyped-def]
        return InstitutionFilter(params, selectors.institution_list(user=AnonymousUser())).qs

    assert listed(kind="kota", parent_code="35").count() == 9
    assert [i.code for i in listed(q="  surabaya ")] == ["35.78"]
    # English names of ministries are searched too.
    assert [i.short_name for i in listed(q="Home Affairs")] == ["Kemendagri"]


def test_get_by_code_and_unknown_code():
    assert selectors.institution_get(user=AnonymousUser(), code="35.78").name == "Kota Surabaya"
    with pytest.raises(Institution.DoesNotExist):
        selectors.institution_get(user=AnonymousUser(), code="99.99")


def test_children_are_ordered_by_code(jatim):  # type: ignore[no-untyped-def]
    codes = [
        i.code for i in selectors.institution_children(user=AnonymousUser(), institution=jatim)
    ]
    assert len(codes) == 38
    assert codes == sorted(codes)


def _cards(user):  # type: ignore[no-untyped-def]
    return {str(c["label"]): c["value"] for c in selectors.dashboard_cards(user)}


def test_dashboard_cards_count_the_directory(jatim):  # type: ignore[no-untyped-def]
    central = Institution.objects.filter(kind__in=["kementerian", "lembaga"]).count()
    province_admin = UserFactory(role=Role.INSTITUTION_ADMIN, institution=jatim)
    assert list(_cards(province_admin).values()) == [552, central, 38]
    city_operator = UserFactory(role=Role.OPERATOR)  # Kota Surabaya: nothing below it
    assert list(_cards(city_operator).values()) == [552, central]
    assert selectors.dashboard_cards(AnonymousUser()) == []
