"""Correction requests: a civil servant asks, their institution's operators decide."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import CorrectionRequest, CorrectionStatus
from tangguh.people.services_correction import (
    correction_done,
    correction_reject,
    correction_request,
)
from tests.people.corrections import correction
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "en") -> Client:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def person(surabaya: Any) -> Any:
    return EmployeeFactory(
        institution=surabaya, full_name="Siti Rahmawti", rank="III/a", title_back=""
    )


@pytest.fixture
def me(person: Any) -> Any:
    return make_user(Role.CIVIL_SERVANT, nip=person.nip)


def _ask(client: Client, **values: str) -> Any:
    data = {f"value_{k}": v for k, v in values.items() if k != "note"}
    data["note"] = values.get("note", "")
    return client.post(reverse("people:me-correct"), data)


def test_a_request_per_filled_field_with_the_records_value_and_an_audit(
    person: Any, me: Any
) -> None:
    response = _ask(_client(me), full_name="Siti Rahmawati", rank="III/b", note="SK 2020")
    assert response.status_code == 302 and response["Location"] == reverse("people:me")
    rows = {c.field: c for c in CorrectionRequest.objects.filter(employee=person)}
    assert set(rows) == {"full_name", "rank"}
    name = rows["full_name"]
    assert (name.current_value, name.requested_value) == ("Siti Rahmawti", "Siti Rahmawati")
    assert rows["rank"].current_value == "III/a" and name.note == "SK 2020"
    assert name.institution_id == person.institution_id and name.requested_by == me
    assert name.status == CorrectionStatus.OPEN
    entry = AuditEntry.objects.get(action="people.correction.request")
    assert entry.actor == me and list(entry.subjects.values_list("nip", flat=True)) == [person.nip]


def test_a_request_with_no_value_is_refused_in_words_and_writes_nothing(me: Any) -> None:
    response = _ask(_client(me, "id"), note="tolong")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Pilih setidaknya satu kolom dan tuliskan nilai yang benar." in page
    english = _ask(_client(me), note="please").content.decode()
    assert "Choose at least one field and write its correct value." in english
    assert not CorrectionRequest.objects.exists()
    assert not AuditEntry.objects.filter(action="people.correction.request").exists()


def test_a_value_the_record_already_has_is_refused_on_its_field(me: Any) -> None:
    response = _ask(_client(me), full_name="siti rahmawti ", rank="III/b")
    assert response.status_code == 400
    assert "Your record already says this." in response.content.decode()
    assert not CorrectionRequest.objects.exists()  # not even the good rank: all or none


def test_hidden_direction_characters_and_long_values_are_refused(person: Any, me: Any) -> None:
    with pytest.raises(DomainError) as bidi:
        correction_request(employee=person, actor=me, values={"full_name": "Siti\u202eX"})
    assert bidi.value.errors[0]["field"] == "full_name"
    with pytest.raises(DomainError) as long:
        correction_request(employee=person, actor=me, values={"full_name": "A" * 1001})
    assert "1000" in str(long.value.errors[0]["message"])
    with pytest.raises(DomainError):
        correction_request(employee=person, actor=me, values={"password": "x"})
    assert not CorrectionRequest.objects.exists()


def test_nobody_asks_for_someone_elses_record(person: Any) -> None:
    operator = make_user(Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        correction_request(employee=person, actor=operator, values={"full_name": "X"})
    assert not CorrectionRequest.objects.exists()


def test_operator_marks_done_and_the_person_sees_it(person: Any, me: Any) -> None:
    asked = correction(person.institution, employee=person)
    operator = make_user(Role.OPERATOR)
    client = _client(operator)
    queue = client.get(reverse("people:corrections")).content.decode()
    assert asked.requested_value in queue and "Siti Rahmawti" in queue
    detail = client.get(reverse("people:correction-detail", args=[asked.pk])).content.decode()
    assert reverse("people:detail", args=[person.pk]) in detail or "/ubah/" in detail
    response = client.post(reverse("people:correction-done", args=[asked.pk]), {"note": ""})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == CorrectionStatus.DONE and asked.decided_by == operator
    assert AuditEntry.objects.filter(action="people.correction.done", actor=operator).exists()
    page = _client(me, "id").get(reverse("people:me")).content.decode()
    assert "Selesai" in page
    # Decided: off the open queue.
    assert asked.requested_value not in client.get(reverse("people:corrections")).content.decode()


def test_a_rejection_needs_a_reason_and_the_person_reads_it(person: Any, me: Any) -> None:
    asked = correction(person.institution, employee=person)
    client = _client(make_user(Role.OPERATOR))
    url = reverse("people:correction-reject", args=[asked.pk])
    response = client.post(url, {"note": "  "})
    assert response.status_code == 400
    assert "Give the reason for the rejection" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == CorrectionStatus.OPEN
    assert client.post(url, {"note": "Nama sesuai SK CPNS"}).status_code == 302
    page = _client(me, "id").get(reverse("people:me")).content.decode()
    assert "Ditolak" in page and "Nama sesuai SK CPNS" in page


def test_another_institutions_operator_cannot_decide(person: Any) -> None:
    asked = correction(person.institution, employee=person)
    sleman = make_user(Role.OPERATOR, "34.04")
    response = _client(sleman).post(reverse("people:correction-done", args=[asked.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        correction_done(correction=asked, actor=sleman)
    asked.refresh_from_db()
    assert asked.status == CorrectionStatus.OPEN and asked.decided_by is None
    assert not AuditEntry.objects.filter(action__startswith="people.correction.d").exists()


def test_a_decided_request_is_not_decided_again(person: Any) -> None:
    asked = correction(person.institution, employee=person)
    operator = make_user(Role.OPERATOR)
    correction_reject(correction=asked, actor=operator, reason="Sudah benar")
    with pytest.raises(Conflict):
        correction_done(correction=asked, actor=operator)
    response = _client(operator).post(reverse("people:correction-done", args=[asked.pk]))
    assert response.status_code == 409
    assert "already been decided" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == CorrectionStatus.REJECTED


def test_the_queue_filters_by_status_and_its_read_is_audited(person: Any) -> None:
    waiting = correction(person.institution, employee=person)
    decided = correction(person.institution, employee=person)
    operator = make_user(Role.OPERATOR)
    correction_done(correction=decided, actor=operator)
    client = _client(operator)
    done_page = client.get(reverse("people:corrections") + "?status=done").content.decode()
    assert decided.requested_value in done_page and waiting.requested_value not in done_page
    every = client.get(reverse("people:corrections") + "?status=all").content.decode()
    assert decided.requested_value in every and waiting.requested_value in every
    entry = AuditEntry.objects.filter(action="people.correction.list").latest("id")
    assert entry.actor == operator
    assert list(entry.subjects.values_list("nip", flat=True)) == [person.nip]


def test_the_dashboard_counts_open_requests(person: Any) -> None:
    correction(person.institution, employee=person)
    response = _client(make_user(Role.OPERATOR)).get(reverse("core:dashboard"))
    cards = {str(c["label"]): c["value"] for c in response.context["cards"]}
    assert cards["Correction requests waiting"] == 1
    sleman = _client(make_user(Role.OPERATOR, "34.04")).get(reverse("core:dashboard"))
    cards = {str(c["label"]): c["value"] for c in sleman.context["cards"]}
    assert cards["Correction requests waiting"] == 0


def test_a_staff_members_own_request_goes_to_their_records_institution(person: Any) -> None:
    """A Sleman operator with a Surabaya record asks Surabaya, not their own institution."""
    operator = make_user(Role.OPERATOR, "34.04", nip=person.nip)
    assert _ask(_client(operator), full_name="Siti Rahmawati").status_code == 302
    asked = CorrectionRequest.objects.get()
    assert asked.institution == person.institution
    theirs = _client(operator).get(reverse("people:corrections")).content.decode()
    assert "Siti Rahmawati" not in theirs
    surabaya_queue = _client(make_user(Role.OPERATOR)).get(reverse("people:corrections"))
    assert "Siti Rahmawati" in surabaya_queue.content.decode()
