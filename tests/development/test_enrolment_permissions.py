"""Permission suites of every enrolment, attendance and completion URL (pages and API),
with every write tried from outside the writer's scope (another province's operator,
the province above the host, a civil servant, an auditor) and nothing changed."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tangguh.core.roles import Role
from tangguh.development.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    LedgerEntry,
    Session,
)
from tangguh.development.services_completion import Outcome, session_complete
from tests.development.factories import EnrolmentFactory, SessionFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import (
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

# --- helpers --------------------------------------------------------------------------


def open_session(institution: Any) -> Session:
    """A planned session of a programme organised by ``institution`` (own people only)."""
    return SessionFactory(programme__organiser=institution, organiser=institution)


def past_session(institution: Any) -> Session:
    """A session that ended yesterday, not yet completed."""
    today = date.today()
    return SessionFactory(
        programme__organiser=institution,
        organiser=institution,
        start_date=today - timedelta(days=3),
        end_date=today - timedelta(days=1),
    )


def enrolled(session: Session, **extra: Any) -> Enrolment:
    person = EmployeeFactory(institution=session.organiser)
    return EnrolmentFactory(session=session, employee=person, **extra)


def completed_enrolment(institution: Any) -> Enrolment:
    session = past_session(institution)
    e = enrolled(session)
    session_complete(session=session, outcomes=[Outcome(e.pk, True, Decimal("88"))], actor=None)
    e.refresh_from_db()
    return e


def sheet(rows: list[list[Any]]) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "hadir.xlsx"
    return out


# --- pages: reads ----------------------------------------------------------------------


class TestNominatePage(ObjectPermissionSuite):
    url_name = "development:session_nominate"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Session:
        return open_session(institution)

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestApplyPage(ObjectPermissionSuite):
    url_name = "development:session_apply"
    allowed_role = Role.CIVIL_SERVANT
    denied_role = Role.OPERATOR  # staff nominate; applying is the person's own act

    def make_object(self, institution: Any) -> Session:
        return open_session(institution)

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestParticipantsPage(ObjectPermissionSuite):
    url_name = "development:session_participants"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Session:
        session = open_session(institution)
        enrolled(session)
        return session

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}

    def test_lists_the_participant(self) -> None:
        session = self.make_object(EmployeeFactory().institution)
        e = session.enrolments.get()
        response = client_for(make_user(Role.OPERATOR, session.organiser.code)).get(
            self.url(session)
        )
        assert e.nip in response.content.decode()


class TestParticipantsExport(ObjectPermissionSuite):
    url_name = "development:session_participants_export"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Session:
        session = open_session(institution)
        enrolled(session)
        return session

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestApprovals(ListPermissionSuite):
    url_name = "development:approvals"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution), status=EnrolmentStatus.AWAITING_INSTITUTION)

    def marker(self, obj: Enrolment) -> str:
        return obj.nip


class TestDecidePage(ObjectPermissionSuite):
    url_name = "development:enrolment_decide"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution), status=EnrolmentStatus.AWAITING_INSTITUTION)

    def url_kwargs(self, obj: Enrolment) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestCancelPage(ObjectPermissionSuite):
    url_name = "development:enrolment_cancel"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution))

    def url_kwargs(self, obj: Enrolment) -> dict[str, Any]:
        return {"pk": obj.pk}


class _HostPage(ObjectPermissionSuite):
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Session:
        session = past_session(institution)
        enrolled(session)
        return session

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestAttendancePage(_HostPage):
    url_name = "development:attendance"


class TestAttendanceTemplate(_HostPage):
    url_name = "development:attendance_template"


class TestAttendanceImportPage(_HostPage):
    url_name = "development:attendance_import"


class TestCompletePage(_HostPage):
    url_name = "development:session_complete"


class TestCompletionCertificate(ObjectPermissionSuite):
    url_name = "development:completion_certificate"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Enrolment:
        return completed_enrolment(institution)

    def url_kwargs(self, obj: Enrolment) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestMyEnrolments(ListPermissionSuite):
    """The civil servant's own list: another person's enrolment never shows."""

    url_name = "development:my_enrolments"
    allowed_role = Role.CIVIL_SERVANT
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution))

    def marker(self, obj: Enrolment) -> str:
        return obj.programme.title

    def test_role_with_permission_sees_own_rows(self) -> None:
        e = self.make_object(EmployeeFactory().institution)
        me = make_user(Role.CIVIL_SERVANT, e.institution.code, nip=e.nip)
        body = client_for(me).get(reverse(self.url_name)).content.decode()
        assert self.marker(e) in body


# --- pages: writes ---------------------------------------------------------------------


class TestNominateWrite(WritePermissionSuite):
    """The person's own institution nominates: not Sleman, not the province above."""

    url_name = "development:session_nominate"
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Any:
        return open_session(institution), EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        session, person = obj
        return client.post(reverse(self.url_name, args=[session.pk]), {"employee": person.pk})

    def state(self, obj: Any) -> Any:
        return list(Enrolment.objects.filter(session=obj[0]).values_list("nip", "status"))


