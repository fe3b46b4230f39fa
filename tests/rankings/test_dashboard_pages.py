"""The Rakornas dashboard: leaders from the records, the latest published version and
whether the records now differ, the leaders' trend, a province's regencies and cities,
the workbook and the printable report."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tangguh.certification.metrics import Period
from tangguh.core.roles import Role
from tangguh.rankings import selectors_dashboard as dashboard
from tangguh.rankings.models import Category
from tangguh.rankings.navigation import _ranking_cards
from tangguh.rankings.pdf_report import report_html, report_pdf
from tangguh.rankings.ranking import compute_category
from tangguh.rankings.registry import get_metric
from tests.certification.reports_data import participate
from tests.permissions import client_for, make_user
from tests.rankings.factories import CategoryFactory, publication_with_rows

PESERTA = "rakornas-2022-peserta-sertifikasi"
pytestmark = pytest.mark.django_db


def _examined(code: str, people: int, *, exam: date = date(2021, 5, 10)) -> None:
    for _ in range(people):
        participate(code, exam=exam, organiser=code.split(".")[0])


@pytest.fixture
def spread() -> None:
    """Participants 2020-2022: Jawa Timur 3, Jawa Tengah 2, Jawa Barat 1; Jawa Barat
    also 4 in 2019 (outside the period: the trend shows them, the ranking does not)."""
    _examined("35", 3)
    _examined("33", 2, exam=date(2022, 3, 1))
    _examined("32", 1, exam=date(2020, 8, 1))
    _examined("32", 4, exam=date(2019, 8, 1))


def _publish_current(code: str = PESERTA):  # type: ignore[no-untyped-def]
    ranking = compute_category(Category.objects.get(code=code))
    return publication_with_rows(
        code=code, rows=[(r.institution_code, r.rank, r.value, []) for r in ranking.rows]
    )


def _panel(user, code: str = PESERTA) -> dashboard.Panel:  # type: ignore[no-untyped-def]
    return next(p for p in dashboard.dashboard(user=user) if p.category.code == code)


def _get(url: str, role: str = Role.OPERATOR, **params: str):  # type: ignore[no-untyped-def]
    return client_for(make_user(role)).get(url, params)


def test_every_active_category_with_its_leaders_and_nothing_published(spread) -> None:
    CategoryFactory(code="kategori-nonaktif", is_active=False)
    response = _get(reverse("rankings:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    shown = [item["panel"].category.code for item in response.context["panels"]]
    assert shown == [c.code for c in Category.objects.filter(is_active=True)]
    assert "kategori-nonaktif" not in html
    panel = _panel(make_user(Role.OPERATOR))
    assert [(r.institution_code, r.rank, r.value) for r in panel.leaders[:3]] == [
        ("35", 1, 3),
        ("33", 2, 2),
        ("32", 3, 1),
    ]
    assert len(panel.leaders) == dashboard.LEADERS  # the first ten of 38, zeros too
    assert panel.published is None
    assert (
        html.count('data-testid="unpublished"') == Category.objects.filter(is_active=True).count()
    )


def test_the_chart_carries_the_tables_figures_and_points_at_the_table(spread) -> None:
    response = _get(reverse("rankings:dashboard"))
    item = next(i for i in response.context["panels"] if i["panel"].category.code == PESERTA)
    bars = item["charts"]["bars"]
    assert bars["series"][0]["data"][:3] == [3, 2, 1]
    assert bars["categories"][0] == "Jawa Timur"  # the short name on the axis
    html = response.content.decode()
    assert f'aria-describedby="leaders-{item["n"]}"' in html
    assert f'id="leaders-{item["n"]}"' in html
    assert f'id="{bars["id"]}"' in html  # the JSON the chart reads


def test_the_trend_gives_each_leaders_value_in_each_year_from_the_metric(spread) -> None:
    panel = _panel(make_user(Role.OPERATOR))
    assert panel.trend is not None
    assert panel.trend.years == [2019, 2020, 2021, 2022]  # 2018: nothing anywhere, dropped
    metric = get_metric("certification_participants")
    for row, values in panel.trend.lines:
        for year, value in zip(panel.trend.years, values, strict=True):
            expected = metric.values(Period.years(year), [row.institution_id])
            assert value == expected.get(row.institution_id, Decimal(0))
    jabar = next(v for r, v in panel.trend.lines if r.institution_code == "32")
    assert jabar == [4, 1, 0, 0]
    # The first five, but not those with nothing on record (ties at zero).
    assert [r.institution_code for r, _v in panel.trend.lines] == ["35", "33", "32"]


@pytest.mark.parametrize(
    ("first", "last", "this_year", "years"),
    [
        (2022, 2022, 2026, [2018, 2019, 2020, 2021, 2022]),
        (2015, 2022, 2026, list(range(2015, 2023))),  # a long period: the whole of it
        (2024, 2026, 2025, [2021, 2022, 2023, 2024, 2025]),  # never after this year
    ],
)
def test_trend_years(first: int, last: int, this_year: int, years: list[int]) -> None:
    assert dashboard.trend_years(Period.years(first, last), today_year=this_year) == years


def test_a_published_version_the_records_still_give_says_so(spread) -> None:
    publication = _publish_current()
    panel = _panel(make_user(Role.OPERATOR))
    assert panel.published is not None
    assert panel.published.publication == publication
    assert not panel.published.differs
    assert [w.institution_code for w in panel.published.winners] == ["35", "33", "32"]
    html = _get(reverse("rankings:dashboard")).content.decode()
    assert 'data-testid="same"' in html
    assert "Published version 1" in html or "Terbitan versi 1" in html


def test_records_changed_after_publication_show_what_differs(spread) -> None:
    _publish_current()
    _examined("32", 5, exam=date(2022, 9, 1))  # Jawa Barat now 6: first
    panel = _panel(make_user(Role.OPERATOR))
    published = panel.published
    assert published is not None and published.differs and published.winners_changed
    jabar = next(c for c in published.changes if c.institution_code == "32")
    assert (jabar.published_rank, jabar.published_value) == (3, 1)
    assert (jabar.current_rank, jabar.current_value) == (1, 6)
    assert {c.institution_code for c in published.changes} == {"32", "35", "33"}
    html = _get(reverse("rankings:dashboard")).content.decode()
    assert 'data-testid="differs"' in html and 'data-testid="changes"' in html


def test_a_correction_is_the_version_the_dashboard_compares_with(spread) -> None:
    first = _publish_current()
    _examined("32", 5, exam=date(2022, 9, 1))
    ranking = compute_category(Category.objects.get(code=PESERTA))
    corrected = publication_with_rows(
        code=PESERTA,
        supersedes=first,
        rows=[(r.institution_code, r.rank, r.value, []) for r in ranking.rows],
    )
    published = _panel(make_user(Role.OPERATOR)).published
    assert published is not None and published.publication == corrected
    assert not published.differs


def test_values_only_changing_keeps_the_winners(spread) -> None:
    _publish_current()
    _examined("31", 1, exam=date(2021, 1, 5))  # DKI Jakarta from 0 to 1: rank 4 -> shares 3
    published = _panel(make_user(Role.OPERATOR)).published
    assert published is not None and published.differs
    dki = next(c for c in published.changes if c.institution_code == "31")
    assert (dki.current_rank, dki.current_value) == (3, 1)
    assert published.winners_changed  # DKI now shares the third place


def test_the_province_view_ranks_its_regencies_and_cities() -> None:
    _examined("35.78", 2)  # Kota Surabaya
    _examined("35.15", 1)  # Kabupaten Sidoarjo
    _examined("33.74", 5)  # Kota Semarang: another province, not here
    _examined("35", 7)  # the province itself does not compete here
    response = _get(reverse("rankings:province", kwargs={"code": "35"}))
    assert response.status_code == 200
    item = next(i for i in response.context["panels"] if i["panel"].category.code == PESERTA)
    rows = item["panel"].ranking.rows
    assert [(r.institution_code, r.rank, r.value) for r in rows[:2]] == [
        ("35.78", 1, 2),
        ("35.15", 2, 1),
    ]
    assert all(r.institution_code.startswith("35.") for r in rows)
    assert len(rows) == 38  # Jawa Timur's 29 regencies and 9 cities
    assert item["panel"].published is None
    assert 'data-testid="published"' not in response.content.decode()


def test_the_province_selector_leads_to_the_province() -> None:
    response = _get(reverse("rankings:dashboard"), provinsi="35")
    assert response.status_code == 302
    assert response["Location"] == reverse("rankings:province", kwargs={"code": "35"})
    assert _get(reverse("rankings:dashboard"), provinsi="35.78").status_code == 404
    assert _get(reverse("rankings:dashboard"), provinsi="35\x00").status_code == 404
    assert _get("/peringkat/provinsi/35%00/").status_code == 404


def test_the_national_admin_gets_links_to_publish_the_others_do_not() -> None:
    admin = _get(reverse("rankings:dashboard"), Role.NATIONAL_ADMIN)
    operator = _get(reverse("rankings:dashboard"), Role.OPERATOR)
    assert admin.context["may_publish"] and not operator.context["may_publish"]
    assert 'data-testid="publish-link"' not in operator.content.decode()


def test_the_workbook_has_a_sheet_per_category_with_the_published_rank(spread) -> None:
    _publish_current()
    _examined("32", 5, exam=date(2022, 9, 1))
    response = _get(reverse("rankings:dashboard_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    active = list(Category.objects.filter(is_active=True))
    assert len(book.sheetnames) == len(active) + 1
    sheet = book[PESERTA[:31]]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 38
    assert rows[1] == (1, "32", "Jawa Barat", 6, 3)
    assert rows[2] == (2, "35", "Jawa Timur", 3, 1)
    anggaran = book["rakornas-2022-anggaran"]
    assert [c for c in next(anggaran.iter_rows(min_row=2, max_row=2, values_only=True))][4] is None


def test_the_report_draws_every_chart_on_the_server(spread) -> None:
    _publish_current()
    panels = dashboard.dashboard(user=make_user(Role.OPERATOR))
    html = report_html(panels)
    # The leaders' bars, and the trend where a leader has a value (no budget here).
    assert sum(p.trend is not None for p in panels) == 2
    assert html.count("<svg") == len(panels) + 2
    assert "Jawa Timur" in html
    assert "<script" not in html
    pdf = report_pdf(panels)
    assert pdf.startswith(b"%PDF")


def test_a_category_name_is_text_in_the_report_and_the_page() -> None:
    CategoryFactory(code="kategori-aneh", name_id="<b>Aneh</b> & <script>x</script>")
    user = make_user(Role.OPERATOR)
    html = report_html(dashboard.dashboard(user=user))
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    page = _get(reverse("rankings:dashboard")).content.decode()
    assert "<script>x" not in page


def test_the_dashboard_reads_each_publication_once_without_its_records(spread, monkeypatch) -> None:
    """Per category: one ranking and one value read per trend year (through the cache),
    one read of the latest publication and one of its rows, never the frozen records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tangguh.rankings import cache

    for code in (PESERTA, "rakornas-2022-jenis-sertifikasi"):
        _publish_current(code)
    calls = []
    real = cache.values
    monkeypatch.setattr(cache, "values", lambda *a: calls.append(a) or real(*a))
    client = client_for(make_user(Role.OPERATOR))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("rankings:dashboard"))
    assert response.status_code == 200
    panels = [i["panel"] for i in response.context["panels"]]
    assert len(calls) == sum(1 + (dashboard.TREND_YEARS if p.trend else 0) for p in panels)
    rows = [q["sql"] for q in ctx.captured_queries if 'FROM "rankings_publishedrow"' in q["sql"]]
    assert len(rows) == 2
    assert all('"records"' not in sql for sql in rows)


def test_cards_for_staff_not_for_civil_servants(spread) -> None:
    _publish_current()
    cards = _ranking_cards(make_user(Role.OPERATOR))
    with translation.override("en"):
        values = {str(c["label"]): c["value"] for c in cards}
    assert values == {
        "Award categories": Category.objects.filter(is_active=True).count(),
        "Categories with a published ranking": 1,
    }
    assert _ranking_cards(make_user(Role.CIVIL_SERVANT)) == []


def test_the_chart_data_is_json_the_page_can_read(spread) -> None:
    response = _get(reverse("rankings:dashboard"))
    item = response.context["panels"][0]
    for chart in (item["charts"]["bars"], item["charts"]["line"]):
        assert json.loads(json.dumps(chart)) == chart
