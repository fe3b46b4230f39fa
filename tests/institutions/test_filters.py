"""The directory filtered once (institutions.filters): the page and the API answer the same
institutions for the same parameters, and every filter is on both.

Before, the page searched English names and the API did not (``?q=Home Affairs``).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tangguh.institutions.filters import InstitutionFilter
from tests.list_filters import (
    api_refusal,
    case_names,
    page_filter_names,
    schema_filter_names,
    without,
)

pytestmark = pytest.mark.django_db

PAGE, API = "/instansi/", "/api/v1/institutions/"
CENTRAL = 75  # ministries and agencies in the seeded directory (627 less 552 regions)

# (parameters, how many institutions, a code among them). Pages of 50 on both sides,
# by code: the first page is compared.
CASES: list[tuple[dict[str, Any], tuple[int, str]]] = [
    ({"q": "surabaya"}, (1, "35.78")),
    ({"q": "  surabaya "}, (1, "35.78")),
    ({"q": "Home Affairs"}, (1, "K.09")),  # the English name
    ({"q": "35.7"}, (9, "35.78")),  # the start of a code
    ({"q": "kemendagri"}, (1, "K.09")),  # the short name
    ({"kind": "provinsi", "q": "jawa"}, (3, "35")),
    ({"parent_code": "35"}, (38, "35.78")),
    ({"parent_code": "35", "kind": "kota"}, (9, "35.78")),
    ({"kind": "kota", "q": "", "parent_code": ""}, (98, "11.71")),  # blank is no value
    ({"group": "central"}, (CENTRAL, "K.09")),  # the dashboard's "Ministries and agencies"
    ({"group": "regional", "q": "surabaya"}, (1, "35.78")),
    ({"group": "central", "q": "surabaya"}, (0, "")),
]
INVALID: list[tuple[dict[str, Any], str]] = [
    ({"kind": "planet", "q": "surabaya"}, "kind"),
    ({"group": "planet", "q": "surabaya"}, "group"),
    ({"q": "x" * 201, "kind": "provinsi"}, "q"),
    ({"q": "bu\x00di", "kind": "provinsi"}, "q"),
    ({"parent_code": "3" * 17, "kind": "provinsi"}, "parent_code"),
]


def _page(params: dict[str, Any]) -> tuple[int, list[str]]:
    response = Client().get(PAGE, params)
    assert response.status_code == 200
    return response.context["paginator"].count, [i.code for i in response.context["object_list"]]


def _api(params: dict[str, Any]) -> tuple[int, list[str]]:
    response = Client().get(API, params)
    assert response.status_code == 200, response.json()
    body = response.json()
    return body["count"], [i["code"] for i in body["results"]]


@pytest.mark.parametrize(("params", "expected"), CASES, ids=[str(p) for p, _e in CASES])
def test_page_and_api_list_the_same_institutions(params, expected):  # type: ignore[no-untyped-def]
    count, code = expected
    page = _page(params)
    assert page == _api(params)
    assert page[0] == count and (code in page[1] if code else not page[1])


@pytest.mark.parametrize(("params", "bad"), INVALID, ids=[b for _p, b in INVALID])
def test_an_invalid_value_is_dropped_on_the_page_and_refused_by_the_api(params, bad):  # type: ignore[no-untyped-def]
    assert api_refusal(Client(), API, params) == bad
    assert _page(params) == _api(without(params, bad))


def test_every_filter_is_on_the_page_and_in_the_api():
    filters = set(InstitutionFilter.base_filters)
    assert page_filter_names(Client().get(PAGE).content.decode()) == filters
    assert schema_filter_names(API) == filters
    assert case_names(CASES) == filters