class TestApplyWrite(WritePermissionSuite):
    """Only the civil servant applies for themselves; staff get 403."""

    url_name = "development:session_apply"
    allowed_role = Role.CIVIL_SERVANT
    denied_role = Role.OPERATOR
    province_role = Role.CIVIL_SERVANT
    ok_status = (302,)

    def make_object(self, institution: Any) -> Session:
        return open_session(institution)

    def request(self, client: Any, obj: Session) -> Any:
        return client.post(reverse(self.url_name, args=[obj.pk]))

    def state(self, obj: Session) -> Any:
        return list(Enrolment.objects.filter(session=obj).values_list("nip", "status"))

    def location(self, obj: Session) -> str:
        return reverse("development:my_enrolments")

    def test_role_in_own_scope_has_the_effect(self) -> None:
        session = self.make_object(EmployeeFactory().institution)
        person = EmployeeFactory(institution=session.organiser)
        me = make_user(Role.CIVIL_SERVANT, session.organiser.code, nip=person.nip)
        response, before = self.send(client_for(me), session)
        self.assert_accepted(response, session, before)
        assert self.state(session) == [(person.nip, "awaiting_institution")]


class TestDecideWrite(WritePermissionSuite):
    url_name = "development:enrolment_decide"
    allowed_role = Role.OPERATOR
    ok_status = (302,)

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution), status=EnrolmentStatus.AWAITING_INSTITUTION)

    def request(self, client: Any, obj: Enrolment) -> Any:
        return client.post(reverse(self.url_name, args=[obj.pk]), {"decision": "approve"})

    def state(self, obj: Enrolment) -> Any:
        return Enrolment.objects.get(pk=obj.pk).status

    def location(self, obj: Enrolment) -> str:
        return reverse("development:approvals")


class TestCancelWrite(WritePermissionSuite):
    url_name = "development:enrolment_cancel"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR
    ok_status = (302,)

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution))

    def request(self, client: Any, obj: Enrolment) -> Any:
        return client.post(reverse(self.url_name, args=[obj.pk]), {"reason": "Tugas luar"})

    def state(self, obj: Enrolment) -> Any:
        return Enrolment.objects.get(pk=obj.pk).status

    def location(self, obj: Enrolment) -> str:
        return reverse("development:session_participants", args=[obj.session_id])


class TestAttendanceWrite(WritePermissionSuite):
    url_name = "development:attendance"
    allowed_role = Role.OPERATOR
    ok_status = (302,)

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(past_session(institution))

    def request(self, client: Any, obj: Enrolment) -> Any:
        day = obj.session.start_date.isoformat()
        return client.post(
            reverse(self.url_name, args=[obj.session_id]), {f"m-{obj.pk}-{day}": "present"}
        )

    def state(self, obj: Enrolment) -> Any:
        return list(Attendance.objects.filter(enrolment=obj).values_list("day", "mark"))

    def location(self, obj: Enrolment) -> str:
        return reverse(self.url_name, args=[obj.session_id])


