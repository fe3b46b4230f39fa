"""The rankings' API: the same numbers as the engine, every competitor, the records of a
value only for those who may read them, published rankings as frozen, and bad input a
400 naming the parameter (a 404 in JSON for what does not exist)."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.rankings.models import Category
from tests.certification.factories import BatchFactory, ParticipationFactory, SchemeVersionFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user
from tests.rankings.factories import CategoryFactory, publication_with_rows

pytestmark = pytest.mark.django_db

PARTICIPANTS = "rakornas-2022-peserta-sertifikasi"
BUDGET = "rakornas-2022-anggaran"


def _client(role=Role.NATIONAL_ADMIN, code="35"):  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_user(role, code))
    return client


@pytest.fixture
def examined():  # type: ignore[no-untyped-def]
    """Jawa Timur (35): two people examined in 2021; Jawa Tengah (33): one."""
    batch = BatchFactory(scheme_version=SchemeVersionFactory(units=0), exam_start=date(2021, 5, 3))
    for code, n in (("35", 2), ("33", 1)):
        institution = Institution.objects.get(code=code)
        for _ in range(n):
            ParticipationFactory(batch=batch, employee=EmployeeFactory(institution=institution))
    return batch


def _ranking(client, code=PARTICIPANTS, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse("api:rankings-ranking", kwargs={"code": code}), query)


def test_ranking_lists_every_competitor_with_ranks_and_the_method(examined):  # type: ignore[no-untyped-def]
    response = _ranking(_client(Role.CIVIL_SERVANT, "35.78"))
    assert response.status_code == 200
    data = response.json()
    assert data["category"] == PARTICIPANTS and data["period"] == "2020-2022"
    assert data["metric"] == "certification_participants" and data["unit"] == "count"
    assert data["definition"]["kinds"] == ["provinsi"] and data["definition"]["places"] == 3
    assert "2020-2022" in data["method"]
    rows = data["rows"]
    assert len(rows) == Institution.objects.filter(kind="provinsi", is_active=True).count()
    assert rows[0] == {"rank": 1, "institution_code": "35", "institution_name": "Jawa Timur",
                       "value": 2, "awarded": True}  # fmt: skip
    assert rows[1]["institution_code"] == "33" and rows[1]["rank"] == 2
    assert rows[2]["value"] == 0 and rows[2]["rank"] == 3 and rows[2]["awarded"] is False
    assert data["excluded"] == []
    assert _ranking(_client(), period="2022").json()["rows"][0]["value"] == 0


def test_below_the_minimum_an_institution_is_listed_apart(examined):  # type: ignore[no-untyped-def]
    # This year: the fixture's people are serving (Jawa Timur 2, Jawa Tengah 1).
    year = date.today().year
    category = CategoryFactory(first_year=year, last_year=year, minimum_civil_servants=2)
    data = _ranking(_client(), category.code).json()
    assert [r["institution_code"] for r in data["rows"]] == ["35"]
    jateng = next(e for e in data["excluded"] if e["institution_code"] == "33")
    assert jateng == {"institution_code": "33", "institution_name": "Jawa Tengah",
                      "civil_servants": 1}  # fmt: skip


@pytest.mark.parametrize("period", ["2022-2020", "dua", "1800", "2020-2022x", "²⁰²²", "2020\x00"])
def test_a_bad_period_is_a_400_naming_the_parameter(period):  # type: ignore[no-untyped-def]
    response = _ranking(_client(), period=period)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and body["errors"][0]["field"] == "period"


def test_a_one_year_metric_over_a_range_is_refused(db):  # type: ignore[no-untyped-def]
    response = _ranking(_client(), BUDGET, period="2020-2022")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "period"
    assert "one fiscal year" in response.json()["detail"]


def test_a_blank_period_is_the_categorys_own(examined):  # type: ignore[no-untyped-def]
    client = _client()
    assert _ranking(client, period="").json()["period"] == "2020-2022"


def test_unknown_category_and_institution_are_json_404s(db):  # type: ignore[no-untyped-def]
    client = _client()
    for url in (
        reverse("api:rankings-category", kwargs={"code": "tidak-ada"}),
        reverse("api:rankings-ranking", kwargs={"code": "bukan slug ²"}),
        reverse("api:rankings-explain", kwargs={"code": PARTICIPANTS, "institution": "99"}),
        # Kota Surabaya exists but does not compete among the provinces.
        reverse("api:rankings-explain", kwargs={"code": PARTICIPANTS, "institution": "35.78"}),
        reverse("api:rankings-publication", kwargs={"pk": 999999}),
        "/api/v1/rankings/publications/abc/",
        # A NUL no code holds (PostgreSQL cannot even compare it): a 404, not a 500.
        "/api/v1/rankings/categories/a%00b/",
        f"/api/v1/rankings/categories/{PARTICIPANTS}/explain/3%005/",
        "/api/v1/rankings/categories/" + "x" * 300 + "/ranking/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"], url


def test_explain_gives_the_records_to_who_may_read_them(examined):  # type: ignore[no-untyped-def]
    url = reverse("api:rankings-explain", kwargs={"code": PARTICIPANTS, "institution": "35"})
    data = _client(Role.NATIONAL_ADMIN).get(url).json()
    assert data["value"] == 2 and data["total"] == 2 and data["records_visible"] is True
    assert sum(Decimal(str(r["contribution"])) for r in data["records"]) == 2
    assert data["counts"] == [{"kind": data["records"][0]["kind"], "count": 2}]
    assert data["message"] is None and data["numerator"] is None
    assert data["institution_name"] == "Jawa Timur" and "2020-2022" in data["method"]
    # Jawa Timur's own administrator reads its participations; Sleman's does not, nor a
    # civil servant: the value, the counts and why, no records.
    assert _client(Role.INSTITUTION_ADMIN, "35").get(url).json()["records_visible"] is True
    for role, code in ((Role.INSTITUTION_ADMIN, "34.04"), (Role.CIVIL_SERVANT, "35")):
        hidden = _client(role, code).get(url).json()
        assert hidden["records_visible"] is False and hidden["records"] == []
        assert hidden["value"] == 2 and hidden["counts"][0]["count"] == 2
        assert hidden["message"]


def test_categories_and_metrics_describe_themselves(db):  # type: ignore[no-untyped-def]
    client = _client(Role.OPERATOR, "35.78")
    codes = {m["code"] for m in client.get(reverse("api:rankings-metrics")).json()}
    assert {"budget_allocation", "certification_schemes", "certification_participants"} <= codes
    listed = client.get(reverse("api:rankings-categories")).json()["results"]
    assert {PARTICIPANTS, BUDGET} <= {c["code"] for c in listed}
    detail = client.get(reverse("api:rankings-category", kwargs={"code": BUDGET})).json()
    assert detail["period"] == "2022" and detail["unit"] == "rupiah"
    assert detail["metric"] == "budget_allocation" and detail["tie_rule"] == "shared"
    assert detail["name"] == detail["name_en"] and "2022" in detail["method"]


def test_publications_list_filters_and_versions(db):  # type: ignore[no-untyped-def]
    first = publication_with_rows()
    second = publication_with_rows(supersedes=first, rows=[("33", 1, 5, []), ("35", 2, 1, [])])
    other = publication_with_rows(code=BUDGET)
    client = _client(Role.AUDITOR, "35.78")
    url = reverse("api:rankings-publications")
    ids = [p["id"] for p in client.get(url, {"category": PARTICIPANTS}).json()["results"]]
    assert ids == [second.pk, first.pk]
    assert [p["id"] for p in client.get(url, {"period": "2022"}).json()["results"]] == [other.pk]
    assert len(client.get(url, {"category": ""}).json()["results"]) == 3
    for query in ({"category": "tidak-ada"}, {"category": "x\x00"}, {"period": "20-22"}):
        response = client.get(url, query)
        assert response.status_code == 400 and response.json()["errors"][0]["field"] in query
    listed = {p["id"]: p for p in client.get(url).json()["results"]}
    assert listed[first.pk]["superseded_by"] == second.pk
    assert listed[second.pk]["supersedes"] == first.pk and listed[second.pk]["version"] == 2


def test_a_publication_is_its_frozen_table(db):  # type: ignore[no-untyped-def]
    publication = publication_with_rows(rows=[("33", 1, 5, []), ("35", 2, "1.5", [])])
    client = _client(Role.CIVIL_SERVANT, "35.78")
    data = client.get(reverse("api:rankings-publication", kwargs={"pk": publication.pk})).json()
    assert data["content_hash"] == publication.content_hash and data["version"] == 1
    assert data["published_at"].endswith("+07:00")  # the site's time zone, as everywhere
    assert data["definition"]["metric"] == "certification_participants"
    assert data["name"] == publication.definition["name_en"]
    assert [(r["institution_code"], r["rank"], r["value"]) for r in data["rows"]] == [
        ("33", 1, 5),
        ("35", 2, 1.5),
    ]
    assert data["method"]


def test_a_published_explanation_keeps_its_records_and_the_same_rule(db):  # type: ignore[no-untyped-def]
    publication = publication_with_rows()
    url = reverse(
        "api:rankings-publication-explain", kwargs={"pk": publication.pk, "institution": "35"}
    )
    data = _client().get(url).json()
    assert data["records_visible"] is True and data["value"] == 1 and data["rank"] == 1
    assert data["records"][0]["nip"] == "198501012010011001"
    hidden = _client(Role.INSTITUTION_ADMIN, "34.04").get(url).json()
    assert hidden["records"] == [] and hidden["counts"] == [{"kind": "participation", "count": 1}]
    missing = reverse(
        "api:rankings-publication-explain", kwargs={"pk": publication.pk, "institution": "33"}
    )
    assert _client().get(missing).status_code == 404
    nul = f"/api/v1/rankings/publications/{publication.pk}/explain/3%005/"
    assert _client().get(nul).status_code == 404


def test_a_ratio_explained_adds_up_to_its_numerator(db):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from tangguh.development.models import RevisionStatus
    from tests.development.factories import BudgetFactory, BudgetRevisionFactory

    budget = BudgetFactory(institution=Institution.objects.get(code="35"), fiscal_year=2022)
    BudgetRevisionFactory(
        budget=budget, number=1, total_budget=Decimal("800000000000"),
        development_allocation=Decimal("20000000000"), status=RevisionStatus.APPROVED,
        decided_at=timezone.now(),
    )  # fmt: skip
    category = CategoryFactory(metric="budget_share", first_year=2022, last_year=2022)
    url = reverse("api:rankings-explain", kwargs={"code": category.code, "institution": "35"})
    data = _client().get(url).json()
    assert (data["value"], data["numerator"], data["denominator"]) == (0.025, 2e10, 8e11)
    assert data["total"] == data["numerator"] and data["unit"] == "share"
    assert data["records"][0]["kind"] == "budget_revision" and data["denominator_label"]
    ranking = _ranking(_client(), category.code).json()
    assert ranking["rows"][0]["value"] == 0.025 and ranking["unit"] == "share"


def test_a_publication_says_whether_its_hash_still_verifies(examined):  # type: ignore[no-untyped-def]
    from tangguh.rankings.services_publications import ranking_publish

    published = ranking_publish(
        category=Category.objects.get(code=PARTICIPANTS), period=None, actor=None
    )
    client = _client(Role.OPERATOR, "35.78")
    data = client.get(reverse("api:rankings-publication", kwargs={"pk": published.pk})).json()
    assert data["verified"] is True and data["content_hash"] == published.content_hash
    assert [(r["institution_code"], r["value"]) for r in data["rows"][:2]] == [("35", 2), ("33", 1)]
    # A row whose hash is not the one its values give (written around the service).
    forged = publication_with_rows(code=BUDGET)
    url = reverse("api:rankings-publication", kwargs={"pk": forged.pk})
    assert client.get(url).json()["verified"] is False


def test_a_publications_table_reads_no_records_and_a_fixed_number_of_queries(db):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(Role.OPERATOR, "35.78")
    record = {"kind": "participation", "id": 1, "contribution": 1, "label": "x", "source": "s"}
    small = publication_with_rows(rows=[("35", 1, 1, [record])])
    codes = ["11", "12", "13", "31", "32", "33", "34", "35"]
    large = publication_with_rows(
        code=BUDGET, rows=[(c, i + 1, 10 - i, [record] * 50) for i, c in enumerate(codes)]
    )
    counts = []
    for publication in (small, large):
        url = reverse("api:rankings-publication", kwargs={"pk": publication.pk})
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url).json()["rows"]) in (1, len(codes))
        counts.append(len(queries))
        selected = " ".join(q["sql"] for q in queries if "publishedrow" in q["sql"])
        assert '"records",' not in selected and '"records" ' not in selected
    assert counts[0] == counts[1]
