"""A person's own page and their copy of their data (UU PDP, the right of access)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from tangguh.accounts.models import ApiToken
from tangguh.core.models import AuditEntry
from tangguh.core.navigation import nav_for
from tangguh.core.roles import Role
from tangguh.people import selectors_self
from tangguh.people.models import Employee, EmploymentHistory
from tangguh.people.services_employee import employee_view_record
from tangguh.people.views.self_service import my_data_html
from tests.people.corrections import correction
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "id") -> Client:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def person(surabaya: Any) -> Any:
    e: Any = EmployeeFactory(
        institution=surabaya, full_name="Siti Rahmawati", period_start=date(2024, 3, 1)
    )
    # A closed period whose start nobody knew, then one with both dates.
    EmploymentHistory.objects.create(
        employee=e, institution=surabaya, rank="III/a", valid_from=None, valid_to=date(2019, 1, 1)
    )
    EmploymentHistory.objects.create(
        employee=e,
        institution=surabaya,
        rank="III/b",
        valid_from=date(2019, 1, 1),
        valid_to=date(2024, 3, 1),
    )
    return e


def test_my_record_shows_record_and_every_period_with_an_unknown_start(person: Any) -> None:
    me = make_user(Role.CIVIL_SERVANT, nip=person.nip)
    page = _client(me).get(reverse("people:me")).content.decode()
    assert "Siti Rahmawati" in page
    assert "1 Maret 2024" in page and "1 Januari 2019" in page
    assert "tidak diketahui" in page  # the first period's start
    english = _client(me, "en").get(reverse("people:me")).content.decode()
    assert "unknown" in english and "1 March 2024" in english


def test_a_civil_servants_own_page_is_not_audited_as_a_staff_read(person: Any) -> None:
    me = make_user(Role.CIVIL_SERVANT, nip=person.nip)
    _client(me).get(reverse("people:me"))
    assert not AuditEntry.objects.filter(action="people.employee.view").exists()


def test_staff_with_a_nip_see_my_record_in_the_menu_and_staff_without_one_do_not(
    person: Any,
) -> None:
    with_nip = make_user(Role.OPERATOR, "34.04", nip=person.nip)
    without = make_user(Role.OPERATOR, "34.04")
    assert "people:me" in [i.url_name for i in nav_for(with_nip)]
    assert "people:me" not in [i.url_name for i in nav_for(without)]
    # Civil servants always: their page says how to link a record.
    assert "people:me" in [i.url_name for i in nav_for(make_user(Role.CIVIL_SERVANT))]


def test_self_access_does_not_widen_a_staff_scope(person: Any) -> None:
    """A Sleman operator whose record is in Surabaya reads it on "My record" only: the
    register, its detail page and the queue stay Sleman's."""
    other: Any = EmployeeFactory(institution=person.institution)
    operator = make_user(Role.OPERATOR, "34.04", nip=person.nip)
    client = _client(operator)
    assert client.get(reverse("people:me")).status_code == 200
    assert not Employee.objects.restrict(operator, "view").filter(pk=person.pk).exists()
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[other.pk])).status_code == 404
    theirs = correction(person.institution, employee=other)
    assert client.get(reverse("people:correction-detail", args=[theirs.pk])).status_code == 404
    own = correction(person.institution, employee=person)
    assert client.get(reverse("people:correction-detail", args=[own.pk])).status_code == 200
    queue = client.get(reverse("people:corrections")).content.decode()
    assert own.requested_value not in queue


def test_json_holds_record_history_requests_transfers_account_and_audit(person: Any) -> None:
    operator = make_user(Role.OPERATOR)
    employee_view_record(employee=person, actor=operator, via="web")  # an operator read it
    asked = correction(person.institution, employee=person, requested_value="Siti Rahmawati Putri")
    me = make_user(Role.CIVIL_SERVANT, nip=person.nip, email="siti@example.go.id")
    me.set_password("a-secret-password-1")
    me.save()
    ApiToken.objects.create(
        user=me, prefix="abc", key_hash="f" * 64, expires_at=datetime(2030, 1, 1, tzinfo=UTC)
    )
    response = _client(me).get(reverse("people:me-data") + "?fmt=json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="data-saya-{person.nip}.json"'
    data = json.loads(response.content)
    assert data["record"]["nip"] == person.nip and data["record"]["full_name"] == "Siti Rahmawati"
    assert len(data["history"]) == 3 and data["history"][0]["current"] is True
    assert data["history"][2]["valid_from"] is None  # unknown, never invented
    assert data["correction_requests"][0]["requested_value"] == asked.requested_value
    assert data["account"]["username"] == me.username and data["account"]["role"] == "civil_servant"
    actions = {(e["action"], e["actor"]) for e in data["audit"]["entries"]}
    assert ("people.employee.view", operator.username) in actions
    body = response.content.decode()
    assert me.password not in body and "f" * 64 not in body and "password" not in body


def test_downloads_are_named_in_the_interfaces_language_and_audited(person: Any) -> None:
    me = make_user(Role.CIVIL_SERVANT, nip=person.nip)
    response = _client(me, "en").get(reverse("people:me-data") + "?fmt=json")
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{person.nip}.json"'
    entry = AuditEntry.objects.get(action="people.my_data.download")
    assert entry.actor == me and entry.data == {"format": "json"}
    assert list(entry.subjects.values_list("nip", flat=True)) == [person.nip]


def test_pdf_is_a_pdf_named_in_the_language(person: Any) -> None:
    me = make_user(Role.CIVIL_SERVANT, nip=person.nip)
    response = _client(me).get(reverse("people:me-data") + "?fmt=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="data-saya-{person.nip}.pdf"'


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", ("1 Maret 2024", "tidak diketahui", "Riwayat")), ("en", ("1 March 2024", "unknown"))],
)
def test_pdf_document_is_in_the_readers_language(
    person: Any, language: str, expected: tuple[str, ...]
) -> None:
    me = make_user(Role.CIVIL_SERVANT, nip=person.nip)
    request = RequestFactory().get("/")
    request.user = me
    with translation.override(language):
        html = my_data_html(request, person, selectors_self.my_data(user=me, employee=person))
    for text in expected:
        assert text in html
    assert "http://" not in html and "https://" not in html  # nothing to fetch


def test_an_unknown_format_is_404_and_not_audited(person: Any) -> None:
    me = make_user(Role.CIVIL_SERVANT, nip=person.nip)
    assert _client(me).get(reverse("people:me-data") + "?fmt=xml").status_code == 404
    assert not AuditEntry.objects.filter(action="people.my_data.download").exists()
