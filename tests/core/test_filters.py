"""The audit filtered once (core.filters_audit): the page, the API and the export answer the
same entries for the same parameters, refuse the same bad ones, and every filter is on all
three. Unlike the other lists, the page answers a bad filter with its error (400): an
auditor who mistyped a NIP must not be shown every entry as if it concerned that person.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tangguh.core.audit import audit_record
from tangguh.core.filters_audit import AuditFilter
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

PAGE, EXPORT, API = "/audit/", "/audit/ekspor/", "/api/v1/audit/"
NIP = "198507122010012001"
OTHER_NIP = "197001011995031002"
_MARKER = re.compile(r"marker-[0-9a-f]{10}")

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)
# (parameters, the entries listed). "{user}" is the reader who made entry "v".
CASES: list[tuple[dict[str, Any], str]] = [
    ({}, "vxl"),
    ({"nip": NIP}, "vx"),
    ({"nip": "'19850712 201001 2 001"}, "vx"),
    ({"nip": OTHER_NIP, "action": "people.employee.list"}, "l"),
    ({"user": "{user}"}, "v"),
    ({"action": "people.export"}, "x"),
    ({"date_from": TODAY.isoformat()}, "vxl"),
    ({"date_from": TODAY.strftime("%d-%m-%Y"), "date_to": TODAY.strftime("%d/%m/%Y")}, "vxl"),
    ({"date_to": YESTERDAY.isoformat()}, ""),
    ({"nip": "", "user": "", "action": "", "date_from": "", "date_to": ""}, "vxl"),
]
# Refused by all three, naming the field (the page with its error, the API with a 400).
INVALID: list[tuple[dict[str, Any], str]] = [
    ({"nip": "1985"}, "nip"),
    ({"action": "no.such"}, "action"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"date_from": TODAY.isoformat(), "date_to": YESTERDAY.isoformat()}, "date_to"),
    ({"user": "x" * 151}, "user"),
]


@pytest.fixture
def entries(surabaya: Any) -> dict[str, Any]:
    reader = make_user(Role.OPERATOR, "35.78", username=f"siti-{uuid.uuid4().hex[:6]}")
    made = {"reader": reader.username}
    for key, action, actor, nips in (
        ("v", "people.employee.view", reader, [NIP]),
        ("x", "people.export", None, [NIP, OTHER_NIP]),
        ("l", "people.employee.list", None, [OTHER_NIP]),
    ):
        marker = f"marker-{uuid.uuid4().hex[:10]}"
        audit_record(
            institution=surabaya, actor=actor, action=action, nips=nips, data={"file": marker}
        )
        made[key] = marker
    return made


@pytest.fixture
def auditor(jatim: Any) -> Client:
    client = client_for(make_user(Role.AUDITOR, "35"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _params(params: dict[str, Any], entries: dict[str, Any]) -> dict[str, Any]:
    return {k: v.replace("{user}", entries["reader"].upper()) for k, v in params.items()}


def _page(client: Client, params: dict[str, Any]) -> set[str]:
    response = client.get(PAGE, params)
    assert response.status_code == 200
    return {str(e.data.get("file")) for e in response.context["entries"]}


def _export(client: Client, params: dict[str, Any]) -> set[str]:
    response = client.get(EXPORT, {**params, "fmt": "csv"})
    assert response.status_code == 200
    return set(_MARKER.findall(b"".join(response.streaming_content).decode("utf-8-sig")))


def _api(client: Client, params: dict[str, Any]) -> set[str]:
    return {str(d.get("file")) for d in api_rows(client, API, params, "details")}


@pytest.mark.parametrize(("params", "listed"), CASES, ids=[str(p) for p, _l in CASES])
def test_page_api_and_export_list_the_same_entries(auditor, entries, params, listed):  # type: ignore[no-untyped-def]
    params = _params(params, entries)
    expected = {entries[k] for k in listed}
    # Reading the audit is recorded: those entries carry no marker and are left out.
    assert _page(auditor, params) & set(_markers(entries)) == expected
    assert _api(auditor, params) & set(_markers(entries)) == expected
    assert _export(auditor, params) == expected


def _markers(entries: dict[str, Any]) -> list[str]:
    return [entries[k] for k in "vxl"]


@pytest.mark.parametrize(("params", "bad"), INVALID, ids=[b for _p, b in INVALID])
def test_a_bad_filter_is_refused_by_all_three_naming_the_field(auditor, entries, params, bad):  # type: ignore[no-untyped-def]
    assert api_refusal(auditor, API, params) == bad
    page = auditor.get(PAGE, params)
    assert page.status_code == 400 and page.context["form"].errors.keys() == {bad}
    export = auditor.get(EXPORT, {**params, "fmt": "csv"})
    assert export.status_code == 400 and export.context["form"].errors.keys() == {bad}


def test_every_audit_filter_is_on_the_page_and_in_the_api(auditor, entries):  # type: ignore[no-untyped-def]
    filters = set(AuditFilter.base_filters)
    assert page_filter_names(auditor.get(PAGE).content.decode()) == filters
    assert schema_filter_names(API) == filters
    assert case_names(CASES) == filters  # the export takes the page's parameters
