"""The 20-JP duty's pages, exports and API: the figures they show are the records'."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import EmployeeKind
from tests.development.compliance_helpers import credit, this_year
from tests.people.factories import EmployeeFactory, WorkUnitFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def _people(institution):  # type: ignore[no-untyped-def]
    unit = WorkUnitFactory(institution=institution, name="Bidang Diklat", path="Bidang Diklat")
    a, b = (
        EmployeeFactory(institution=institution, work_unit=unit, period_start=date(2020, 1, 1))
        for _ in range(2)
    )
    credit(a, 24)
    credit(b, "4.5")
    return unit, a, b


def _xlsx(response):  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_national_page_shows_each_province_and_the_total(surabaya, sleman):  # type: ignore[no-untyped-def]
    _people(surabaya)
    EmployeeFactory(institution=sleman, period_start=date(2020, 1, 1))
    page = client_for(make_user(Role.NATIONAL_ADMIN, "K.09")).get(reverse("development:compliance"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="partial-note"' not in html
    assert 'data-testid="figure-civil-servants">3<' in html
    assert 'data-testid="figure-reached">1<' in html
    assert "33,3 %" in html  # 1 of 3, Indonesian decimal comma
    assert "/pengembangan/kepatuhan-jp/provinsi/35/" in html
    assert "/pengembangan/kepatuhan-jp/provinsi/34/" in html
    assert 'id="chart-provinces"' in html


def test_a_regencys_operator_sees_only_their_scope(surabaya, sleman):  # type: ignore[no-untyped-def]
    _people(surabaya)
    EmployeeFactory(institution=sleman)
    html = client_for(make_user(Role.OPERATOR)).get(reverse("development:compliance")).content
    assert b'data-testid="partial-note"' in html
    assert b"/provinsi/34/" not in html
    assert b'data-testid="figure-civil-servants">2<' in html


def test_the_year_picker_reads_another_year(surabaya):  # type: ignore[no-untyped-def]
    _, a, _ = _people(surabaya)
    credit(a, 30, date(this_year() - 1, 3, 3))
    user = make_user(Role.NATIONAL_ADMIN, "K.09")
    url = reverse("development:compliance_institution", args=["35.78"])
    html = client_for(user).get(url, {"year": this_year() - 1}).content.decode()
    assert 'data-testid="figure-mean">15<' in html
    junk = client_for(user).get(url, {"year": "abc"})
    assert junk.status_code == 200  # not a year: this year


def test_province_and_institution_pages_drill_down_to_the_names(surabaya):  # type: ignore[no-untyped-def]
    unit, a, b = _people(surabaya)
    user = make_user(Role.INSTITUTION_ADMIN, "35")
    client = client_for(user)
    province = client.get(reverse("development:compliance_province", args=["35"])).content.decode()
    assert "/pengembangan/kepatuhan-jp/instansi/35.78/" in province
    institution = client.get(
        reverse("development:compliance_institution", args=["35.78"])
    ).content.decode()
    unit_url = reverse("development:compliance_unit", args=["35.78", unit.pk])
    assert unit_url in institution and "Bidang Diklat" in institution
    names = client.get(unit_url)
    html = names.content.decode()
    assert a.full_name in html and b.nip in html
    assert ">15,5<" in html  # b's remaining JP
    entry = AuditEntry.objects.filter(action="development.compliance_names").latest("id")
    assert entry.people_count == 2


def test_an_auditor_without_the_registers_grant_sees_figures_not_names(surabaya):  # type: ignore[no-untyped-def]
    unit, _, _ = _people(surabaya)
    user = make_user(Role.AUDITOR, "34.04")  # another province: neither figures nor names
    url = reverse("development:compliance_unit", args=["35.78", unit.pk])
    assert client_for(user).get(url).status_code == 404


def test_junk_codes_and_units_are_404(surabaya):  # type: ignore[no-untyped-def]
    client = client_for(make_user(Role.NATIONAL_ADMIN, "K.09"))
    assert client.get("/pengembangan/kepatuhan-jp/provinsi/%00/").status_code == 404
    assert client.get("/pengembangan/kepatuhan-jp/provinsi/35.78/").status_code == 404
    assert client.get("/pengembangan/kepatuhan-jp/instansi/35.78/unit/999999/").status_code == 404
    other = WorkUnitFactory(institution=_institution("34.04"))
    url = reverse("development:compliance_unit", args=["35.78", other.pk])
    assert client.get(url).status_code == 404  # a unit of another institution
    api = client.get("/api/v1/development/compliance/institutions/35.78/units/abc/")
    assert api.status_code == 404 and "detail" in api.json()
    none = client.get("/api/v1/development/compliance/institutions/35.78/units/tanpa-unit/")
    assert none.status_code == 200 and none.json()["work_unit_id"] is None


def _institution(code):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code=code)


def test_the_exports_hold_the_tables_figures(surabaya):  # type: ignore[no-untyped-def]
    unit, a, _ = _people(surabaya)
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    rows = _xlsx(client.get(reverse("development:compliance_institution_export", args=["35.78"])))
    assert rows[1][:3] == ["Bidang Diklat", 2, 1]
    assert rows[1][3] == pytest.approx(0.5)
    people = _xlsx(
        client.get(reverse("development:compliance_unit_export", args=["35.78", unit.pk]))
    )
    assert [a.nip, a.full_name, 24.0] in [r[:3] for r in people]
    national = _xlsx(client.get(reverse("development:compliance_export")))
    assert national[1][0] == "35" and national[1][2:4] == [2, 1]


def test_the_api_gives_the_same_figures(surabaya):  # type: ignore[no-untyped-def]
    unit, a, _ = _people(surabaya)
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    body = client.get(reverse("api:development-compliance-institution", args=["35.78"])).json()
    assert body["total"] == {
        "civil_servants": 2, "reached_20": 1, "share": 0.5, "mean_jp": 14.25, "at_zero": 0
    }  # fmt: skip
    assert body["rows"][0]["work_unit_id"] == unit.pk
    names = client.get(reverse("api:development-compliance-unit", args=["35.78", unit.pk])).json()
    assert {p["nip"]: p["remaining_jp"] for p in names["people"]}[a.nip] == 0
    bad = client.get(reverse("api:development-compliance"), {"year": "1990"})
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json()["errors"]] == ["year"]


def test_my_development_shows_the_bar_against_the_persons_duty(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya, employee_kind=EmployeeKind.PPPK)
    credit(person, 6)
    credit(person, 12, date(this_year() - 1, 5, 5))
    user = make_user(Role.CIVIL_SERVANT, nip=person.nip)
    html = client_for(user).get(reverse("development:my")).content.decode()
    assert 'value="25"' in html  # 6 of 24 JP (PPPK)
    assert "18 JP" in html  # remaining
    assert 'data-testid="past-years"' in html
    mine = client_for(user).get(reverse("api:development-my-jp")).json()
    assert mine["current"]["duty_jp"] == 24 and mine["current"]["jp"] == 6
    assert [y["year"] for y in mine["past"]] == [this_year() - 1]


def test_my_development_without_a_record_says_so(db):  # type: ignore[no-untyped-def]
    html = client_for(make_user(Role.OPERATOR)).get(reverse("development:my")).content.decode()
    assert 'data-testid="no-record"' in html


def test_the_national_page_queries_do_not_grow_with_institutions(  # type: ignore[no-untyped-def]
    surabaya, sleman, django_assert_max_num_queries
):
    user = make_user(Role.NATIONAL_ADMIN, "K.09")
    client = client_for(user)
    _people(surabaya)
    client.get(reverse("development:compliance"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("development:compliance"))
    first = len(few.captured_queries)  # read now: the next request resets the log
    for code in ("34.04", "35.15", "11.01", "32.73"):
        EmployeeFactory(institution=_institution(code))
    client.get(reverse("development:compliance"))
    with django_assert_max_num_queries(first):
        client.get(reverse("development:compliance"))
