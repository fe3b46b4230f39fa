"""Transfers: the holder decides, sees both sides' values, keeps identity unless it takes it;
the receiving side sees only what it sent (issue 8, finding 6)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import Employee, TransferStatus
from tangguh.people.parsing.nip import format_nip
from tangguh.people.services import transfer_confirm, transfer_reject
from tests.people.test_write_scope import RECEIVER_CODE, institution, make_transfer
from tests.permissions import HOME_CODE, OTHER_CODE, make_user
from tests.permissions import client_for as _client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CURRENT = {
    "full_name": "Siti Rahmawati",
    "title_front": "",
    "title_back": "S.Kom.",
    "sex": "F",
    "birth_date": date(1985, 7, 12),
    "status": "retired",
}


def client_for(user: Any) -> Any:
    client = _client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def pending() -> Any:
    """Surabaya's retired civil servant, asked for by Kota Malang with other values (SENT)."""
    return make_transfer(institution(HOME_CODE), **CURRENT)


@pytest.fixture
def holder() -> Any:
    return make_user(Role.INSTITUTION_ADMIN, HOME_CODE)


def _person(t: Any) -> Employee:
    return Employee.objects.select_related("work_unit", "position").get(pk=t.employee_id)


# --- the service -------------------------------------------------------------------


def test_confirm_keeps_identity_by_default_and_applies_employment(pending, holder) -> None:  # type: ignore[no-untyped-def]
    transfer_confirm(transfer=pending, actor=holder, note="SK 12/2026")
    e = _person(pending)
    assert (e.full_name, e.title_front, e.title_back, e.sex, e.birth_date) == (
        "Siti Rahmawati", "", "S.Kom.", "F", date(1985, 7, 12),
    )  # fmt: skip
    assert (e.institution.code, e.status, e.rank) == (RECEIVER_CODE, "active", "III/c")
    assert (e.work_unit.path, e.position.name) == ("Dinas Baru", "Analis Baru")
    pending.refresh_from_db()
    assert (pending.status, pending.identity_applied, pending.decision_note) == (
        TransferStatus.CONFIRMED, False, "SK 12/2026",
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="people.transfer_confirm")
    assert entry.data["nip"] == e.nip
    assert list(entry.subjects.values_list("nip", "change")) == [(e.nip, "U")]
    assert (entry.data["identity_applied"], entry.data["note"]) == (False, "SK 12/2026")


def test_confirm_takes_identity_only_when_asked(pending, holder) -> None:  # type: ignore[no-untyped-def]
    transfer_confirm(transfer=pending, actor=holder, apply_identity=True)
    e = _person(pending)
    assert (e.full_name, e.title_front, e.sex) == ("X Y", "Dr.", "M")
    assert e.title_back == "S.Kom."  # not sent: kept
    pending.refresh_from_db()
    assert pending.identity_applied is True


def test_reject_needs_a_reason_and_changes_nothing_without_one(pending, holder) -> None:  # type: ignore[no-untyped-def]
    before = (_person(pending).institution_id, _person(pending).status)
    for blank in ("", "   \n "):
        with pytest.raises(DomainError) as refused:
            transfer_reject(transfer=pending, actor=holder, reason=blank)
        assert refused.value.errors[0]["field"] == "reason"
    pending.refresh_from_db()
    assert pending.status == TransferStatus.PENDING
    assert not AuditEntry.objects.filter(action="people.transfer_reject").exists()
    transfer_reject(transfer=pending, actor=holder, reason="Sudah pensiun di sini")
    pending.refresh_from_db()
    assert (pending.status, pending.decision_note) == (
        TransferStatus.REJECTED,
        "Sudah pensiun di sini",
    )
    assert (_person(pending).institution_id, _person(pending).status) == before
    entry = AuditEntry.objects.get(action="people.transfer_reject")
    assert (entry.data["nip"], entry.data["reason"]) == (
        _person(pending).nip,
        "Sudah pensiun di sini",
    )


