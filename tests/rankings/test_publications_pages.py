"""The publication pages: the frozen table (without reading the records), a correction's
reason and differences, the frozen drill-down's visibility, the award certificates and
their public page (no personal data), the XLSX, publishing from the page."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tangguh.core.roles import Role
from tangguh.rankings.models import Publication
from tangguh.rankings.services_publications import ranking_publish
from tests.pdf_tools import pdf_qr, require_pdf_tools
from tests.permissions import client_for, make_user
from tests.rankings.publishing import camat_batch, examine, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def national():
    return client_for(make_user(Role.NATIONAL_ADMIN, "35"))


@pytest.fixture
def corrected():
    first = published()
    examine(camat_batch(), "32", 4)  # Jawa Barat: 4, now first
    second = ranking_publish(
        category=first.category, period=None, actor=None, reason="Data Jawa Barat terlambat."
    )
    return first, second


def test_the_frozen_table_shows_ranks_hash_and_check_without_reading_the_records(national):
    publication = published()
    url = reverse("rankings:publication", args=[publication.pk])
    with CaptureQueriesContext(connection) as queries:
        response = national.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert publication.content_hash in html and 'data-testid="verified"' in html
    assert "cocok dengan hash" in html and "TIDAK" not in html
    assert html.index('data-code="35"') < html.index('data-code="33"')
    assert not any('"records"' in q["sql"] for q in queries.captured_queries)
    assert len(queries.captured_queries) <= 10


def test_a_correction_shows_its_reason_and_differences_and_the_old_version_says_so(
    national, corrected
):
    first, second = corrected
    html = national.get(reverse("rankings:publication", args=[second.pk])).content.decode()
    assert "Data Jawa Barat terlambat." in html
    assert 'data-testid="differences"' in html and 'data-testid="winners-changed"' in html
    differences = html[html.index('data-testid="differences"') :]
    differences = differences[: differences.index("</table>")]
    assert 'data-code="32"' in differences and 'data-code="33"' in differences
    old = national.get(reverse("rankings:publication", args=[first.pk])).content.decode()
    assert 'data-testid="superseded"' in old
    assert reverse("rankings:publication", args=[second.pk]) in old


@pytest.mark.parametrize(
    ("role", "code", "sees"),
    [
        (Role.NATIONAL_ADMIN, "35", True),
        (Role.INSTITUTION_ADMIN, "35", True),  # the province reads its own participations
        (Role.INSTITUTION_ADMIN, "34.04", False),
        (Role.CIVIL_SERVANT, "35.78", False),
    ],
)
def test_the_frozen_records_follow_the_drill_down_rule(role, code, sees):
    publication = published()
    response = client_for(make_user(role, code)).get(
        reverse("rankings:publication_explain", args=[publication.pk, "35"])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert ('data-testid="records"' in html) is sees
    assert ('data-testid="records-hidden"' in html) is not sees


def test_an_unknown_institution_in_a_publication_is_404(national):
    publication = published()
    url = reverse("rankings:publication_explain", args=[publication.pk, "99"])
    assert national.get(url).status_code == 404


def test_a_certificate_only_for_a_winner_and_its_qr_leads_to_the_public_page(
    national, tmp_path: Path
):
    require_pdf_tools()
    publication = published()
    loser = national.get(reverse("rankings:award_pdf", args=[publication.pk, "32"]))
    assert loser.status_code == 404
    response = national.get(reverse("rankings:award_pdf", args=[publication.pk, "35"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = tmp_path / "piagam.pdf"
    pdf.write_bytes(response.content)
    public = reverse("rankings_public:award", args=[publication.content_hash])
    assert pdf_qr(pdf, tmp_path) == f"{settings.TANGGUH_PUBLIC_URL}{public}"


def test_the_public_page_shows_winners_and_no_personal_data(corrected):
    first, second = corrected
    from django.test import Client

    html = Client().get(reverse("rankings_public:award", args=[first.content_hash])).content
    html = html.decode()
    assert 'data-testid="superseded"' in html
    assert reverse("rankings_public:award", args=[second.content_hash]) in html
    assert 'data-code="35"' in html and 'data-code="33"' in html
    for row in first.rows.all():
        for record in row.records:
            assert record.get("nip", "§") not in html
            assert record.get("label", "§") not in html
    assert Client().get("/penghargaan/not-a-hash/").status_code == 404
    assert Client().get(f"/penghargaan/{'0' * 64}/").status_code == 404


def test_the_xlsx_holds_the_frozen_table_and_the_hash(national):
    publication = published()
    response = national.get(reverse("rankings:publication_xlsx", args=[publication.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = list(sheet.iter_rows(values_only=True))
    assert [publication.content_hash] == [
        r[1] for r in cells if r and r[1] == publication.content_hash
    ]
    table = [r for r in cells if r and isinstance(r[0], int)]
    assert [row[:2] for row in table[:3]] == [(1, "35"), (2, "33"), (3, table[2][1])]
    assert (table[0][3], table[1][3], table[2][3]) == (2, 1, 0)


def test_publishing_again_from_the_page_needs_a_reason(national):
    publication = published()
    url = reverse("rankings:publish", args=[publication.category.code])
    response = national.post(url, {"periode": "2020-2022", "reason": ""})
    assert response.status_code == 302
    assert Publication.objects.filter(category=publication.category).count() == 1
    response = national.post(url, {"periode": "2020-2022", "reason": "Koreksi data."})
    second = Publication.objects.get(category=publication.category, version=2)
    assert response["Location"] == reverse("rankings:publication", args=[second.pk])
    assert second.correction_reason == "Koreksi data."


def test_a_bad_period_from_the_page_is_a_message_not_an_error(national):
    publication = published()
    url = reverse("rankings:publish", args=[publication.category.code])
    response = national.post(url, {"periode": "2023-2020"}, follow=True)
    assert response.status_code == 200
    assert "2023-2020" in response.content.decode()  # the sentence naming the period
    assert Publication.objects.filter(category=publication.category).count() == 1
