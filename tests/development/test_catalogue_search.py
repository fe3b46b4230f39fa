"""The catalogue's search (page and API alike): text, competency, form, organiser, date
range, place, open seats, open to my institution; what each result tells the viewer
about their institution's quota; drafts and past sessions left out by default."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.models import Access, EnrolmentStatus, ProgrammeStatus, SessionStatus
from tangguh.institutions.models import Institution
from tests.development.factories import (
    EnrolmentFactory,
    ProgrammeFactory,
    ProgrammeQuotaFactory,
    SessionFactory,
    form,
)
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def _day(n: int) -> date:
    return date.today() + timedelta(days=n)


@pytest.fixture
def catalogue(surabaya, jatim):  # type: ignore[no-untyped-def]
    """Four programmes with one session each, and a draft and a past session."""
    seminar = ProgrammeFactory(
        title="Seminar Kearsipan Digital",
        form=form("seminar"),
        organiser=jatim,
        competencies=[{"code": "M.07", "level": 2}],
        access=Access.EVERYONE,
        cost_per_participant=0,
    )
    bimtek = ProgrammeFactory(title="Bimtek Pengadaan", competencies=[{"code": "M.01", "level": 3}])
    listed = ProgrammeQuotaFactory(
        programme__title="Pelatihan Kepemimpinan Daerah", programme__capacity=2, seats=1
    ).programme
    draft = ProgrammeFactory(title="Program Draf Tersembunyi", status=ProgrammeStatus.DRAFT)
    sessions = {
        "seminar": SessionFactory(
            programme=seminar, start_date=_day(5), end_date=_day(5), place="Hotel Majapahit"
        ),
        "bimtek": SessionFactory(programme=bimtek, start_date=_day(40), end_date=_day(42)),
        "listed": SessionFactory(
            programme=listed, start_date=_day(60), end_date=_day(61), capacity=2
        ),
        "draft": SessionFactory(programme=draft, start_date=_day(10), end_date=_day(11)),
        "past": SessionFactory(
            programme=bimtek,
            start_date=date(2025, 3, 3),
            end_date=date(2025, 3, 5),
            status=SessionStatus.COMPLETED,
        ),
    }
    return sessions


def _titles(user: Any, **query: Any) -> list[str]:
    response = client_for(user).get(reverse("api:development-catalogue"), query)
    assert response.status_code == 200, response.content
    return [row["title"] + f"#{row['number']}" for row in response.json()["results"]]


def _page(user: Any, **query: Any) -> str:
    response = client_for(user).get(reverse("development:catalogue"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_default_is_upcoming_published_soonest_first(catalogue):  # type: ignore[no-untyped-def]
    user = make_user(Role.CIVIL_SERVANT, "34.04")
    text = _page(user)
    assert text.index("Seminar Kearsipan Digital") < text.index("Bimtek Pengadaan")
    assert "Program Draf Tersembunyi" not in text
    # The API has no default: the past session is there unless asked for upcoming.
    past = catalogue["past"]
    assert f"Bimtek Pengadaan#{past.number}" in _titles(user)
    assert f"Bimtek Pengadaan#{past.number}" not in _titles(user, when="upcoming")
    assert _titles(user, when="past") == [f"Bimtek Pengadaan#{past.number}"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "kearsipan"}, ["Seminar Kearsipan Digital"]),
        ({"q": "majapahit"}, ["Seminar Kearsipan Digital"]),
        ({"competency": "M.01"}, ["Bimtek Pengadaan"]),
        ({"competency": "m.07"}, ["Seminar Kearsipan Digital"]),
        ({"form": "seminar"}, ["Seminar Kearsipan Digital"]),
        ({"organiser": "35"}, ["Seminar Kearsipan Digital"]),
        ({"place": "majapahit"}, ["Seminar Kearsipan Digital"]),
        ({"date_from": "+30", "date_to": "+45"}, ["Bimtek Pengadaan"]),
        ({"mode": "online"}, []),
    ],
)
def test_each_filter_narrows_the_results(catalogue, query, expected):  # type: ignore[no-untyped-def]
    for key in ("date_from", "date_to"):
        if key in query:
            query[key] = _day(int(query[key])).isoformat()
    found = _titles(make_user(Role.OPERATOR, "34.04"), when="upcoming", **query)
    assert [t.split("#")[0] for t in found] == expected


def test_open_seats_leaves_full_sessions_out(catalogue):  # type: ignore[no-untyped-def]
    listed = catalogue["listed"]
    for _ in range(2):
        EnrolmentFactory(session=listed)
    user = make_user(Role.OPERATOR, "34.04")
    everything = [t.split("#")[0] for t in _titles(user, when="upcoming")]
    with_seats = [t.split("#")[0] for t in _titles(user, when="upcoming", open_seats="true")]
    assert "Pelatihan Kepemimpinan Daerah" in everything
    assert "Pelatihan Kepemimpinan Daerah" not in with_seats


def test_open_to_my_institution_and_the_quota_left(catalogue):  # type: ignore[no-untyped-def]
    sidoarjo = Institution.objects.get(code="35.15")
    EnrolmentFactory(
        session=catalogue["listed"],
        employee=EmployeeFactory(institution=sidoarjo),
        status=EnrolmentStatus.AWAITING_HOST,
    )
    guest = make_user(Role.OPERATOR, "35.15")
    rows = {
        r["title"]: r
        for r in client_for(guest)
        .get(reverse("api:development-catalogue"), {"when": "upcoming"})
        .json()["results"]
    }
    assert rows["Pelatihan Kepemimpinan Daerah"]["my_quota"] == 1
    assert rows["Pelatihan Kepemimpinan Daerah"]["my_quota_left"] == 0
    assert rows["Bimtek Pengadaan"]["may_join"] is False  # Surabaya's own people only
    assert rows["Seminar Kearsipan Digital"]["may_join"] is True
    mine = [t.split("#")[0] for t in _titles(guest, when="upcoming", open_to_me="true")]
    assert mine == ["Seminar Kearsipan Digital", "Pelatihan Kepemimpinan Daerah"]
    text = _page(guest)
    assert "Kuota instansi Anda: sisa 0 dari 1 kursi." in text
    sleman = [
        t.split("#")[0]
        for t in _titles(make_user(Role.OPERATOR, "34.04"), when="upcoming", open_to_me="true")
    ]
    assert sleman == ["Seminar Kearsipan Digital"]


def test_results_show_rupiah_jp_and_free(catalogue):  # type: ignore[no-untyped-def]
    text = _page(make_user(Role.CIVIL_SERVANT))
    assert "Rp 1.500.000" in text
    assert "24 JP" in text
    assert "gratis" in text


def test_a_bad_filter_is_a_400_on_the_api_and_ignored_on_the_page(catalogue):  # type: ignore[no-untyped-def]
    user = make_user(Role.OPERATOR)
    response = client_for(user).get(reverse("api:development-catalogue"), {"open_seats": "maybe"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "open_seats"
    assert "Seminar Kearsipan Digital" in _page(user, date_from="not-a-date")


def test_the_page_and_the_api_read_a_fixed_number_of_queries(surabaya):  # type: ignore[no-untyped-def]
    """More results do not mean more queries (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_user(Role.OPERATOR, "35.15")
    client = client_for(user)

    def count() -> tuple[int, int]:
        client.get(reverse("development:catalogue"))  # warm the session and caches
        with CaptureQueriesContext(connection) as page:
            client.get(reverse("development:catalogue"))
        with CaptureQueriesContext(connection) as api:
            client.get(reverse("api:development-catalogue"))
        return len(page.captured_queries), len(api.captured_queries)

    programme = ProgrammeQuotaFactory().programme
    SessionFactory(programme=programme)
    few = count()
    for n in range(8):
        SessionFactory(programme=ProgrammeQuotaFactory(programme__title=f"Program {n}").programme)
    assert count() == few