def test_a_note_has_a_limit(pending, holder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        transfer_confirm(transfer=pending, actor=holder, note="x" * 1001)
    pending.refresh_from_db()
    assert pending.status == TransferStatus.PENDING


def test_decided_once(pending, holder) -> None:  # type: ignore[no-untyped-def]
    transfer_reject(transfer=pending, actor=holder, reason="Tidak")
    with pytest.raises(Conflict):
        transfer_confirm(transfer=pending, actor=holder)
    assert _person(pending).institution.code == HOME_CODE


def test_a_person_who_left_the_source_cannot_be_confirmed(pending, holder) -> None:  # type: ignore[no-untyped-def]
    """Two requests for the same person: once one is confirmed, the other cannot move them again."""
    other = make_user(Role.INSTITUTION_ADMIN, HOME_CODE)
    second = type(pending).objects.create(
        employee=pending.employee,
        from_institution=pending.from_institution,
        to_institution=institution(OTHER_CODE),
        payload=pending.payload,
    )
    transfer_confirm(transfer=pending, actor=holder)
    with pytest.raises(Conflict):
        transfer_confirm(transfer=second, actor=other)
    assert _person(pending).institution.code == RECEIVER_CODE


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.INSTITUTION_ADMIN, RECEIVER_CODE),  # the receiving side
        (Role.INSTITUTION_ADMIN, "35"),  # the province over the holder
        (Role.OPERATOR, HOME_CODE),  # the holder's operator
        (Role.AUDITOR, HOME_CODE),
    ],
)
def test_who_may_not_decide(pending, role, code) -> None:  # type: ignore[no-untyped-def]
    user = make_user(role, code)
    with pytest.raises(PermissionDenied, match="national administrator"):
        transfer_confirm(transfer=pending, actor=user)
    with pytest.raises(PermissionDenied):
        transfer_reject(transfer=pending, actor=user, reason="Tidak")
    pending.refresh_from_db()
    assert pending.status == TransferStatus.PENDING


def test_a_national_administrator_may_decide(pending) -> None:  # type: ignore[no-untyped-def]
    transfer_confirm(transfer=pending, actor=make_user(Role.NATIONAL_ADMIN, "K.09"))
    assert _person(pending).institution.code == RECEIVER_CODE


# --- what each side sees -----------------------------------------------------------


def test_the_receiving_side_sees_only_what_it_sent(pending) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_user(Role.OPERATOR, RECEIVER_CODE))
    for url in (reverse("people:transfers"), reverse("people:transfer-detail", args=[pending.pk])):
        page = client.get(url).content.decode()
        assert "Dr. X Y" in page and format_nip(pending.employee.nip) in page
        assert "Siti Rahmawati" not in page and "Kota Surabaya" not in page
        assert "Retired" not in page and "S.Kom." not in page
        assert "Another institution" in page
    api = client.get(reverse("api:transfer-detail", args=[pending.pk])).json()
    assert (api["name"], api["from_institution"], api["current"]) == ("Dr. X Y", None, None)
    assert api["sent"]["full_name"] == "X Y" and api["nip"] == pending.employee.nip
    listed = client.get(reverse("api:transfer-list")).json()["results"]
    assert [(t["name"], t["from_institution"], t["current"]) for t in listed] == [
        ("Dr. X Y", None, None)
    ]


def test_the_holder_sees_both_sides_side_by_side(pending, holder) -> None:  # type: ignore[no-untyped-def]
    client = client_for(holder)
    page = client.get(reverse("people:transfer-detail", args=[pending.pk])).content.decode()
    assert "Siti Rahmawati" in page and "X Y" in page  # current vs sent
    assert "Current record" in page and "Values sent" in page
    assert reverse("people:transfer-confirm", args=[pending.pk]) in page
    assert 'name="apply_identity"' in page and "checked" not in page  # off by default
    assert AuditEntry.objects.filter(
        action="people.employee.view", target_id=str(pending.employee_id)
    ).exists()
    api = client.get(reverse("api:transfer-detail", args=[pending.pk])).json()
    assert (api["name"], api["from_institution"], api["can_decide"]) == (
        "Siti Rahmawati, S.Kom.",
        HOME_CODE,
        True,
    )
    assert api["current"]["full_name"] == "Siti Rahmawati" and api["current"]["status"] == "retired"
    assert api["sent"]["full_name"] == "X Y"


def test_an_operator_of_the_holder_is_told_who_decides(pending) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_user(Role.OPERATOR, HOME_CODE))
    for url in (reverse("people:transfer-detail", args=[pending.pk]), reverse("people:transfers")):
        page = client.get(url).content.decode()
        assert "Waiting for the decision of an administrator of Kota Surabaya" in page
        assert "only an administrator of the institution that holds it" in page
        assert 'data-testid="confirm-form"' not in page


