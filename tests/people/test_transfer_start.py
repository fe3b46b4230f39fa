"""The receiving institution asks for a transfer from the UI; the holder decides.

Kota Malang's operator asks for a civil servant registered in Kota Surabaya: the page
shows who and where, the request carries the new position, unit and a reason. Bad
input is a sentence on its field and writes nothing; whoever may not ask gets 403.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import Employee, TransferRequest, TransferStatus
from tangguh.people.services_transfer import transfer_confirm, transfer_request
from tests.people.factories import EmployeeFactory
from tests.people.test_write_scope import RECEIVER_CODE, institution
from tests.permissions import (
    HOME_CODE,
    OTHER_CODE,
    PROVINCE_CODE,
    WritePermissionSuite,
    _Suite,
    client_for,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ASK = {
    "position": "Kepala Bidang Mutasi",
    "work_unit": "Badan Kepegawaian Daerah",
    "request_note": "Mengisi formasi kosong",
}


def _client(user: Any) -> Any:
    """A signed-in client reading the pages in English (the language switch's cookie)."""
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _held(**extra: Any) -> Employee:
    return EmployeeFactory(institution=institution(HOME_CODE), **extra)  # type: ignore[no-any-return]


def _ask(person: Employee, actor: Any = None, **changes: Any) -> TransferRequest:
    actor = actor or make_user(Role.OPERATOR, RECEIVER_CODE)
    values = {**ASK, **changes}
    return transfer_request(
        nip=person.nip,
        institution=actor.institution,
        actor=actor,
        position=values["position"],
        work_unit=values["work_unit"],
        note=values["request_note"],
        valid_from=values.get("valid_from"),
    )


def test_a_request_carries_the_asked_values_and_the_reason() -> None:
    person = _held(full_name="Siti Rahmawati", rank="III/c")
    transfer = _ask(person, valid_from=date(2026, 12, 1))
    assert (transfer.status, transfer.from_institution.code, transfer.to_institution.code) == (
        TransferStatus.PENDING,
        HOME_CODE,
        RECEIVER_CODE,
    )
    assert transfer.request_note == "Mengisi formasi kosong"
    assert transfer.payload["full_name"] == "Siti Rahmawati"
    assert (transfer.payload["position"], transfer.payload["valid_from"]) == (
        "Kepala Bidang Mutasi",
        "2026-12-01",
    )
    entry = AuditEntry.objects.get(action="people.transfer_request")
    assert entry.data["nip"] == person.nip and entry.institution.code == RECEIVER_CODE
    # Confirmed by the holder: the move takes the position, its kind from the name, the rank kept.
    transfer_confirm(transfer=transfer, actor=make_user(Role.INSTITUTION_ADMIN, HOME_CODE))
    person.refresh_from_db()
    assert (person.institution.code, person.position.name, person.position_kind, person.rank) == (
        RECEIVER_CODE,
        "Kepala Bidang Mutasi",
        "administrator",
        "III/c",
    )
    assert person.period_start == date(2026, 12, 1)
    assert person.history.get().valid_to == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("nip", "field", "words"),
    [
        ("123", "nip", "digits"),
        ("199001012015011999", "nip", "No civil servant with the NIP"),
    ],
)
def test_a_bad_or_unknown_nip_is_a_sentence_and_nothing_is_written(nip, field, words) -> None:  # type: ignore[no-untyped-def]
    actor = make_user(Role.OPERATOR, RECEIVER_CODE)
    with pytest.raises(DomainError) as caught:
        transfer_request(nip=nip, institution=actor.institution, actor=actor, note="x", **{
            "position": "A", "work_unit": "B"})  # fmt: skip
    assert caught.value.errors[0]["field"] == field and words in str(caught.value.message)
    assert not TransferRequest.objects.exists()


def test_asking_for_ones_own_civil_servant_is_refused() -> None:
    person = _held()
    with pytest.raises(DomainError, match="already registered in your institution"):
        _ask(person, actor=make_user(Role.OPERATOR, HOME_CODE))
    assert not TransferRequest.objects.exists()


@pytest.mark.parametrize("missing", ["request_note", "position", "work_unit"])
def test_every_asked_value_is_required(missing: str) -> None:
    with pytest.raises(DomainError) as caught:
        _ask(_held(), **{missing: "  "})
    assert caught.value.errors[0]["field"] == missing
    assert not TransferRequest.objects.exists()


def test_asking_twice_is_refused_while_the_first_waits() -> None:
    person = _held()
    _ask(person)
    with pytest.raises(Conflict, match="already waiting"):
        _ask(person)
    assert TransferRequest.objects.count() == 1


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.AUDITOR, Role.CIVIL_SERVANT])
def test_roles_that_may_not_ask(role: str) -> None:
    with pytest.raises(PermissionDenied):
        _ask(_held(), actor=make_user(role, RECEIVER_CODE))
    assert not TransferRequest.objects.exists()


