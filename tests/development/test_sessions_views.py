"""The session page offers each viewer the actions open to them (and only those), and the
programme and session forms refuse bad input in Indonesian with nothing saved."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.models import Access, Programme, Session, SessionStatus
from tests.development.factories import ProgrammeFactory, ProgrammeQuotaFactory, SessionFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def _actions(user: Any, session: Session) -> set[str]:
    text = client_for(user).get(reverse("development:session", args=[session.pk])).content.decode()
    names = ("apply", "nominate", "participants", "attendance", "complete", "edit-session")
    shown = {n for n in names if f'data-testid="{n}"' in text}
    if 'data-testid="cancel-form"' in text:
        shown.add("cancel")
    if 'data-testid="facilitator-form"' in text:
        shown.add("facilitators")
    return shown


def _civil_servant(code: str) -> Any:
    from tangguh.institutions.models import Institution

    employee = EmployeeFactory(institution=Institution.objects.get(code=code))
    return make_user(Role.CIVIL_SERVANT, code, nip=employee.nip)


def test_the_organiser_sees_its_writes_and_the_enrolment_pages(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory()
    shown = _actions(make_user(Role.OPERATOR), session)
    assert {"edit-session", "cancel", "facilitators", "nominate", "attendance"} <= shown
    assert "apply" not in shown and "complete" not in shown  # not over yet


def test_a_guest_operator_nominates_but_does_not_write(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory(programme=ProgrammeQuotaFactory().programme)
    shown = _actions(make_user(Role.OPERATOR, "35.15"), session)
    assert "nominate" in shown
    assert not {"edit-session", "cancel", "facilitators", "attendance", "complete"} & shown


def test_an_uninvited_institution_may_not_nominate(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory(programme=ProgrammeFactory(access=Access.OWN))
    shown = _actions(make_user(Role.OPERATOR, "34.04"), session)
    assert "nominate" not in shown and "edit-session" not in shown


def test_a_civil_servant_applies_where_their_institution_may_join(surabaya):  # type: ignore[no-untyped-def]
    own = SessionFactory()
    assert _actions(_civil_servant("35.78"), own) == {"apply"}
    assert _actions(_civil_servant("34.04"), own) == set()


def test_after_the_last_day_the_host_completes(surabaya):  # type: ignore[no-untyped-def]
    ended = SessionFactory(
        start_date=date.today() - timedelta(days=5), end_date=date.today() - timedelta(days=3)
    )
    shown = _actions(make_user(Role.OPERATOR), ended)
    assert "complete" in shown and "nominate" not in shown


def test_a_cancelled_session_says_why_and_offers_no_writes(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory(status=SessionStatus.CANCELLED, cancel_reason="Banjir di lokasi")
    text = (
        client_for(make_user(Role.OPERATOR))
        .get(reverse("development:session", args=[session.pk]))
        .content.decode()
    )
    assert "Angkatan ini dibatalkan." in text and "Banjir di lokasi" in text
    assert _actions(make_user(Role.OPERATOR), session) == {"participants"}  # a read, still


def test_session_form_refuses_reversed_dates_in_indonesian(surabaya):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory()
    first = date.today() + timedelta(days=10)
    response = client_for(make_user(Role.OPERATOR)).post(
        reverse("development:session_create", args=[programme.pk]),
        {
            "start_date": first.isoformat(),
            "end_date": (first - timedelta(days=1)).isoformat(),
            "place": "Aula",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Hari terakhir tidak boleh sebelum hari pertama." in text or "sebelum" in text
    assert not Session.objects.filter(programme=programme).exists()


def test_programme_form_refuses_a_level_without_a_code(surabaya):  # type: ignore[no-untyped-def]
    from tests.development.factories import form

    response = client_for(make_user(Role.OPERATOR)).post(
        reverse("development:programme_create"),
        {
            "title": "Kursus Bahasa Inggris",
            "code": "kursus-bing",
            "form": str(form("kursus").pk),
            "jp": "40",
            "mode": "online",
            "cost_per_participant": "0",
            "capacity": "20",
            "access": "own",
            "competency_level_0": "2",
        },
    )
    assert response.status_code == 400
    assert "Isi kode kompetensi." in response.content.decode()
    assert not Programme.objects.filter(code="kursus-bing").exists()


def test_publishing_from_the_page_without_quota_says_why(surabaya):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory(access=Access.LISTED, status="draft")
    response = client_for(make_user(Role.OPERATOR)).post(
        reverse("development:programme_publish", args=[programme.pk])
    )
    assert response.status_code == 400
    assert "undang dulu paling sedikit satu instansi" in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_the_pages_speak_english_when_chosen(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory()
    client = client_for(make_user(Role.OPERATOR))
    client.cookies["django_language"] = "en"
    catalogue = client.get(reverse("development:catalogue")).content.decode()
    assert "Development catalogue" in catalogue and "Your institution hosts" in catalogue
    page = client.get(reverse("development:session", args=[session.pk])).content.decode()
    assert "What it gives" in page and "Rp 1,500,000" in page
    page = client.get(reverse("development:programme", args=[session.programme_id])).content
    assert b"Hosts and cost shares" in page


def test_hosts_see_each_invited_institutions_quota_taken(surabaya):  # type: ignore[no-untyped-def]
    from tangguh.development.models import EnrolmentStatus
    from tangguh.institutions.models import Institution
    from tests.development.factories import EnrolmentFactory

    session = SessionFactory(programme=ProgrammeQuotaFactory(seats=2).programme)
    EnrolmentFactory(
        session=session,
        employee=EmployeeFactory(institution=Institution.objects.get(code="35.15")),
        status=EnrolmentStatus.AWAITING_HOST,
    )
    url = reverse("development:session", args=[session.pk])
    host = client_for(make_user(Role.OPERATOR)).get(url).content.decode()
    assert 'data-testid="quota-use"' in host
    assert "Kabupaten Sidoarjo</td><td>1 / 2</td><td>1</td>" in host
    guest = client_for(make_user(Role.OPERATOR, "35.15")).get(url).content.decode()
    assert 'data-testid="quota-use"' not in guest
