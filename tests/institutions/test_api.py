"""/api/v1/institutions/: the public directory, checked against the reference data files."""

import csv

import pytest
from rest_framework.test import APIClient

from tangguh.core.roles import Role
from tangguh.institutions.services import DATA_DIR
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/institutions/"
ITEM_FIELDS = {
    "code",
    "name",
    "name_en",
    "short_name",
    "kind",
    "parent_code",
    "is_national_coordinator",
}


def _reference(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _regencies(*, cities: bool) -> dict[str, str]:
    """Kemendagri codes: the second part 71 and above is a kota, below a kabupaten."""
    return {
        r["code"]: r["name"]
        for r in _reference("regencies.csv")
        if (int(r["code"].split(".")[1]) >= 71) is cities
    }


def get(params: dict[str, object] | None = None, path: str = LIST):  # type: ignore[no-untyped-def]
    return APIClient().get(path, params or {}, HTTP_ACCEPT_LANGUAGE="en")


def test_kota_lists_exactly_the_98_cities():
    response = get({"kind": "kota", "page_size": 500})
    assert response.status_code == 200
    body = response.json()
    expected = _regencies(cities=True)
    assert len(expected) == 98
    assert body["count"] == 98
    assert {i["code"]: i["name"] for i in body["results"]} == expected
    assert {i["kind"] for i in body["results"]} == {"kota"}


def test_kabupaten_lists_the_416_regencies():
    body = get({"kind": "kabupaten", "page_size": 500}).json()
    expected = _regencies(cities=False)
    assert len(expected) == 416
    assert body["count"] == 416
    assert {i["code"]: i["name"] for i in body["results"]} == expected


def test_provinsi_lists_the_38_provinces():
    body = get({"kind": "provinsi", "page_size": 500}).json()
    expected = {r["code"]: r["name"] for r in _reference("provinces.csv")}
    assert len(expected) == 38
    assert body["count"] == 38
    assert {i["code"]: i["name"] for i in body["results"]} == expected
    assert {i["parent_code"] for i in body["results"]} == {None}


def test_parent_code_gives_the_38_regencies_and_cities_of_jawa_timur():
    body = get({"parent_code": "35", "page_size": 500}).json()
    expected = {
        r["code"]: r["name"] for r in _reference("regencies.csv") if r["province_code"] == "35"
    }
    assert len(expected) == 38
    assert body["count"] == 38
    assert {i["code"]: i["name"] for i in body["results"]} == expected
    assert {i["parent_code"] for i in body["results"]} == {"35"}


def test_filters_combine():
    body = get({"parent_code": "35", "kind": "kota"}).json()
    assert body["count"] == 9  # the nine cities of Jawa Timur
    assert all(i["code"].startswith("35.7") for i in body["results"])


def test_q_finds_surabaya_by_name_case_insensitively():
    body = get({"q": "surabaya"}).json()
    assert [i["code"] for i in body["results"]] == ["35.78"]


def test_q_finds_by_code_prefix_and_short_name():
    assert {i["code"] for i in get({"q": "35.7"}).json()["results"]} >= {"35.71", "35.78", "35.79"}
    coordinator = get({"q": "Kemendagri"}).json()["results"]
    assert [(i["code"], i["is_national_coordinator"]) for i in coordinator] == [("K.09", True)]


def test_each_item_has_its_fields():
    item = get({"q": "Kota Surabaya"}).json()["results"][0]
    assert set(item) == ITEM_FIELDS
    assert (item["code"], item["name"], item["kind"], item["parent_code"]) == (
        "35.78",
        "Kota Surabaya",
        "kota",
        "35",
    )


def test_pagination_defaults_to_50_and_counts_everything():
    total = sum(len(_reference(n)) for n in ("provinces.csv", "regencies.csv", "central.csv"))
    body = get().json()
    assert body["count"] == total
    assert len(body["results"]) == 50
    assert body["previous"] is None
    assert "page=2" in body["next"]


def test_page_size_up_to_500():
    body = get({"page_size": 500}).json()
    assert len(body["results"]) == 500
    # A larger page is capped, not refused.
    assert len(get({"page_size": 5000}).json()["results"]) == 500


def test_pages_do_not_overlap_and_are_ordered_by_code():
    first = get({"kind": "kota", "page_size": 60}).json()
    second = get({"kind": "kota", "page_size": 60, "page": 2}).json()
    codes = [i["code"] for i in first["results"] + second["results"]]
    assert len(codes) == len(set(codes)) == 98
    assert codes == sorted(codes)
    assert second["next"] is None


def test_page_past_the_end_is_404_json():
    response = get({"kind": "provinsi", "page": 9})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_bad_kind_is_a_clear_400():
    response = get({"kind": "desa"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "The data is not valid."
    assert [e["field"] for e in body["errors"]] == ["kind"]
    assert "desa" in body["errors"][0]["message"]


def test_detail_by_code():
    response = get(path=f"{LIST}35.78/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ITEM_FIELDS
    assert (body["code"], body["name"], body["kind"], body["parent_code"]) == (
        "35.78",
        "Kota Surabaya",
        "kota",
        "35",
    )


def test_detail_of_a_ministry():
    body = get(path=f"{LIST}K.09/").json()
    assert body["kind"] == "kementerian"
    assert body["short_name"] == "Kemendagri"
    assert body["parent_code"] is None
    assert body["is_national_coordinator"] is True


def test_unknown_code_is_404_json():
    response = get(path=f"{LIST}99.99/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_directory_is_read_only():
    data = {"code": "99", "name": "X", "kind": "provinsi"}
    assert APIClient().post(LIST, data, format="json").status_code == 401
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.NATIONAL_ADMIN))
    assert client.post(LIST, data, format="json").status_code == 405


def test_list_runs_a_fixed_number_of_queries(django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(2):  # count + one page with parents joined
        assert get({"page_size": 500}).status_code == 200
