"""The add, edit and deactivate pages: the import's messages on the fields, values kept,
nothing written on bad input; the person page's buttons and its "Changes"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.employee_check import check_values
from tangguh.people.models import Employee, WorkUnit
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(surabaya: Any) -> Any:
    return client_for(make_user(Role.OPERATOR, "35.78", first_name="Rina", last_name="Operator"))


@pytest.fixture
def person(surabaya: Any) -> Employee:
    return EmployeeFactory(
        institution=surabaya,
        full_name="Budi Santoso",
        title_front="",
        period_start=date(2015, 1, 1),
    )


def _form(e: Employee, **over: Any) -> dict[str, Any]:
    data = {
        "title_front": e.title_front, "full_name": e.full_name, "title_back": e.title_back,
        "sex": e.sex, "birth_date": e.birth_date.isoformat(), "employee_kind": e.employee_kind,
        "status": e.status, "position": e.position.name, "position_kind": e.position_kind,
        "rank": e.rank, "work_unit": e.work_unit.path, "education": e.education,
    }  # fmt: skip
    data.update(over)
    return data


def test_the_form_shows_every_field_of_the_import(operator, person) -> None:
    page = operator.get(reverse("people:edit", args=[person.pk])).content.decode()
    for name in ("full_name", "title_front", "sex", "birth_date", "employee_kind", "status",
                 "position", "position_kind", "rank", "work_unit", "education", "valid_from"):  # fmt: skip
        assert f'name="{name}"' in page, name
    assert 'value="Budi Santoso"' in page
    assert "disabled" in page.split('name="nip"')[1].split(">")[0]  # the NIP is not edited


def test_an_edit_against_the_nip_shows_the_import_message_and_keeps_the_values(
    operator, person
) -> None:
    wrong = (person.birth_date + timedelta(days=3)).isoformat()
    before = Employee.objects.filter(pk=person.pk).values().get()
    response = operator.post(
        reverse("people:edit", args=[person.pk]),
        _form(person, full_name="Budi Santosa", birth_date=wrong, work_unit="Unit Baru"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("id"):
        _staged, errors = check_values(
            {"nip": person.nip, "full_name": "x", "birth_date": wrong}, today=timezone.localdate()
        )
    field_html = page.split('data-field="birth_date"')[1].split("</div>")[0]
    assert escape(errors[0]["message"]) in field_html
    assert 'value="Budi Santosa"' in page and 'value="Unit Baru"' in page
    assert Employee.objects.filter(pk=person.pk).values().get() == before
    assert not WorkUnit.objects.filter(path="Unit Baru").exists()
    assert not AuditEntry.objects.filter(action="people.employee.update").exists()


def test_a_name_edit_shows_on_the_page_with_the_change(operator, person) -> None:
    response = operator.post(
        reverse("people:edit", args=[person.pk]), _form(person, full_name="Budi Santosa")
    )
    assert response.status_code == 302
    page = operator.get(reverse("people:detail", args=[person.pk])).content.decode()
    changes = page.split('data-testid="changes"')[1]
    assert "Mengubah data pegawai" in changes  # Indonesian first
    assert "Rina Operator" in changes
    assert "<del>Budi Santoso</del>" in changes and "<ins>Budi Santosa</ins>" in changes
    assert person.history.count() == 0


def test_the_buttons_show_only_to_those_who_may_change(operator, person, surabaya) -> None:
    url = reverse("people:detail", args=[person.pk])
    assert 'data-testid="edit"' in operator.get(url).content.decode()
    auditor = client_for(make_user(Role.AUDITOR, "35.78"))
    page = auditor.get(url).content.decode()
    assert 'data-testid="edit"' not in page and 'data-testid="deactivate"' not in page


def test_changes_of_another_institution_stay_out_of_view(person, sleman) -> None:
    AuditEntry.objects.create(action="people.employee.update", institution=sleman, data={})
    entry = AuditEntry.objects.latest("id")
    entry.subjects.create(nip=person.nip, change="U")
    auditor = client_for(make_user(Role.AUDITOR, "35.78"))
    page = auditor.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert 'data-testid="changes"' not in page


def test_add_refuses_a_bad_nip_on_the_field(operator) -> None:
    response = operator.post(
        reverse("people:add"),
        {
            "nip": "198507122010013001",
            "full_name": "Maya Sari",
            "employee_kind": "PNS",
            "status": "active",
        },
    )
    assert response.status_code == 200
    field_html = response.content.decode().split('data-field="nip"')[1].split("</div>")[0]
    assert "field-error" in field_html
    assert not Employee.objects.filter(full_name="Maya Sari").exists()


def test_add_then_deactivate(operator, surabaya) -> None:
    response = operator.post(
        reverse("people:add"),
        {
            "nip": "198507122010012097",
            "full_name": "Maya Sari",
            "employee_kind": "PNS",
            "status": "active",
            "work_unit": "Bagian Umum",
            "education": "S1",
            "valid_from": "2020-03-01",
        },
    )
    assert response.status_code == 302
    maya = Employee.objects.get(nip="198507122010012097")
    assert (maya.institution, maya.work_unit.path, maya.education) == (
        surabaya,
        "Bagian Umum",
        "S1",
    )
    assert maya.period_start == date(2020, 3, 1)
    url = reverse("people:deactivate", args=[maya.pk])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    refused = operator.post(url, {"status": "retired", "date": future})
    assert refused.status_code == 200 and "tidak boleh di masa depan" in refused.content.decode()
    assert operator.post(url, {"status": "retired", "date": "2026-01-31"}).status_code == 302
    maya.refresh_from_db()
    assert (maya.status, maya.period_start) == ("retired", date(2026, 1, 31))
    assert maya.history.get().valid_to == date(2026, 1, 31)


def test_a_national_administrator_picks_the_institution(sleman) -> None:
    admin = client_for(make_user(Role.NATIONAL_ADMIN, "35.78"))
    page = admin.get(reverse("people:add")).content.decode()
    assert 'data-testid="picker-institution"' in page
    data = {"nip": "198507122010012095", "full_name": "Maya Sari", "employee_kind": "PNS"}
    refused = admin.post(reverse("people:add"), {**data, "status": "active"})
    assert refused.status_code == 200 and not Employee.objects.filter(nip=data["nip"]).exists()
    done = admin.post(reverse("people:add"), {**data, "status": "active", "institution": "34.04"})
    assert done.status_code == 302
    assert Employee.objects.get(nip=data["nip"]).institution == sleman


def test_a_refused_field_names_its_message_for_screen_readers(operator, person) -> None:
    wrong = (person.birth_date + timedelta(days=3)).isoformat()
    page = operator.post(
        reverse("people:edit", args=[person.pk]), _form(person, birth_date=wrong)
    ).content.decode()
    tag = (
        page.split('name="birth_date"')[0].rsplit("<input", 1)[1]
        + page.split('name="birth_date"')[1].split(">")[0]
    )
    assert 'aria-invalid="true"' in tag and 'aria-describedby="id_birth_date-error"' in tag
    assert 'id="id_birth_date-error"' in page


def test_the_receiving_side_sees_the_transfer_that_brought_the_person(person, sleman) -> None:
    from tangguh.core.audit import audit_record

    audit_record(
        actor=None,
        action="people.transfer_confirm",
        institution=sleman,
        data={"nip": person.nip, "from": sleman.pk, "to": person.institution_id},
        change="U",
    )
    audit_record(
        actor=None,
        action="people.employee.update",
        institution=sleman,
        data={"nip": person.nip, "changes": {"rank": ["III/a", "III/b"]}},
        change="U",
    )
    auditor = client_for(make_user(Role.AUDITOR, "35.78"))
    page = auditor.get(reverse("people:detail", args=[person.pk])).content.decode()
    changes = page.split('data-testid="changes"')[1]
    assert "Mengonfirmasi mutasi" in changes
    assert "III/b" not in changes  # Sleman's own edit stays in Sleman's view
