"""The API's create and PATCH of one civil servant: the edit service, every field the import knows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import Employee
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(surabaya: Any) -> Any:
    return client_for(make_user(Role.OPERATOR, "35.78"))


@pytest.fixture
def person(surabaya: Any) -> Employee:
    return EmployeeFactory(
        institution=surabaya,
        full_name="Budi Santoso",
        title_front="",
        period_start=date(2015, 1, 1),
    )


def _patch(api: Any, person: Employee, body: dict[str, Any]) -> Any:
    url = reverse("api:employee-detail", args=[person.pk])
    return api.patch(url, body, content_type="application/json")


def test_patch_changes_education_and_unit_with_history(api, person) -> None:
    response = _patch(
        api, person, {"education": "S2", "work_unit": "Dinas Baru", "valid_from": "2024-02-01"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["education"], body["work_unit"]) == ("S2", "Dinas Baru")
    person.refresh_from_db()
    assert person.period_start == date(2024, 2, 1)
    assert person.history.get().valid_to == date(2024, 2, 1)
    entry = AuditEntry.objects.get(action="people.employee.update")
    assert set(entry.data["changes"]) == {"education", "work_unit"}


def test_patch_refuses_a_birth_date_against_the_nip_on_the_field(api, person) -> None:
    wrong = (person.birth_date + timedelta(days=1)).isoformat()
    response = _patch(api, person, {"birth_date": wrong, "full_name": "Budi X"})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["birth_date"]
    person.refresh_from_db()
    assert person.full_name == "Budi Santoso"


def test_patch_cannot_change_the_nip(api, person) -> None:
    response = _patch(api, person, {"nip": "198507122010012003", "full_name": "Budi Santosa"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.nip != "198507122010012003" and person.full_name == "Budi Santosa"


def test_create_accepts_education_and_named_unit(api, surabaya) -> None:
    body = {
        "nip": "198507122010012096",
        "full_name": "Maya Sari",
        "education": "D3",
        "work_unit": "Bagian Umum",
        "position": "Pranata Komputer",
        "position_kind": "fungsional",
    }
    response = api.post(reverse("api:employee-list"), body, content_type="application/json")
    assert response.status_code == 201, response.json()
    maya = Employee.objects.get(nip="198507122010012096")
    assert (maya.education, maya.work_unit.path, maya.position.name) == (
        "D3",
        "Bagian Umum",
        "Pranata Komputer",
    )