def test_the_page_shows_who_and_where_then_asks() -> None:
    person = _held(full_name="Siti Rahmawati")
    client = _client(make_user(Role.OPERATOR, RECEIVER_CODE))
    url = reverse("people:transfer-start")
    found = client.get(url, {"nip": person.nip}).content.decode()
    assert "Siti Rahmawati" in found and "Kota Surabaya" in found
    assert AuditEntry.objects.filter(action="people.transfer.lookup").exists()
    refused = client.post(url, {**ASK, "nip": person.nip, "request_note": ""})
    assert refused.status_code == 400
    assert "Give the reason for the request" in refused.content.decode()
    assert not TransferRequest.objects.exists()
    done = client.post(url, {**ASK, "nip": person.nip})
    transfer = TransferRequest.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "people:transfer-detail", args=[transfer.pk]
    )
    detail = client.get(done["Location"]).content.decode()
    assert "Mengisi formasi kosong" in detail
    assert "Waiting for the decision of" in detail


def test_the_list_offers_the_start_only_to_who_may_ask() -> None:
    url = reverse("people:transfers")
    start = reverse("people:transfer-start")
    assert start in client_for(make_user(Role.OPERATOR, RECEIVER_CODE)).get(url).content.decode()
    assert start not in client_for(make_user(Role.AUDITOR, RECEIVER_CODE)).get(url).content.decode()


def test_an_outsider_deciding_is_refused_and_nothing_changes() -> None:
    """A Sleman operator or administrator deciding a Surabaya -> Jawa Timur transfer."""
    transfer = _ask(_held(), actor=make_user(Role.OPERATOR, PROVINCE_CODE))
    for role, status in ((Role.INSTITUTION_ADMIN, 404), (Role.OPERATOR, 403)):
        client = client_for(make_user(role, OTHER_CODE))
        for name, data in (
            ("people:transfer-confirm", {"confirmed": "1"}),
            ("people:transfer-reject", {"reason": "Tidak", "confirmed": "1"}),
        ):
            assert client.post(reverse(name, args=[transfer.pk]), data).status_code == status
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING
    assert transfer.employee.institution.code == HOME_CODE


# --- permission suites ----------------------------------------------------------------


class TestTransferStartPage(_Suite):
    """The start page: for an institution's operators and administrators."""

    url_name = "people:transfer-start"

    def test_anonymous_is_refused(self) -> None:
        self.refuse_anonymous(None)

    def test_role_without_permission_gets_403(self) -> None:
        response, _before = self.send(client_for(make_user(Role.ASSESSOR, RECEIVER_CODE)), None)
        assert response.status_code == 403

    def test_role_with_permission_gets_200(self) -> None:
        response, _before = self.send(_client(make_user(Role.OPERATOR, RECEIVER_CODE)), None)
        assert response.status_code == 200 and "Ask for a transfer" in response.content.decode()

    def test_same_role_in_the_holding_institution_is_told_it_holds_the_person(self) -> None:
        person = _held()
        client = _client(make_user(Role.OPERATOR, HOME_CODE))
        page = client.get(reverse(self.url_name), {"nip": person.nip}).content.decode()
        assert "already registered in your institution" in page
        assert 'data-testid="start-form"' not in page


class TestTransferStartWrite(WritePermissionSuite):
    """The person lives in Kabupaten Sleman; a Kota Surabaya operator asks for them."""

    url_name = "people:transfer-start"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR
    province_role = Role.OPERATOR
    ok_status: ClassVar[tuple[int, ...]] = (302,)
    refused_status = (400,)

    def make_object(self, inst: Any) -> Any:
        return EmployeeFactory(institution=institution(OTHER_CODE))

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(reverse(self.url_name), {**ASK, "nip": obj.nip})

    def state(self, obj: Any) -> Any:
        return list(
            TransferRequest.objects.filter(employee=obj).values_list(
                "to_institution__code", "status", "request_note"
            )
        )

    def location(self, obj: Any) -> str:
        return reverse("people:transfer-detail", args=[TransferRequest.objects.get().pk])

    def assert_done(self, obj: Any, before: Any) -> None:
        assert self.state(obj) == [(HOME_CODE, "pending", "Mengisi formasi kosong")]

    # Another institution's operator asking for its own civil servant: 400, nothing asked.
    # A province asks into itself, never into the regency it reads (the receiving
    # institution is always the asker's own).
    def test_province_over_the_regency_is_refused_and_nothing_changes(self) -> None:
        person = EmployeeFactory(institution=institution(HOME_CODE))
        client = client_for(make_user(self.province_role, PROVINCE_CODE))
        client.post(reverse(self.url_name), {**ASK, "nip": person.nip})
        assert self.state(person) == [(PROVINCE_CODE, "pending", "Mengisi formasi kosong")]
