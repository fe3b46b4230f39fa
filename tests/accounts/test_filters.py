"""API tokens filtered once (accounts.filters): the page and the API answer the same tokens
for the same parameters, and the filter is on both."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tangguh.accounts.filters import TokenFilter
from tangguh.accounts.models import ApiToken
from tangguh.accounts.services import api_token_issue, api_token_revoke
from tangguh.core.roles import Role
from tests.list_filters import (
    api_refusal,
    api_rows,
    case_names,
    page_filter_names,
    schema_filter_names,
)
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db

PAGE, API = "/akun/token/", "/api/v1/auth/tokens/"
CASES: list[tuple[dict[str, Any], str]] = [
    ({"active": "true"}, "w"),
    ({"active": "TRUE"}, "w"),
    ({"active": "1"}, "w"),
    ({"active": "false"}, "re"),
    ({"active": "0"}, "re"),
    ({"active": ""}, "wre"),  # blank is no value
]


@pytest.fixture
def tokens(surabaya: Any) -> tuple[Client, dict[str, int]]:
    user = make_user(Role.INSTITUTION_ADMIN, "35.78")
    working = api_token_issue(user=user).token
    revoked = api_token_revoke(token=api_token_issue(user=user).token, actor=user)
    expired = api_token_issue(user=user).token
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    return client_for(user), {"w": working.pk, "r": revoked.pk, "e": expired.pk}


def _page(client: Client, params: dict[str, Any]) -> set[int]:
    response = client.get(PAGE, params)
    assert response.status_code == 200
    return {t.pk for t in response.context["tokens"]}


@pytest.mark.parametrize(("params", "listed"), CASES, ids=[str(p) for p, _l in CASES])
def test_page_and_api_list_the_same_tokens(tokens, params, listed):  # type: ignore[no-untyped-def]
    client, made = tokens
    expected = {made[k] for k in listed}
    assert _page(client, params) == expected
    assert set(api_rows(client, API, params, "id")) == expected


def test_page_opens_on_working_tokens_and_drops_an_invalid_value(tokens):  # type: ignore[no-untyped-def]
    client, made = tokens
    # The page's default (``page_defaults``); the API has none: absent lists every one.
    assert _page(client, {}) == {made["w"]}
    assert set(api_rows(client, API, {}, "id")) == set(made.values())
    assert api_refusal(client, API, {"active": "maybe"}) == "active"
    assert _page(client, {"active": "maybe"}) == set(made.values())


def test_the_filter_is_on_the_page_and_in_the_api(tokens):  # type: ignore[no-untyped-def]
    client, _made = tokens
    filters = set(TokenFilter.base_filters)
    assert page_filter_names(client.get(PAGE).content.decode()) == filters
    assert schema_filter_names(API) == filters
    assert case_names(CASES) == filters