def test_the_decider_and_the_receiving_side_are_told_who_decides(pending, holder) -> None:  # type: ignore[no-untyped-def]
    detail = reverse("people:transfer-detail", args=[pending.pk])
    for url in (detail, reverse("people:transfers")):
        assert "You decide: confirm or reject." in client_for(holder).get(url).content.decode()
    receiver = client_for(make_user(Role.OPERATOR, RECEIVER_CODE))
    page = receiver.get(detail).content.decode()
    assert "Waiting for the decision of the institution that holds the record." in page
    # Who may read the holder's register is told its name.
    auditor = client_for(make_user(Role.AUDITOR, "K.09"))
    assert "Waiting for the decision of Kota Surabaya." in auditor.get(detail).content.decode()


# --- deciding on the page and through the API --------------------------------------


def test_web_reject_without_a_reason_is_refused_with_a_sentence(pending, holder) -> None:  # type: ignore[no-untyped-def]
    client = client_for(holder)
    url = reverse("people:transfer-reject", args=[pending.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "Give the reason for the rejection" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == TransferStatus.PENDING


def test_web_reject_asks_first_then_rejects(pending, holder) -> None:  # type: ignore[no-untyped-def]
    client = client_for(holder)
    url = reverse("people:transfer-reject", args=[pending.pk])
    asked = client.post(url, {"reason": "Masih dibutuhkan"})
    assert asked.status_code == 200
    assert "Reject the transfer of" in asked.content.decode()
    pending.refresh_from_db()
    assert pending.status == TransferStatus.PENDING
    assert client.post(url, {"reason": "Masih dibutuhkan", "confirmed": "1"}).status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decision_note) == (TransferStatus.REJECTED, "Masih dibutuhkan")


def test_web_confirm_with_identity(pending, holder) -> None:  # type: ignore[no-untyped-def]
    client = client_for(holder)
    url = reverse("people:transfer-confirm", args=[pending.pk])
    asked = client.post(url, {"apply_identity": "on", "note": "Atas permintaan ASN"})
    # First the confirmation step: nothing changes yet, the values are carried along.
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Confirm the transfer of" in page and 'name="confirmed" value="1"' in page
    assert 'name="apply_identity" value="True"' in page and "Atas permintaan ASN" in page
    pending.refresh_from_db()
    assert pending.status == TransferStatus.PENDING
    data = {"apply_identity": "True", "note": "Atas permintaan ASN", "confirmed": "1"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert _person(pending).full_name == "X Y"
    pending.refresh_from_db()
    assert (pending.identity_applied, pending.decision_note) == (True, "Atas permintaan ASN")


def test_web_decision_twice_is_a_sentence_not_an_error_page(pending, holder) -> None:  # type: ignore[no-untyped-def]
    client = client_for(holder)
    url = reverse("people:transfer-confirm", args=[pending.pk])
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    again = client.post(url, {"confirmed": "1"})
    assert again.status_code == 409
    assert "This transfer has already been decided." in again.content.decode()


def test_api_decisions(pending, holder) -> None:  # type: ignore[no-untyped-def]
    client = client_for(holder)
    reject = reverse("api:transfer-reject", args=[pending.pk])
    refused = client.post(reject, {"reason": ""}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "reason"
    pending.refresh_from_db()
    assert pending.status == TransferStatus.PENDING
    confirm = reverse("api:transfer-confirm", args=[pending.pk])
    body = {"apply_identity": False, "note": "SK 12/2026"}
    answer = client.post(confirm, body, content_type="application/json")
    assert answer.status_code == 200
    data = answer.json()
    assert (data["status"], data["identity_applied"], data["decision_note"]) == (
        "confirmed", False, "SK 12/2026",
    )  # fmt: skip
    assert _person(pending).full_name == "Siti Rahmawati"
    assert client.post(confirm, body, content_type="application/json").status_code == 409


def test_the_lists_cost_the_same_queries_for_one_transfer_or_many(pending, holder) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(holder)
    urls = (reverse("people:transfers"), reverse("api:transfer-list"))

    def cost() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    one = cost()
    for _ in range(4):
        make_transfer(institution(HOME_CODE))
    assert cost() == one
    page = client.get(urls[0]).content.decode()
    assert page.count(">Decide<") == 5
