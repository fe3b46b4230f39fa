"""The budgets API and `tangguh budgets list`: the same figures as the pages."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.models import BudgetRevision, RevisionStatus, SessionStatus
from tests.development.factories import (
    BudgetRevisionFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db
YEAR = 2024


def _approved(institution, **extra):  # type: ignore[no-untyped-def]
    return BudgetRevisionFactory(
        budget__institution=institution,
        budget__fiscal_year=YEAR,
        status=RevisionStatus.APPROVED,
        entered_by=make_user(Role.OPERATOR, institution.code),
        **extra,
    )


def _spent(amount_people: int = 2) -> None:
    session = SessionFactory(
        programme=ProgrammeFactory(),
        start_date=date(YEAR, 5, 1),
        end_date=date(YEAR, 5, 3),
        status=SessionStatus.COMPLETED,
    )
    EnrolmentFactory.create_batch(amount_people, session=session)


def test_the_detail_gives_figures_pieces_and_revisions(surabaya):
    _approved(surabaya)
    _spent()
    client = client_for(make_user(Role.AUDITOR))
    body = client.get(
        reverse("api:development-budget", kwargs={"code": "35.78", "year": YEAR})
    ).json()
    assert body["development_allocation"] == 25_000_000_000
    assert body["share"] == 0.0025
    assert body["realisation"] == 3_000_000
    assert body["planned_cost"] is None
    assert [p["kind"] for p in body["realisation_pieces"]] == ["organiser"]
    assert body["realisation_pieces"][0]["session_id"] is not None
    assert [r["status"] for r in body["revisions"]] == ["approved"]


def test_the_list_is_the_caller_s_scope(surabaya, sleman):
    _approved(surabaya)
    _approved(sleman)
    body = (
        client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
        .get(reverse("api:development-budgets"), {"year": YEAR})
        .json()
    )
    assert [row["institution_code"] for row in body] == ["35.78"]


def test_junk_ids_and_codes_are_json_404s(surabaya):
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    for url in (
        "/api/v1/development/budget-revisions/abc/approve/",
        reverse("api:development-budget", kwargs={"code": "nope", "year": YEAR}),
        reverse("api:development-budget", kwargs={"code": "35.78", "year": 1800}),
    ):
        response = client.post(url) if "approve" in url else client.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()


def test_creating_with_a_negative_amount_is_a_400_with_the_field(surabaya):
    client = client_for(make_user(Role.OPERATOR))
    response = client.post(
        reverse("api:development-budget-revisions", kwargs={"code": "35.78", "year": YEAR}),
        data=json.dumps({"kind": "initial", "total_budget": "-1", "development_allocation": "0"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "total_budget" in json.dumps(response.json())
    assert not BudgetRevision.objects.exists()


def test_the_author_approving_is_refused_and_a_superseded_one_is_a_conflict(surabaya):
    admin = make_user(Role.INSTITUTION_ADMIN)
    own = BudgetRevisionFactory(budget__institution=surabaya, budget__fiscal_year=YEAR, number=1, entered_by=admin)  # fmt: skip
    client = client_for(admin)
    url = reverse("api:development-budget-revision-approve", kwargs={"pk": own.pk})
    assert client.post(url).status_code == 400
    newer = BudgetRevisionFactory(budget=own.budget, number=2, entered_by=make_user(Role.OPERATOR))
    assert (
        client.post(
            reverse("api:development-budget-revision-approve", kwargs={"pk": newer.pk})
        ).status_code
        == 200
    )
    other = client_for(make_user(Role.INSTITUTION_ADMIN))
    assert other.post(url).status_code == 409
    own.refresh_from_db()
    assert own.status == RevisionStatus.SUBMITTED


def test_rejecting_without_a_reason_is_a_400(surabaya):
    revision = BudgetRevisionFactory(budget__institution=surabaya, budget__fiscal_year=YEAR, entered_by=make_user(Role.OPERATOR))  # fmt: skip
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    url = reverse("api:development-budget-revision-reject", kwargs={"pk": revision.pk})
    assert client.post(url).status_code == 400
    assert BudgetRevision.objects.get(pk=revision.pk).status == RevisionStatus.SUBMITTED


# --- the command line -------------------------------------------------------------------


def _budgets_json(year: int = YEAR) -> list[dict]:  # type: ignore[type-arg]
    out = StringIO()
    call_command("budgets", "list", "--year", str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_budgets_list_json_uses_the_latest_approved_revision(surabaya, sleman):
    for _i in range(3):  # in post since 2020; the participants made today do not count in 2024
        EmployeeFactory(institution=surabaya, period_start=date(2020, 1, 1))
    _approved(surabaya, number=1, development_allocation=Decimal("1000"))
    _approved(surabaya, number=2, total_budget=Decimal("300000"), development_allocation=Decimal("1000"))  # fmt: skip
    BudgetRevisionFactory(  # awaiting approval: not the budget
        budget__institution=surabaya, budget__fiscal_year=YEAR, number=3,
        development_allocation=Decimal("9999"),
    )  # fmt: skip
    _approved(sleman, total_budget=Decimal("0"), development_allocation=Decimal("0"))
    _spent(2)
    rows = _budgets_json()
    assert rows == [
        {
            "institution_code": "34.04",
            "total_budget": 0,
            "development_allocation": 0,
            "realisation": 0,
            "civil_servants": 0,
            "per_civil_servant": None,
            "share": None,
        },
        {
            "institution_code": "35.78",
            "total_budget": 300000,
            "development_allocation": 1000,
            "realisation": 3_000_000,
            "civil_servants": 3,
            "per_civil_servant": 333,  # 1000 / 3, rounded
            "share": 0.0033,
        },
    ]
    assert isinstance(rows[1]["total_budget"], int)


def test_budgets_list_counts_civil_servants_of_the_year(surabaya):
    this_year = date.today().year
    for _i in range(4):
        EmployeeFactory(institution=surabaya)
    BudgetRevisionFactory(
        budget__institution=surabaya, budget__fiscal_year=this_year,
        status=RevisionStatus.APPROVED, development_allocation=Decimal("1000001"),
    )  # fmt: skip
    (row,) = _budgets_json(this_year)
    assert row["civil_servants"] == 4
    assert row["per_civil_servant"] == 250000  # 250000.25 rounded


def test_budgets_list_text_has_a_header_and_a_count(surabaya):
    _approved(surabaya)
    out = StringIO()
    call_command("budgets", "list", "--year", str(YEAR), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split("\t")[0] == "institution_code"
    assert lines[1].startswith("35.78\t")
    assert len(lines) == 3