class TestAttendanceImportConfirm(WritePermissionSuite):
    """The sheet is checked, then confirmed: only the host's side gets that far."""

    url_name = "development:attendance_import_confirm"
    allowed_role = Role.OPERATOR
    ok_status = (302,)

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(past_session(institution))

    def request(self, client: Any, obj: Enrolment) -> Any:
        session = obj.session
        upload = sheet([["NIP", "Nama", session.start_date.isoformat()], [obj.nip, "x", "H"]])
        client.post(reverse("development:attendance_import", args=[session.pk]), {"file": upload})
        pending = client.session.get("development.attendance.pending") or {}
        return client.post(
            reverse(self.url_name, args=[session.pk]), {"token": pending.get("token", "")}
        )

    def state(self, obj: Enrolment) -> Any:
        return list(Attendance.objects.filter(enrolment=obj).values_list("day", "mark"))

    def location(self, obj: Enrolment) -> str:
        return reverse("development:attendance", args=[obj.session_id])


class TestCompleteWrite(WritePermissionSuite):
    url_name = "development:session_complete"
    allowed_role = Role.OPERATOR
    ok_status = (302,)

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(past_session(institution))

    def request(self, client: Any, obj: Enrolment) -> Any:
        return client.post(
            reverse(self.url_name, args=[obj.session_id]),
            {f"result-{obj.pk}": "completed", f"score-{obj.pk}": "90"},
        )

    def state(self, obj: Enrolment) -> Any:
        return (
            Session.objects.get(pk=obj.session_id).status,
            list(LedgerEntry.objects.filter(enrolment=obj).values_list("jp", flat=True)),
        )

    def location(self, obj: Enrolment) -> str:
        return reverse(self.url_name, args=[obj.session_id])


# --- API -------------------------------------------------------------------------------


def _api(name: str, *args: Any) -> str:
    return reverse(f"api:{name}", args=args)


class TestApiSessionEnrolments(ObjectPermissionSuite):
    url_name = "api:development-session-enrolments"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Session:
        session = open_session(institution)
        enrolled(session)
        return session

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}

    def test_same_role_in_another_institution_gets_404(self) -> None:
        # The catalogue is public to staff: another institution reads the session but
        # none of its participants.
        obj = self.make_object(EmployeeFactory().institution)
        response = client_for(make_user(self.allowed_role, "34.04")).get(self.url(obj))
        assert response.status_code == 200 and response.json()["results"] == []


class TestApiNominate(WritePermissionSuite):
    url_name = "api:development-session-enrolments"
    is_api = True
    allowed_role = Role.OPERATOR
    ok_status = (201,)
    refused_status = (400, 403, 404)

    def make_object(self, institution: Any) -> Any:
        return open_session(institution), EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        session, person = obj
        return client.post(
            reverse(self.url_name, args=[session.pk]),
            json.dumps({"nip": person.nip}),
            content_type="application/json",
        )

    def state(self, obj: Any) -> Any:
        return list(Enrolment.objects.filter(session=obj[0]).values_list("nip", "status"))


class TestApiApply(WritePermissionSuite):
    url_name = "api:development-session-apply"
    is_api = True
    allowed_role = Role.CIVIL_SERVANT
    denied_role = Role.OPERATOR
    province_role = Role.CIVIL_SERVANT
    ok_status = (201,)

    def make_object(self, institution: Any) -> Session:
        return open_session(institution)

    def request(self, client: Any, obj: Session) -> Any:
        return client.post(reverse(self.url_name, args=[obj.pk]))

    def state(self, obj: Session) -> Any:
        return list(Enrolment.objects.filter(session=obj).values_list("nip", "status"))

    def test_role_in_own_scope_has_the_effect(self) -> None:
        session = self.make_object(EmployeeFactory().institution)
        person = EmployeeFactory(institution=session.organiser)
        me = make_user(Role.CIVIL_SERVANT, session.organiser.code, nip=person.nip)
        response, before = self.send(client_for(me), session)
        self.assert_accepted(response, session, before)


class TestApiEnrolmentList(ListPermissionSuite):
    url_name = "api:development-enrolments"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution))

    def marker(self, obj: Enrolment) -> str:
        return obj.nip


