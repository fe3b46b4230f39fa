"""The register's lists filtered once (people.filters): the page, the API and the export
answer the same rows for the same parameters, and every filter is on all three."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.test import Client

from tangguh.core.roles import Role
from tangguh.people.filters import EmployeeFilter, TransferFilter
from tangguh.people.models import Employee, TransferRequest
from tests.list_filters import (
    api_refusal,
    api_rows,
    case_names,
    page_filter_names,
    schema_filter_names,
    without,
)
from tests.permissions import client_for, make_user

from .factories import EmployeeFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db

PAGE, EXPORT, API = "/pegawai/", "/pegawai/ekspor/", "/api/v1/employees/"

# a, b, c in Kota Surabaya; d in Kabupaten Sleman. "{unit}" is a's work unit.
PEOPLE = {
    "a": dict(nip="198507122010012001", full_name="Siti Rahmawati", rank="III/a",
              position_kind="fungsional", status="active", education="S1"),
    "b": dict(nip="197001011995031002", full_name="Budi Santoso", rank="IV/a",
              position_kind="pelaksana", status="retired"),
    "c": dict(nip="199305132022212001", full_name="Siti Aminah", rank="IX",
              position_kind="pelaksana", status="active", employee_kind="PPPK", education="SMA"),
    "d": dict(nip="198507122011012003", full_name="Siti Nurhaliza", rank="III/a",
              position_kind="fungsional", status="active", education="S1"),
}  # fmt: skip

# (parameters, the people listed) for a national administrator; an operator of Kota
# Surabaya gets the same minus Sleman's. One table for the page, the API and the export.
CASES: list[tuple[dict[str, Any], str]] = [
    ({}, "abcd"),
    ({"q": "siti"}, "acd"),
    ({"q": "  SITI   rahma "}, "a"),
    ({"q": "19850712"}, "ad"),
    ({"q": "'1985 0712 2010"}, "a"),
    ({"q": "198507122011012003"}, "d"),
    ({"institution": "35.78"}, "abc"),
    ({"institution": "34.04", "q": "siti"}, "d"),
    ({"work_unit": "{unit}"}, "a"),
    ({"institution": "35.78", "work_unit": "{unit}"}, "a"),
    ({"institution": "34.04", "work_unit": "{unit}"}, ""),
    ({"position_kind": "fungsional"}, "ad"),
    ({"rank": "IX"}, "c"),
    ({"rank": "III/a", "status": "active"}, "ad"),
    ({"status": "retired"}, "b"),
    ({"education": "S1"}, "ad"),
    ({"status": "", "rank": "", "q": ""}, "abcd"),  # blank is no value
    ({"impor": "999999"}, ""),  # an import nobody sees (test_import_preview_views.py)
]
# (parameters, the one that does not validate): a 400 naming it on the API; the page
# and the export drop it and apply the rest.
INVALID: list[tuple[dict[str, Any], str]] = [
    ({"status": "sleeping", "q": "siti"}, "status"),
    ({"rank": "III/z"}, "rank"),
    ({"position_kind": "boss", "status": "active"}, "position_kind"),
    ({"work_unit": "81564618498373386240"}, "work_unit"),
    ({"work_unit": "²", "institution": "35.78"}, "work_unit"),
    ({"work_unit": "-3"}, "work_unit"),
    ({"q": "x" * 101}, "q"),
    ({"q": "bu\x00di"}, "q"),
    ({"institution": "x" * 17}, "institution"),
]


@pytest.fixture
def people(surabaya: Any, sleman: Any) -> dict[str, Employee]:
    made = {}
    for key, values in PEOPLE.items():
        institution = sleman if key == "d" else surabaya
        unit = WorkUnitFactory(institution=institution, name=f"Bidang {key}", path=f"Bidang {key}")
        made[key] = EmployeeFactory(institution=institution, work_unit=unit, **values)
    return made


def _client(role: str, code: str) -> Client:
    client = client_for(make_user(role, code))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def national() -> Client:
    return _client(Role.NATIONAL_ADMIN, "K.09")


@pytest.fixture
def operator(surabaya: Any) -> Client:
    return _client(Role.OPERATOR, "35.78")


def _params(params: dict[str, Any], people: dict[str, Employee]) -> dict[str, Any]:
    unit = str(people["a"].work_unit_id)
    return {k: str(v).replace("{unit}", unit) for k, v in params.items()}


def _page(client: Client, params: dict[str, Any]) -> set[str]:
    response = client.get(PAGE, params)
    assert response.status_code == 200
    return {e.nip for e in response.context["employees"]}


def _export(client: Client, params: dict[str, Any], fmt: str = "csv") -> set[str]:
    response = client.get(EXPORT, {**params, "fmt": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        cells = {cell for row in list(csv.reader(io.StringIO(text)))[1:] for cell in row}
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = {str(c) for row in sheet.iter_rows(min_row=2, values_only=True) for c in row}
    return cells & {p["nip"] for p in PEOPLE.values()}


def _api(client: Client, params: dict[str, Any]) -> set[str]:
    return set(api_rows(client, API, params, "nip"))


def _nips(keys: str) -> set[str]:
    return {PEOPLE[k]["nip"] for k in keys}


@pytest.mark.parametrize(("params", "listed"), CASES, ids=[str(p) for p, _l in CASES])
def test_page_api_and_export_list_the_same_people(national, operator, people, params, listed):  # type: ignore[no-untyped-def]
    params = _params(params, people)
    for client, expected in ((national, _nips(listed)), (operator, _nips(listed) - _nips("d"))):
        assert _page(client, params) == expected
        assert _api(client, params) == expected
        assert _export(client, params) == expected
    assert _export(national, params, "xlsx") == _nips(listed)


@pytest.mark.parametrize(("params", "bad"), INVALID, ids=[b for _p, b in INVALID])
def test_an_invalid_value_is_dropped_on_the_page_and_the_export_and_refused_by_the_api(
    national, people, params, bad
):  # type: ignore[no-untyped-def]
    params = _params(params, people)
    assert api_refusal(national, API, params) == bad
    applied = _api(national, without(params, bad))  # what the rest of the parameters list
    assert _page(national, params) == applied
    assert _export(national, params) == applied


def test_every_filter_is_on_the_page_in_the_api_and_in_the_table(national, people):  # type: ignore[no-untyped-def]
    filters = set(EmployeeFilter.base_filters)
    # Narrowed to one institution, the bar offers everything (its work units too).
    html = national.get(PAGE, {"institution": "35.78"}).content.decode()
    # The rows of one import: offered by the import's page as a link, not by the bar.
    assert page_filter_names(html) == filters - {"impor"}
    assert schema_filter_names(API) == filters
    # The export takes the list's parameters: every filter has a case in the tables above.
    assert case_names(CASES) == filters
    assert {bad for _p, bad in INVALID} <= filters


def test_the_bar_shows_a_filter_in_force_that_it_does_not_offer(national, people):  # type: ignore[no-untyped-def]
    """A link from elsewhere (a unit without its institution): the bar says what applies."""
    unit = people["a"].work_unit
    html = national.get(PAGE, {"work_unit": unit.pk}).content.decode()
    assert f'<option value="{unit.pk}" selected>{unit.path}</option>' in html
    # An invalid value is dropped, and not shown as if it applied.
    html = national.get(PAGE, {"work_unit": "abc"}).content.decode()
    assert '<option value="abc"' not in html


def test_the_export_records_the_filters_in_force(national, people):  # type: ignore[no-untyped-def]
    from tangguh.core.models import AuditEntry

    _export(national, {"status": "active", "rank": "III/z", "q": " siti "})
    entry = AuditEntry.objects.filter(action="people.export").latest("id")
    assert entry.data["filters"] == {"status": "active", "q": "siti"}  # the bad rank dropped


# --- transfers -------------------------------------------------------------------

TRANSFER_PAGE, TRANSFER_API = "/pegawai/mutasi/", "/api/v1/transfers/"
TRANSFER_CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({"status": "pending"}, {"pending"}),
    ({"status": "confirmed"}, {"confirmed"}),
    ({"status": "rejected"}, {"rejected"}),
    ({"status": "all"}, {"pending", "confirmed", "rejected"}),
    ({"status": ""}, {"pending", "confirmed", "rejected"}),  # blank is no value
]


@pytest.fixture
def transfers(surabaya: Any, sleman: Any) -> dict[str, int]:
    made = {}
    for status in ("pending", "confirmed", "rejected"):
        # Kota Surabaya holds the records; Sleman's import asked for them.
        made[status] = TransferRequest.objects.create(
            employee=EmployeeFactory(institution=surabaya),
            from_institution=surabaya,
            to_institution=sleman,
            status=status,
        ).pk
    return made


def _transfer_page(client: Client, params: dict[str, Any]) -> set[int]:
    response = client.get(TRANSFER_PAGE, params)
    assert response.status_code == 200
    return {s.transfer.pk for s in response.context["sights"]}


@pytest.mark.parametrize(
    ("params", "statuses"),
    TRANSFER_CASES,
    ids=lambda v: str(sorted(v) if isinstance(v, set) else v),  # a set's order varies by run
)
def test_transfer_page_and_api_list_the_same_transfers(transfers, params, statuses):  # type: ignore[no-untyped-def]
    client = _client(Role.INSTITUTION_ADMIN, "35.78")
    expected = {transfers[s] for s in statuses}
    assert _transfer_page(client, params) == expected
    assert set(api_rows(client, TRANSFER_API, params, "id")) == expected


def test_transfer_page_opens_on_pending_and_drops_an_invalid_status(transfers):  # type: ignore[no-untyped-def]
    client = _client(Role.INSTITUTION_ADMIN, "35.78")
    # The page's default (``page_defaults``); the API has none: absent lists every one.
    assert _transfer_page(client, {}) == {transfers["pending"]}
    assert set(api_rows(client, TRANSFER_API, {}, "id")) == set(transfers.values())
    assert api_refusal(client, TRANSFER_API, {"status": "sleeping"}) == "status"
    assert _transfer_page(client, {"status": "sleeping"}) == set(transfers.values())


def test_every_transfer_filter_is_on_the_page_and_in_the_api(transfers):  # type: ignore[no-untyped-def]
    client = _client(Role.INSTITUTION_ADMIN, "35.78")
    filters = set(TransferFilter.base_filters)
    assert page_filter_names(client.get(TRANSFER_PAGE).content.decode()) == filters
    assert schema_filter_names(TRANSFER_API) == filters
    assert case_names(TRANSFER_CASES) == filters
