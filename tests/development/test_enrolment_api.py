"""The enrolment API: the same rules as the pages, refusals as clear 4xx with field
messages, nothing changed; and list pages whose queries do not grow with the rows."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.models import Attendance, Enrolment, LedgerEntry
from tests.accounts.factories import UserFactory
from tests.development.factories import EnrolmentFactory, ProgrammeQuotaFactory, SessionFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for

pytestmark = pytest.mark.django_db


def _post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def sidoarjo(db):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code="35.15")


def test_guest_nomination_over_quota_is_a_400_naming_the_rule(surabaya, sidoarjo):  # type: ignore[no-untyped-def]
    quota = ProgrammeQuotaFactory(seats=1)
    session = SessionFactory(programme=quota.programme)
    guest = client_for(UserFactory(institution=sidoarjo, role=Role.OPERATOR))
    url = reverse("api:development-session-enrolments", args=[session.pk])
    first, second = EmployeeFactory(institution=sidoarjo), EmployeeFactory(institution=sidoarjo)
    done = _post(guest, url, {"nip": first.nip})
    assert done.status_code == 201 and done.json()["status"] == "awaiting_host"
    refused = _post(guest, url, {"nip": second.nip})
    assert refused.status_code == 400
    assert "Kuota" in refused.json()["detail"]
    assert Enrolment.objects.filter(session=session).count() == 1
    again = _post(guest, url, {"nip": first.nip})
    assert again.status_code == 409
    # The host approves through the API; the guest's own side cannot.
    enrolment = Enrolment.objects.get(session=session)
    decide = reverse("api:development-enrolment-decide", args=[enrolment.pk])
    assert _post(guest, decide, {"decision": "approve"}).status_code == 403
    host = client_for(UserFactory(institution=surabaya, role=Role.OPERATOR))
    no_reason = _post(host, decide, {"decision": "reject"})
    assert no_reason.status_code == 400
    approved = _post(host, decide, {"decision": "approve"})
    assert approved.status_code == 200 and approved.json()["status"] == "enrolled"


def test_attendance_outside_the_dates_and_completion(surabaya):  # type: ignore[no-untyped-def]
    end = date.today() - timedelta(days=1)
    session = SessionFactory(start_date=end - timedelta(days=1), end_date=end)
    e = EnrolmentFactory(session=session)
    host = client_for(UserFactory(institution=surabaya, role=Role.OPERATOR))
    url = reverse("api:development-session-attendance", args=[session.pk])
    outside = {
        "marks": [{"enrolment": e.pk, "day": str(end + timedelta(days=1)), "mark": "present"}]
    }
    refused = _post(host, url, outside)
    assert refused.status_code == 400 and "bukan hari sesi" in refused.json()["detail"]
    assert not Attendance.objects.exists()
    ok = _post(host, url, {"marks": [{"enrolment": e.pk, "day": str(end), "mark": "present"}]})
    assert ok.status_code == 200 and ok.json()["rows"][0]["marks"] == {str(end): "present"}
    complete = reverse("api:development-session-complete", args=[session.pk])
    bad_score = _post(
        host, complete, {"outcomes": [{"enrolment": e.pk, "completed": True, "score": 120}]}
    )
    assert bad_score.status_code == 400 and not LedgerEntry.objects.exists()
    done = _post(
        host, complete, {"outcomes": [{"enrolment": e.pk, "completed": True, "score": 90}]}
    )
    assert done.status_code == 200 and done.json()["completed"] == 1
    assert LedgerEntry.objects.get(enrolment=e).jp == 24
    twice = _post(host, complete, {"outcomes": []})
    assert twice.status_code == 409


def test_civil_servant_applies_and_reads_only_their_own(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory()
    person = EmployeeFactory(institution=surabaya)
    other = EnrolmentFactory(session=session)
    me = client_for(UserFactory(institution=surabaya, role=Role.CIVIL_SERVANT, nip=person.nip))
    applied = me.post(reverse("api:development-session-apply", args=[session.pk]))
    assert applied.status_code == 201 and applied.json()["status"] == "awaiting_institution"
    mine = me.get(reverse("api:development-my-enrolments")).json()["results"]
    assert [r["nip"] for r in mine] == [person.nip]
    listed = me.get(reverse("api:development-enrolments")).json()["results"]
    assert other.nip not in [r["nip"] for r in listed]
    assert me.get(reverse("api:development-enrolment", args=[other.pk])).status_code == 404
    bad = me.get(reverse("api:development-enrolments") + "?status=nonsense")
    assert bad.status_code == 400


def test_participants_page_queries_do_not_grow(surabaya, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    session = SessionFactory()
    host = client_for(UserFactory(institution=surabaya, role=Role.OPERATOR))
    url = reverse("development:session_participants", args=[session.pk])
    EnrolmentFactory(session=session)
    host.get(url)  # warm the caches (menu, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        host.get(url)
    for _ in range(15):
        EnrolmentFactory(session=session)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = host.get(url)
    assert response.status_code == 200


def test_export_holds_what_the_reader_sees(surabaya, sidoarjo):  # type: ignore[no-untyped-def]
    import io as _io

    from openpyxl import load_workbook

    quota = ProgrammeQuotaFactory(seats=2)
    session = SessionFactory(programme=quota.programme)
    own = EnrolmentFactory(session=session)
    guest = EnrolmentFactory(session=session, employee=EmployeeFactory(institution=sidoarjo))
    url = reverse("development:session_participants_export", args=[session.pk])

    def nips(user):  # type: ignore[no-untyped-def]
        response = client_for(user).get(url)
        assert response.status_code == 200
        sheet = load_workbook(_io.BytesIO(response.content)).active
        return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert nips(UserFactory(institution=surabaya, role=Role.OPERATOR)) == {own.nip, guest.nip}
    assert nips(UserFactory(institution=sidoarjo, role=Role.OPERATOR)) == {guest.nip}