class TestApiEnrolmentDetail(ObjectPermissionSuite):
    url_name = "api:development-enrolment"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution))

    def url_kwargs(self, obj: Enrolment) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestApiDecide(WritePermissionSuite):
    url_name = "api:development-enrolment-decide"
    is_api = True
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution), status=EnrolmentStatus.AWAITING_INSTITUTION)

    def request(self, client: Any, obj: Enrolment) -> Any:
        return client.post(
            reverse(self.url_name, args=[obj.pk]),
            json.dumps({"decision": "approve"}),
            content_type="application/json",
        )

    def state(self, obj: Enrolment) -> Any:
        return Enrolment.objects.get(pk=obj.pk).status


class TestApiCancel(WritePermissionSuite):
    url_name = "api:development-enrolment-cancel"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution))

    def request(self, client: Any, obj: Enrolment) -> Any:
        return client.post(
            reverse(self.url_name, args=[obj.pk]),
            json.dumps({"reason": "Sakit"}),
            content_type="application/json",
        )

    def state(self, obj: Enrolment) -> Any:
        return Enrolment.objects.get(pk=obj.pk).status


class TestApiResult(WritePermissionSuite):
    url_name = "api:development-enrolment-result"
    is_api = True
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Enrolment:
        return completed_enrolment(institution)

    def request(self, client: Any, obj: Enrolment) -> Any:
        return client.post(
            reverse(self.url_name, args=[obj.pk]),
            json.dumps({"completed": False, "reason": "Salah catat"}),
            content_type="application/json",
        )

    def state(self, obj: Enrolment) -> Any:
        return (
            Enrolment.objects.get(pk=obj.pk).result,
            sorted(LedgerEntry.objects.filter(enrolment=obj).values_list("jp", flat=True)),
        )


class TestApiAttendanceRead(ObjectPermissionSuite):
    url_name = "api:development-session-attendance"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Session:
        session = past_session(institution)
        enrolled(session)
        return session

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestApiAttendanceWrite(WritePermissionSuite):
    url_name = "api:development-session-attendance"
    is_api = True
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(past_session(institution))

    def request(self, client: Any, obj: Enrolment) -> Any:
        body = {
            "marks": [{"enrolment": obj.pk, "day": str(obj.session.start_date), "mark": "absent"}]
        }
        return client.post(
            reverse(self.url_name, args=[obj.session_id]),
            json.dumps(body),
            content_type="application/json",
        )

    def state(self, obj: Enrolment) -> Any:
        return list(Attendance.objects.filter(enrolment=obj).values_list("day", "mark"))


class TestApiComplete(WritePermissionSuite):
    url_name = "api:development-session-complete"
    is_api = True
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(past_session(institution))

    def request(self, client: Any, obj: Enrolment) -> Any:
        body = {"outcomes": [{"enrolment": obj.pk, "completed": True, "score": "77.5"}]}
        return client.post(
            reverse(self.url_name, args=[obj.session_id]),
            json.dumps(body),
            content_type="application/json",
        )

    def state(self, obj: Enrolment) -> Any:
        return (
            Session.objects.get(pk=obj.session_id).status,
            list(LedgerEntry.objects.filter(enrolment=obj).values_list("jp", flat=True)),
        )


class TestApiMyEnrolments(ListPermissionSuite):
    url_name = "api:development-my-enrolments"
    is_api = True
    allowed_role = Role.CIVIL_SERVANT
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Enrolment:
        return enrolled(open_session(institution))

    def marker(self, obj: Enrolment) -> str:
        return obj.nip

    def test_role_with_permission_sees_own_rows(self) -> None:
        e = self.make_object(EmployeeFactory().institution)
        me = make_user(Role.CIVIL_SERVANT, e.institution.code, nip=e.nip)
        body = client_for(me).get(reverse(self.url_name)).json()
        assert [r["nip"] for r in body["results"]] == [e.nip]


@pytest.mark.django_db
def test_api_junk_id_is_json_404() -> None:
    user = make_user(Role.OPERATOR)
    response = client_for(user).get("/api/v1/development/enrolments/abc/")
    assert response.status_code == 404 and "detail" in response.json()
