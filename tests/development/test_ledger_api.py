"""The API of the conversion table, activities and the ledger: permission suites for
every endpoint, and the behaviour the pages share (refusals naming the rule, nobody
approving their own, corrections as new entries)."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.ledger import ledger_append
from tangguh.development.models import Activity, ActivityStatus, JpRule, LedgerEntry, LedgerSource
from tests.development.factories import ActivityFactory, form
from tests.people.factories import EmployeeFactory
from tests.permissions import (
    OTHER_CODE,
    ListPermissionSuite,
    LoginRequiredSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    _institution,
    client_for,
    make_user,
)

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def _api(name: str, *args: Any) -> str:
    return reverse(f"api:{name}", args=args)


def activity_in(institution: Any) -> Activity:
    return ActivityFactory(
        employee=EmployeeFactory(institution=institution), title=f"Seminar API {next(_n):05d}"
    )


def entry_in(institution: Any) -> LedgerEntry:
    return ledger_append(
        employee=EmployeeFactory(institution=institution),
        day=date.today() - timedelta(days=3),
        jp=8,
        form=form("seminar"),
        source=LedgerSource.ACTIVITY,
        description=f"Entri API {next(_n):05d}",
    )


def _json(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


class TestApiRules(LoginRequiredSuite):
    url_name = "api:development-rules"
    is_api = True


class TestApiRuleAdd(WritePermissionSuite):
    url_name = "api:development-rules"
    is_api = True
    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.INSTITUTION_ADMIN
    ok_status = (201,)

    def request(self, client: Any, obj: Any) -> Any:
        body = {
            "form": "seminar",
            "valid_from": "2026-01-01",
            "basis": "per_day",
            "jp_per_unit": "3",
        }
        return _json(client, reverse(self.url_name), body)

    def state(self, obj: Any) -> Any:
        return JpRule.objects.filter(form__code="seminar").count()

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.OPERATOR, OTHER_CODE), (403,))


class TestApiActivities(ListPermissionSuite):
    url_name = "api:development-activities"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Activity:
        return activity_in(institution)

    def marker(self, obj: Activity) -> str:
        return obj.title


class TestApiActivityRecord(WritePermissionSuite):
    url_name = "api:development-activities"
    is_api = True
    allowed_role = Role.OPERATOR
    ok_status = (201,)
    refused_status = (400, 403, 404)

    def make_object(self, institution: Any) -> Any:
        return EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        day = (date.today() - timedelta(days=4)).isoformat()
        body = {"nip": obj.nip, "form": "seminar", "title": "Seminar API", "start_date": day,
                "end_date": day, "jp_claimed": "4", "evidence_link": "https://contoh.go.id/a.pdf"}  # fmt: skip
        return _json(client, reverse(self.url_name), body)

    def state(self, obj: Any) -> Any:
        return list(Activity.objects.filter(employee=obj).values_list("title", "source"))


class _OneActivity:
    def make_object(self, institution: Any) -> Activity:
        return activity_in(institution)

    def url_kwargs(self, obj: Activity) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestApiActivity(_OneActivity, ObjectPermissionSuite):
    url_name = "api:development-activity"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR


class TestApiActivityDecide(_OneActivity, WritePermissionSuite):
    url_name = "api:development-activity-decide"
    is_api = True
    allowed_role = Role.OPERATOR

    def request(self, client: Any, obj: Activity) -> Any:
        return _json(client, self.url(obj), {"decision": "approve"})

    def state(self, obj: Activity) -> Any:
        return Activity.objects.get(pk=obj.pk).status, LedgerEntry.objects.filter(
            activity=obj
        ).count()

    def test_an_auditor_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.AUDITOR), (403,))


class TestApiActivityWithdraw(_OneActivity, WritePermissionSuite):
    url_name = "api:development-activity-withdraw"
    is_api = True
    allowed_role = Role.OPERATOR

    def state(self, obj: Activity) -> Any:
        return Activity.objects.get(pk=obj.pk).status


class TestApiLedger(ListPermissionSuite):
    url_name = "api:development-ledger"
    is_api = True
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> LedgerEntry:
        return entry_in(institution)

    def marker(self, obj: LedgerEntry) -> str:
        return obj.description


class TestApiPersonLedger(ObjectPermissionSuite):
    url_name = "api:development-person-ledger"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> LedgerEntry:
        return entry_in(institution)

    def url_kwargs(self, obj: LedgerEntry) -> dict[str, Any]:
        return {"nip": obj.nip}


class TestApiLedgerReverse(WritePermissionSuite):
    url_name = "api:development-ledger-reverse"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR
    ok_status = (201,)
    data = {"reason": "Tercatat dua kali"}

    def make_object(self, institution: Any) -> LedgerEntry:
        return entry_in(institution)

    def url_kwargs(self, obj: LedgerEntry) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: LedgerEntry) -> Any:
        return list(LedgerEntry.objects.filter(reverses=obj).values_list("jp", flat=True))


# --- behaviour -----------------------------------------------------------------------


def test_a_claim_above_the_cap_is_a_400_naming_the_rule_and_nothing_is_saved(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    client = client_for(make_user(Role.CIVIL_SERVANT, nip=person.nip))
    day = (date.today() - timedelta(days=4)).isoformat()
    response = client.post(
        _api("development-activities"),
        {"form": "seminar", "title": "Seminar", "start_date": day, "end_date": day,
         "jp_claimed": "5", "evidence": SimpleUploadedFile("s.png", b"\x89PNG\r\n\x1a\n0000")},
    )  # fmt: skip
    assert response.status_code == 400
    assert "4 JP per hari" in json.dumps(response.json(), ensure_ascii=False)
    assert not Activity.objects.exists()


def test_a_civil_servant_records_their_own_with_a_file_and_cannot_approve_it(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    client = client_for(make_user(Role.CIVIL_SERVANT, nip=person.nip))
    day = (date.today() - timedelta(days=4)).isoformat()
    response = client.post(
        _api("development-activities"),
        {"form": "e-learning", "title": "Kursus daring", "start_date": day, "end_date": day,
         "evidence": SimpleUploadedFile("s.png", b"\x89PNG\r\n\x1a\n0000")},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nip"] == person.nip and body["jp_claimed"] == "3.00" and body["has_evidence_file"]
    decided = _json(
        client, _api("development-activity-decide", body["id"]), {"decision": "approve"}
    )
    assert decided.status_code == 403
    assert Activity.objects.get(pk=body["id"]).status == ActivityStatus.SUBMITTED


def test_the_persons_ledger_lists_years_and_entries_and_a_reversal_is_negative(surabaya):  # type: ignore[no-untyped-def]
    entry = entry_in(surabaya)
    operator = client_for(make_user(Role.OPERATOR))
    reversed_ = _json(operator, _api("development-ledger-reverse", entry.pk), {"reason": "ganda"})
    assert reversed_.status_code == 201 and reversed_.json()["jp"] == "-8.00"
    again = _json(operator, _api("development-ledger-reverse", entry.pk), {"reason": "lagi"})
    assert again.status_code == 400
    body = operator.get(_api("development-person-ledger", entry.nip)).json()
    assert body["years"] == [{"year": entry.year, "jp": "0.00"}]
    assert sorted(e["jp"] for e in body["entries"]) == ["-8.00", "8.00"]


def test_junk_ids_and_unknown_people_are_json_404s(surabaya):  # type: ignore[no-untyped-def]
    operator = client_for(make_user(Role.OPERATOR))
    for url in (_api("development-activity", "abc"), _api("development-person-ledger", "123")):
        response = operator.get(url)
        assert response.status_code == 404 and "detail" in response.json()
    response = _json(operator, "/api/v1/development/ledger/abc/reverse/", {"reason": "x"})
    assert response.status_code == 404


def test_the_ledger_filters_by_institution_and_year(surabaya, sleman):  # type: ignore[no-untyped-def]
    here, there = entry_in(surabaya), entry_in(sleman)
    national = client_for(make_user(Role.NATIONAL_ADMIN, "K.09"))
    rows = national.get(_api("development-ledger"), {"institution": "34.04"}).json()["results"]
    assert [r["nip"] for r in rows] == [there.nip]
    rows = national.get(_api("development-ledger"), {"year": str(here.year - 1)}).json()["results"]
    assert rows == []
    assert _institution("35.78")
