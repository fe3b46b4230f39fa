"""The list pages read a constant number of queries, whatever the rows they show."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.ledger import ledger_append
from tests.development.factories import ActivityFactory, EnrolmentFactory, form
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def _entries(institution, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        person = EmployeeFactory(institution=institution)
        ledger_append(employee=person, day=date.today() - timedelta(days=i + 1), jp=4,
                      form=form("seminar"), source="activity", description=f"E{i}")  # fmt: skip
        ActivityFactory(employee=person, title=f"A{i}")
        enrolment = EnrolmentFactory(employee=person)
        ledger_append(employee=person, day=date.today() - timedelta(days=i + 1), jp=24,
                      form=form("bimtek"), source="session", description=f"S{i}",
                      enrolment=enrolment)  # fmt: skip


def _queries(client, url):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name", ["development:ledger", "development:activities", "api:development-ledger"]
)
def test_a_list_reads_as_many_queries_for_3_rows_as_for_30(surabaya, name):  # type: ignore[no-untyped-def]
    client = client_for(make_user(Role.OPERATOR))
    _entries(surabaya, 3)
    few = _queries(client, reverse(name) + ("?status=all" if "activities" in name else ""))
    _entries(surabaya, 27)
    many = _queries(client, reverse(name) + ("?status=all" if "activities" in name else ""))
    assert many == few, (few, many)


def test_a_persons_ledger_reads_a_constant_number_of_queries(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    client = client_for(make_user(Role.OPERATOR))
    url = reverse("development:person_ledger", args=[person.nip])

    def add(n):  # type: ignore[no-untyped-def]
        for i in range(n):
            ledger_append(employee=person, day=date(2025, 3, 1) + timedelta(days=i), jp=2,
                          form=form("coaching"), source="activity", description=f"C{i}")  # fmt: skip

    add(2)
    few = _queries(client, url + "?year=2025")
    add(20)
    assert _queries(client, url + "?year=2025") == few
