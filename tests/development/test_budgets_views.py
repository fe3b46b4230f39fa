"""The budget pages: what they show, the refusals they say, and nothing changed by them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tangguh.core.roles import Role
from tangguh.development.models import BudgetRevision, RevisionKind, RevisionStatus, SessionStatus
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


def _page(client, code="35.78", year=YEAR):  # type: ignore[no-untyped-def]
    return client.get(reverse("development:budget", kwargs={"code": code, "year": year}))


def _approved(institution, **extra):  # type: ignore[no-untyped-def]
    return BudgetRevisionFactory(
        budget__institution=institution,
        budget__fiscal_year=YEAR,
        status=RevisionStatus.APPROVED,
        entered_by=make_user(Role.OPERATOR, institution.code),
        decided_by=make_user(Role.INSTITUTION_ADMIN, institution.code),
        **extra,
    )


def test_the_budget_page_shows_allocation_share_per_person_realisation_and_revisions(surabaya):
    for _i in range(5):
        EmployeeFactory(institution=surabaya)
    _approved(surabaya, number=1, development_allocation=Decimal("20000000000"))
    _approved(surabaya, number=2, kind=RevisionKind.AMENDED, development_allocation=Decimal("25000000000"))  # fmt: skip
    session = SessionFactory(
        programme=ProgrammeFactory(title="Bimtek Anggaran"),
        start_date=date(YEAR, 5, 1),
        end_date=date(YEAR, 5, 3),
        status=SessionStatus.COMPLETED,
    )
    EnrolmentFactory.create_batch(2, session=session)
    with translation.override("id"):
        response = _page(client_for(make_user(Role.OPERATOR)))
    assert response.status_code == 200
    html = response.content.decode()
    f = response.context["f"]
    assert f.development_allocation == Decimal("25000000000")  # the latest approved
    assert f.realisation == Decimal("3000000")
    assert "Rp 25.000.000.000" in html
    assert "Rp 10.000.000.000.000" in html
    assert "0,25 %" in html  # share of the total
    assert "Rp 3.000.000" in html  # realisation
    assert "Bimtek Anggaran" in html  # a piece, linked to its session
    assert 'data-testid="status-2"' in html and 'data-testid="status-1"' in html
    assert "no plans yet" in html.lower() or "belum ada rencana" in html.lower()
    assert 'data-testid="chart"' in html


def test_an_administrator_cannot_approve_a_revision_they_entered(surabaya):
    admin = make_user(Role.INSTITUTION_ADMIN)
    revision = BudgetRevisionFactory(budget__institution=surabaya, budget__fiscal_year=YEAR, entered_by=admin)  # fmt: skip
    client = client_for(admin)
    response = client.post(
        reverse("development:budget_revision_decide", kwargs={"pk": revision.pk}),
        {"decision": "approve"},
        follow=True,
    )
    assert response.status_code == 200
    assert "another administrator" in response.content.decode() or "administrator lain" in response.content.decode()  # fmt: skip
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUBMITTED
    assert revision.decided_by is None


def test_a_negative_amount_on_the_form_is_refused_on_its_field(surabaya):
    client = client_for(make_user(Role.OPERATOR))
    url = reverse("development:budget_revision_new", kwargs={"code": "35.78", "year": YEAR})
    response = client.post(
        url,
        {"kind": "initial", "total_budget": "1000000000", "development_allocation": "-5000000"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["development_allocation"]
    assert 'data-testid="error-development_allocation"' in response.content.decode()
    assert not BudgetRevision.objects.exists()


def test_an_allocation_above_the_total_is_refused(surabaya):
    client = client_for(make_user(Role.OPERATOR))
    url = reverse("development:budget_revision_new", kwargs={"code": "35.78", "year": YEAR})
    response = client.post(
        url, {"kind": "initial", "total_budget": "1000", "development_allocation": "1001"}
    )
    assert response.status_code == 400
    assert "development_allocation" in response.context["form"].errors
    assert not BudgetRevision.objects.exists()


def test_the_form_reads_amounts_as_people_write_them(surabaya):
    client = client_for(make_user(Role.OPERATOR))
    url = reverse("development:budget_revision_new", kwargs={"code": "35.78", "year": YEAR})
    response = client.post(
        url,
        {
            "kind": "initial",
            "total_budget": "Rp 4.500.000.000.000",
            "development_allocation": "9,000,000,000",
            "document": "Perda No. 12 Tahun 2023",
        },
    )
    assert response.status_code == 302
    revision = BudgetRevision.objects.get()
    assert (revision.total_budget, revision.development_allocation) == (
        Decimal("4500000000000"),
        Decimal("9000000000"),
    )


def test_a_year_far_outside_is_not_found(surabaya):
    client = client_for(make_user(Role.OPERATOR))
    assert _page(client, year=1990).status_code == 404
    assert client.get(reverse("development:budgets"), {"tahun": "abcd"}).status_code == 404


def test_a_province_lists_its_regencies_and_cities(jatim, surabaya):
    _approved(surabaya)
    _approved(jatim)
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    response = client.get(reverse("development:budgets"), {"tahun": YEAR})
    codes = [f.institution.code for f in response.context["rows"]]
    assert codes[0] == "35"
    assert "35.78" in codes and "35.15" in codes
    assert all(code == "35" or code.startswith("35.") for code in codes)
    # Surabaya's staff open the province's list: not theirs to read.
    regency = client_for(make_user(Role.INSTITUTION_ADMIN))
    assert regency.get(reverse("development:budgets"), {"instansi": "35"}).status_code == 404


def test_the_national_page_ranks_nothing_but_shows_every_province(jatim):
    _approved(jatim)
    client = client_for(make_user(Role.NATIONAL_ADMIN, "K.09"))
    response = client.get(reverse("development:budgets_national"), {"tahun": YEAR})
    assert response.status_code == 200
    assert len(response.context["provinces"]) == 38
    assert not response.context["partial"]
    row = next(r for r in response.context["provinces"] if r.figures.institution.code == "35")
    assert row.figures.development_allocation == Decimal("25000000000")


def test_the_export_has_the_list_s_rows(surabaya):
    import io

    import openpyxl

    _approved(surabaya)
    response = client_for(make_user(Role.OPERATOR)).get(
        reverse("development:budgets_export"), {"tahun": YEAR}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "35.78"
    assert rows[1][4] == 25000000000
    assert rows[1][5] == pytest.approx(0.0025)


def _queries_for(client, url, params, django_assert_max_num_queries, limit):  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(limit):
        assert client.get(url, params).status_code == 200


def test_the_lists_read_a_fixed_number_of_queries_whatever_the_budgets(
    jatim, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    """A province's list and the national page read each kind of row once: adding
    budgets and sessions for more regencies adds no query."""
    from tangguh.institutions.models import Institution

    national = client_for(make_user(Role.NATIONAL_ADMIN, "K.09"))
    province = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    regencies = list(Institution.objects.filter(parent=jatim).order_by("code"))

    def spend(regency):  # type: ignore[no-untyped-def]
        _approved(regency)
        session = SessionFactory(
            programme=ProgrammeFactory(organiser=regency),
            start_date=date(YEAR, 5, 1),
            end_date=date(YEAR, 5, 3),
            status=SessionStatus.COMPLETED,
        )
        EnrolmentFactory(session=session)

    spend(regencies[0])
    url_list, url_national = reverse("development:budgets"), reverse("development:budgets_national")
    with django_assert_max_num_queries(100) as few:
        province.get(url_list, {"tahun": YEAR})
    with django_assert_max_num_queries(100) as few_national:
        national.get(url_national, {"tahun": YEAR})
    for regency in regencies[1:12]:
        spend(regency)
    _queries_for(province, url_list, {"tahun": YEAR}, django_assert_max_num_queries, len(few))
    _queries_for(national, url_national, {"tahun": YEAR}, django_assert_max_num_queries, len(few_national))  # fmt: skip


def test_the_budget_page_in_english(surabaya):
    _approved(surabaya)
    client = client_for(make_user(Role.OPERATOR))
    client.cookies["django_language"] = "en"
    response = _page(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Allocation to competency development" in html
    assert "Rp 25,000,000,000" in html  # grouped the English way


def test_a_year_without_figures_invites_the_operator_to_enter_them(surabaya):
    response = _page(client_for(make_user(Role.OPERATOR)), year=YEAR + 1)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["f"].allocation is None
    assert 'data-testid="new-revision"' in html
    # An auditor reads the same page without the button.
    auditor = _page(client_for(make_user(Role.AUDITOR)), year=YEAR + 1).content.decode()
    assert 'data-testid="new-revision"' not in auditor


def test_those_who_read_every_budget_start_from_the_nation(surabaya):
    national = client_for(make_user(Role.NATIONAL_ADMIN, "K.09"))
    response = national.get(reverse("development:budgets"), {"tahun": YEAR})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('development:budgets_national')}?tahun={YEAR}"
    # …and open any institution's list by its code.
    _approved(surabaya)
    listed = national.get(reverse("development:budgets"), {"tahun": YEAR, "instansi": "35"})
    assert "35.78" in [f.institution.code for f in listed.context["rows"]]


def test_the_year_chips_of_a_budget_lead_to_that_year_s_budget(surabaya):
    html = _page(client_for(make_user(Role.OPERATOR))).content.decode()
    previous = reverse("development:budget", kwargs={"code": "35.78", "year": YEAR - 1})
    assert f'href="{previous}"' in html


def test_the_way_back_is_a_list_the_reader_may_open(surabaya):
    for role, code, expected in ((Role.OPERATOR, "35.78", "35.78"), (Role.OPERATOR, "35", "35")):
        client = client_for(make_user(role, code))
        response = _page(client)
        assert response.context["list_code"] == expected
        back = client.get(reverse("development:budgets"), {"tahun": YEAR, "instansi": expected})
        assert back.status_code == 200


def test_the_national_export_has_every_province(jatim):
    import io

    import openpyxl

    _approved(jatim)
    response = client_for(make_user(Role.AUDITOR, "K.09")).get(
        reverse("development:budgets_export"), {"tahun": YEAR}
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert len(rows) == 1 + 38
    jatim_row = next(r for r in rows if r[0] == "35")
    assert jatim_row[4] == 25000000000
