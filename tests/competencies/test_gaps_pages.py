"""The gaps pages, API and command say what the rule says: a person's gaps with the
unassessed shown as such, the summary's figures per competency and column, filters
that narrow them, strict API parameters, and a NIP outside the reader's scope refused."""

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tangguh.competencies.profile import refresh
from tangguh.core.roles import Role
from tests.competencies.factories import AdministratorPositionFactory, AssessmentFactory
from tests.people.factories import EmployeeFactory, WorkUnitFactory
from tests.permissions import HOME_CODE, OTHER_CODE, _institution, client_for, make_user

pytestmark = pytest.mark.django_db


def _people() -> tuple[Any, Any]:
    institution = _institution(HOME_CODE)
    position = AdministratorPositionFactory(institution=institution)
    unit = WorkUnitFactory(institution=institution, name="Bagian Uji Kesenjangan")
    short = EmployeeFactory(institution=institution, position=position, work_unit=unit)
    AssessmentFactory(employee=short, level=1)  # M.01: required 3 → short by 2
    refresh([short.pk])
    unassessed = EmployeeFactory(institution=institution, position=position, work_unit=unit)
    return short, unassessed


def test_the_command_prints_the_gaps_as_json() -> None:
    short, unassessed = _people()
    out = io.StringIO()
    call_command("competencies", "gaps", "--nip", short.nip, "--json", stdout=out)
    rows = {r["competency_code"]: r for r in json.loads(out.getvalue())}
    assert rows["M.01"] == {"competency_code": "M.01", "required": 3, "current": 1, "gap": 2}
    assert rows["M.02"] == {"competency_code": "M.02", "required": 3, "current": None, "gap": None}
    out = io.StringIO()
    call_command("competencies", "gaps", "--nip", unassessed.nip, "--json", stdout=out)
    assert {r["gap"] for r in json.loads(out.getvalue())} == {None}


def test_the_summary_counts_people_per_competency_and_unit() -> None:
    _people()
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    data = client.get(reverse("api:competencies-gaps")).json()
    assert data["level"] == "institution"
    m01 = next(line for line in data["lines"] if line["competency_code"] == "M.01")
    assert m01["total"] == {
        "people": 2,
        "not_assessed": 1,
        "meets": 0,
        "short_by": [0, 1, 0, 0],
        "short": 1,
    }
    column = next(c for c in m01["columns"] if c["column"] == "Bagian Uji Kesenjangan")
    assert (column["people"], column["short"]) == (2, 1)
    # Narrowed to socio-cultural competencies: only S.01 remains.
    narrowed = client.get(reverse("api:competencies-gaps"), {"kind": "sociocultural"}).json()
    assert [line["competency_code"] for line in narrowed["lines"]] == ["S.01"]
    # A tier nobody holds: nothing.
    assert client.get(reverse("api:competencies-gaps"), {"tier": "pelaksana"}).json()["lines"] == []
    # The XLSX has the same figures.
    book = load_workbook(io.BytesIO(client.get(reverse("competencies:gaps_xlsx")).content))
    rows = {r[0]: r for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert rows["M.01"][2:5] == (2, 1, 0)


def test_a_province_reads_its_institutions_as_columns() -> None:
    _people()
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    data = client.get(reverse("api:competencies-gaps")).json()
    assert data["level"] == "province"
    m01 = next(line for line in data["lines"] if line["competency_code"] == "M.01")
    surabaya = next(c for c in m01["columns"] if "Surabaya" in c["column"])
    assert (surabaya["people"], surabaya["short"]) == (2, 1)


def test_the_api_refuses_parameters_it_cannot_read() -> None:
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    for params in ({"kind": "magic"}, {"tier": "x"}, {"unit": "abc"}, {"unit": "999999999"}):
        response = client.get(reverse("api:competencies-gaps"), params)
        assert response.status_code == 400, params
    assert (
        client.get(reverse("api:competencies-gaps"), {"institution": OTHER_CODE}).status_code == 404
    )


def test_a_nip_outside_the_scope_is_not_opened() -> None:
    short, _unassessed = _people()
    outsider = client_for(make_user(Role.INSTITUTION_ADMIN, OTHER_CODE))
    response = outsider.get(reverse("competencies:gaps"), {"nip": short.nip})
    assert response.status_code == 200
    assert short.display_name not in response.content.decode()
    insider = client_for(make_user(Role.INSTITUTION_ADMIN))
    response = insider.get(reverse("competencies:gaps"), {"nip": short.nip})
    assert response.status_code == 302
    assert response["Location"] == reverse("competencies:person", kwargs={"nip": short.nip})
