"""Every query parameter of every list, any value, any caller: an answer, never a 500.

Issue 8, finding 8: ``GET /api/v1/employees/?work_unit=81564618498373386240`` overflowed
SQLite's integer for every role, and blank values passed where the schema forbade them.
The API's parameters are read from the live schema, so an endpoint added later is
covered without touching this file. For each caller (a visitor, every role, a
superuser) and each parameter:

- hostile values (huge and negative numbers, "²" which ``str.isdigit()`` accepts and
  ``int()`` refuses, NUL, invalid UTF-8, a right-to-left override, 1,000 characters,
  impossible dates) get an answer below 500, an error with a sentence, and a status the
  schema documents for that operation;
- a blank value is no value (the schema says ``allowEmptyValue`` on every optional
  query parameter): ``?p=`` answers exactly what leaving ``p`` out answers.

The screens' GET filters get the same hostile values: ignored or refused, never a 500.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from tangguh.accounts.services import api_token_issue
from tangguh.core.roles import Role
from tangguh.people.models import Employee, ImportJob, TransferRequest
from tests.accounts.factories import UserFactory
from tests.people.test_views_permissions import dry_run, employee, new_nip, row, transfer
from tests.permissions import HOME_CODE, OTHER_CODE, _institution, make_user

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", *Role.values, "superuser"]

# Sent as they stand in a query string (already percent-encoded where it matters).
HOSTILE = [
    "0", "-1", "81564618498373386240", "1e3", "abc", quote("²"), "%00", "%ED%A0%80",
    quote("\u202e"), "2026-02-30", "9999-12-31", "0001-01-01", "x" * 1000,
]  # fmt: skip
# The screens take fewer: each renders a whole page.
HOSTILE_WEB = ["-1", "81564618498373386240", quote("²"), "%00", "%FF", "x" * 300, "abc",
               "9999-12-31", "0001-01-01"]  # fmt: skip
# Path segments where an id or a code goes.
HOSTILE_PATH = ["abc", "-1", "0", "81564618498373386240", "%00", quote("²"), "%FF"]


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    surabaya, sleman = _institution(HOME_CODE), _institution(OTHER_CODE)
    for inst in (surabaya, sleman):
        employee(inst)
        transfer(inst)
        actor = make_user(Role.OPERATOR, inst.code)
        dry_run(institution=inst, actor=actor, rows=[row(new_nip()), row("1985")])
    users: dict[str, Any] = {"anonymous": None}
    for role in Role.values:
        users[role] = make_user(role, HOME_CODE)
    users["superuser"] = UserFactory(is_superuser=True, is_staff=True, role=Role.OPERATOR)
    return {
        "users": users,
        "ids": {
            "employees": Employee.objects.filter(institution=surabaya).first().pk,
            "imports": ImportJob.objects.filter(institution=surabaya).first().pk,
            "transfers": TransferRequest.objects.first().pk,
        },
    }


def _api_client(user: Any) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token_issue(user=user).key}"
    return client


def _web_client(user: Any) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _schema() -> dict[str, Any]:
    return Client().get("/api/v1/schema/?format=json").json()


def _fill(path: str, ids: dict[str, int]) -> str:
    resource = path.split("/")[3]
    return path.replace("{id}", str(ids.get(resource, 1))).replace("{code}", HOME_CODE)


def _comparable(response: Any) -> Any:
    """What must not change between ``?p=`` and no ``p``: the status and the rows."""
    if response.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        if isinstance(body, dict) and "results" in body:
            body = body["results"]
        return response.status_code, body
    return response.status_code, response.content


def _assert_answer(response: Any, operation: dict[str, Any], url: str) -> None:
    status = response.status_code
    assert status < 500, (url, status)
    if status >= 400:
        assert str(status) in operation["responses"], (url, status, "not in the schema")
        body = response.json()
        assert isinstance(body, dict) and body.get("detail"), (url, body)


@pytest.mark.parametrize("caller", CALLERS)
def test_api_query_parameters_any_value(caller: str, world: dict[str, Any]) -> None:
    client = _api_client(world["users"][caller])
    checked = 0
    for path, operations in _schema()["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        url = _fill(path, world["ids"])
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            name = parameter["name"]
            assert parameter.get("allowEmptyValue") is True, (path, name)
            for value in HOSTILE:
                _assert_answer(client.get(f"{url}?{name}={value}"), operation, url)
                checked += 1
            # Blank is no value, as the schema says. (A list that changes with each read,
            # the audit's, is compared by status: reading it is an entry of its own.)
            absent = _comparable(client.get(url))
            blank = _comparable(client.get(f"{url}?{name}="))
            if absent == _comparable(client.get(url)):
                assert blank == absent, (path, name)
            else:
                assert blank[0] == absent[0], (path, name)
    assert checked > 200  # the schema was read: every list's parameters were tried


@pytest.mark.parametrize("caller", ["anonymous", Role.OPERATOR, "superuser"])
def test_api_path_segments_any_value(caller: str, world: dict[str, Any]) -> None:
    client = _api_client(world["users"][caller])
    for path, operations in _schema()["paths"].items():
        if "{" not in path:
            continue
        for method, operation in operations.items():
            for value in HOSTILE_PATH:
                url = path.replace("{id}", value).replace("{code}", value)
                _assert_answer(getattr(client, method)(url), operation, url)


WEB_FILTERS = {
    "/pegawai/": ["q", "institution", "work_unit", "position_kind", "rank", "status", "after",
                  "before"],
    "/pegawai/ekspor/": ["q", "institution", "work_unit", "status", "fmt"],
    "/pegawai/mutasi/": ["status"],
    "/pegawai/impor/{imports}/": ["page"],
    "/instansi/": ["q", "kind", "parent_code", "page"],
    "/instansi/pilih/?for=register&field=institution": ["cari", "institution", "field", "for"],
    "/audit/": ["nip", "user", "action", "date_from", "date_to", "before", "after"],
    "/audit/ekspor/": ["nip", "date_from", "date_to", "fmt"],
    "/akun/token/": ["active"],
}  # fmt: skip
WEB_OBJECTS = ["/pegawai/{}/", "/pegawai/impor/{}/", "/pegawai/impor/{}/progres/",
               "/pegawai/impor/{}/masalah.xlsx", "/pegawai/mutasi/{}/", "/instansi/{}/"]  # fmt: skip


# A superuser sees what a national administrator sees (every row): left out for time.
@pytest.mark.parametrize(
    "caller", ["anonymous", Role.OPERATOR, Role.NATIONAL_ADMIN, Role.CIVIL_SERVANT]
)
def test_screen_filters_any_value(caller: str, world: dict[str, Any]) -> None:
    client = _web_client(world["users"][caller])
    for page, names in WEB_FILTERS.items():
        url = page.format(**world["ids"])
        for name in names:
            for value in HOSTILE_WEB:
                joint = "&" if "?" in url else "?"
                response = client.get(f"{url}{joint}{name}={value}")
                assert response.status_code < 500, (url, name, value, response.status_code)
    for pattern in WEB_OBJECTS:
        for value in HOSTILE_PATH:
            response = client.get(pattern.format(value))
            assert response.status_code < 500, (pattern, value, response.status_code)


def test_the_finding(world: dict[str, Any]) -> None:
    """The request of the finding: 400 naming the parameter, for every caller that may list."""
    for caller in CALLERS:
        response = _api_client(world["users"][caller]).get(
            "/api/v1/employees/?work_unit=81564618498373386240"
        )
        assert response.status_code in (400, 401, 403), (caller, response.status_code)
        if response.status_code == 400:
            assert response.json()["errors"][0]["field"] == "work_unit"


def test_a_screen_search_for_a_superscript_digit_is_a_name_search(world: dict[str, Any]) -> None:
    client = _web_client(world["users"][Role.OPERATOR])
    assert client.get("/pegawai/?q=²").status_code == 200
    assert client.get("/pegawai/?after=²&before=81564618498373386240").status_code == 200
