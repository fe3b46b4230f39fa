"""The report pages and API: what each reader sees (scoping), the figures, bad input."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tangguh.certification.models import Outcome
from tangguh.core.roles import Role
from tests.certification.factories import CertificateFactory, ParticipationFactory
from tests.certification.reports_data import camat, certify, participate
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
EXAM = TODAY - timedelta(days=60)


@pytest.fixture
def spread():
    """Surabaya 2 people (1 certified), Malang 1 (certified), Jawa Timur itself 1, Sleman 1."""
    participate("35.78", exam=EXAM, outcome=Outcome.CERTIFIED, days=10)
    participate("35.78", exam=EXAM, outcome=Outcome.NOT_CERTIFIED, days=40)
    participate("35.73", exam=EXAM, outcome=Outcome.CERTIFIED, days=20, scheme="lurah")
    participate("35", exam=EXAM)
    participate("34.04", exam=EXAM, outcome=Outcome.CERTIFIED, organiser="34")


def _page(user, name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    response = client_for(user).get(reverse(name, kwargs=kwargs or None))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _table_rows(html: str, testid: str) -> dict[str, list[str]]:
    """``{first cell text: [other cells]}`` of the table ``testid``."""
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    table = table.split("</thead>", 1)[-1]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def test_national_admin_reads_every_province(spread):
    html = _page(make_user(Role.NATIONAL_ADMIN, "35.78"), "certification:reports")
    rows = _table_rows(html, "province-table")
    assert rows["Jawa Timur"][:3] == ["2", "4", "2"]  # schemes, participants, certified
    assert rows["Daerah Istimewa Yogyakarta"][:3] == ["1", "1", "1"]
    assert rows["Jumlah"][1] == "5"
    assert 'data-testid="partial-note"' not in html


def test_a_province_reads_its_tree_and_a_regency_its_own(spread):
    jatim = _page(make_user(Role.INSTITUTION_ADMIN, "35"), "certification:reports")
    rows = _table_rows(jatim, "province-table")
    assert list(rows) == ["Jawa Timur", "Jumlah"]
    assert rows["Jawa Timur"][1] == "4"
    assert 'data-testid="partial-note"' in jatim

    surabaya = _page(make_user(Role.OPERATOR, "35.78"), "certification:reports")
    assert _table_rows(surabaya, "province-table")["Jawa Timur"][:4] == ["1", "2", "1", "50,0 %"]

    regencies = _page(
        make_user(Role.INSTITUTION_ADMIN, "35"), "certification:reports_province", code="35"
    )
    assert [name for name in _table_rows(regencies, "regency-table")] == [
        "Jawa Timur", "Kota Malang", "Kota Surabaya", "Jumlah"
    ]  # fmt: skip
    own = _page(make_user(Role.OPERATOR, "35.78"), "certification:reports_province", code="35")
    assert list(_table_rows(own, "regency-table")) == ["Kota Surabaya", "Jumlah"]


def test_the_national_auditor_reads_all_and_a_regency_not_its_neighbour(spread):
    html = _page(make_user(Role.AUDITOR, "K.09"), "certification:reports")
    assert set(_table_rows(html, "province-table")) >= {"Jawa Timur", "Daerah Istimewa Yogyakarta"}
    malang = reverse("certification:reports_institution", kwargs={"code": "35.73"})
    assert client_for(make_user(Role.OPERATOR, "35.78")).get(malang).status_code == 404
    assert client_for(make_user(Role.OPERATOR, "35")).get(malang).status_code == 200
    province = reverse("certification:reports_province", kwargs={"code": "35.78"})  # not a province
    assert client_for(make_user(Role.NATIONAL_ADMIN, "K.09")).get(province).status_code == 404


def test_institution_page_figures_per_year_and_scheme(spread):
    html = _page(
        make_user(Role.OPERATOR, "35.78"), "certification:reports_institution", code="35.78"
    )
    assert re.search(r'data-testid="figure-participants">2<', html)
    assert re.search(r'data-testid="figure-pass-rate">50,0 %<', html)
    assert re.search(r'data-testid="figure-days">25<', html)  # median of 10 and 40
    assert re.search(r'data-testid="figure-within">50 %<', html)
    years = _table_rows(html, "year-table")
    assert years[str(EXAM.year)][:2] == ["2", "1"]
    assert list(_table_rows(html, "scheme-table")) == [
        "Sertifikasi camatcamat",
    ]


def test_charts_carry_their_data_as_json_and_a_table(spread):
    html = _page(make_user(Role.NATIONAL_ADMIN, "K.09"), "certification:reports")
    data = json.loads(
        re.search(
            r'<script id="chart-provinces" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    jatim = next(i for i, c in enumerate(data["categories"]) if "Jawa Timur" in c)
    participants, certified = (series["data"][jatim] for series in data["series"])
    assert (participants, certified) == (4, 2)
    assert 'data-chart="chart-provinces"' in html
    assert "<script>" not in html and 'style="' not in html  # the CSP refuses both


def test_a_bad_period_is_named_and_the_default_shown(spread):
    user = make_user(Role.NATIONAL_ADMIN, "K.09")
    response = client_for(user).get(reverse("certification:reports"), {"period": "2025-2020"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="period-error"' in html and "2025-2020" in html
    assert _table_rows(html, "province-table")["Jumlah"][1] == "5"
    old = (
        client_for(user).get(reverse("certification:reports"), {"period": "2019"}).content.decode()
    )
    assert "No participation in this period." in old or "Tidak ada" in old


def test_camat_coverage_in_the_province_page():
    today = timezone.localdate()
    holder = camat("35.78", "Camat Genteng")
    certify(holder, issued=today - timedelta(days=200))
    camat("35.78", "Camat Bubutan")
    html = _page(
        make_user(Role.INSTITUTION_ADMIN, "35"), "certification:reports_province", code="35"
    )
    assert _table_rows(html, "regency-table")["Kota Surabaya"][-1] == "1/2 (50 %)"


def test_the_menu_entry_shows_to_readers_only():
    admin = _page(make_user(Role.INSTITUTION_ADMIN, "35.78"), "core:dashboard")
    assert reverse("certification:reports") in admin
    servant = make_user(Role.CIVIL_SERVANT, "35.78", nip="198507122010012003")
    assert reverse("certification:reports") not in _page(servant, "core:dashboard")


def test_national_page_query_count_does_not_grow_with_rows(spread, django_assert_max_num_queries):
    client = client_for(make_user(Role.NATIONAL_ADMIN, "K.09"))
    with django_assert_max_num_queries(30):
        client.get(reverse("certification:reports"))


def _certificate(code: str, expires_in: int, **extra):  # type: ignore[no-untyped-def]
    employee = EmployeeFactory(institution=participate(code).institution)
    return CertificateFactory(
        participation=ParticipationFactory(employee=employee, institution=employee.institution),
        issued_on=TODAY - timedelta(days=1000),
        expires_on=TODAY + timedelta(days=expires_in),
        **extra,
    )


def test_expiring_lists_valid_certificates_of_the_next_90_days_soonest_first():
    late = _certificate("35.78", 90)
    soon = _certificate("35.78", 0)
    _certificate("35.78", 91)
    _certificate("35.78", -1)
    _certificate("35.78", 10, revoked_at=timezone.now())
    _certificate("34.04", 5)
    html = _page(make_user(Role.OPERATOR, "35.78"), "certification:reports_expiring")
    numbers = re.findall(r"SKP-TEST-\d{4}-\d{5}", html)
    assert numbers == [soon.number, late.number]

    response = client_for(make_user(Role.OPERATOR, "35")).get(
        reverse("certification:reports_expiring_export")
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [soon.number, late.number]
    assert rows[1][2] == soon.nip and sheet["C2"].data_type == "s"
    assert rows[1][-1] == 0 and rows[2][-1] == 90


def test_api_figures_by_province_and_by_institution(spread):
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    url = reverse("api:certification-reports")
    body = client.get(url).json()
    assert body["scope_partial"] is True
    assert [(r["institution_code"], r["participants"]) for r in body["rows"]] == [("35", 4)]
    body = client.get(url, {"by": "institution", "province": "35"}).json()
    assert [(r["institution_code"], r["certified"]) for r in body["rows"]] == [
        ("35", 0), ("35.73", 1), ("35.78", 1)
    ]  # fmt: skip
    assert body["total"]["pass_rate"] == pytest.approx(2 / 3)
    assert client.get(url, {"by": "institution", "province": "34"}).status_code == 404
    bad = client.get(url, {"period": "soon"})
    assert bad.status_code == 400 and "period" in json.dumps(bad.json())
    assert client.get(url, {"by": "regency"}).status_code == 400
    assert client.get(url, {"by": "institution"}).status_code == 400


def test_expiring_reads_are_audited_once_per_holder_and_holders_are_refused():
    from tangguh.core.models import AuditEntry

    first = _certificate("35.78", 10)
    # The same holder with a second scheme's certificate: one person read, once.
    CertificateFactory(
        participation=ParticipationFactory(
            employee=first.employee,
            institution=first.institution,
            batch=participate("35.78", scheme="lurah").batch,
        ),
        issued_on=TODAY - timedelta(days=1000),
        expires_on=TODAY + timedelta(days=20),
    )
    operator = client_for(make_user(Role.OPERATOR, "35.78"))
    assert operator.get(reverse("certification:reports_expiring")).status_code == 200
    assert operator.get(reverse("certification:reports_expiring_export")).status_code == 200
    entries = AuditEntry.objects.filter(action__startswith="certification.expiring_")
    assert sorted(e.action for e in entries) == [
        "certification.expiring_export",
        "certification.expiring_list",
    ]
    for entry in entries:
        assert [str(s.nip) for s in entry.subjects.all()] == [first.nip]
    holder = make_user(Role.CIVIL_SERVANT, "35.78", nip=first.nip)
    assert client_for(holder).get(reverse("certification:reports_expiring")).status_code == 403


def test_expiring_api_is_audited_and_refuses_holders():
    from tangguh.core.models import AuditEntry

    certificate = _certificate("35.78", 30)
    url = reverse("api:certification-expiring")
    body = client_for(make_user(Role.AUDITOR, "35")).get(url).json()
    assert [(r["number"], r["days_left"]) for r in body["results"]] == [(certificate.number, 30)]
    entry = AuditEntry.objects.get(action="certification.expiring_list")
    assert [str(s.nip) for s in entry.subjects.all()] == [certificate.nip]
    holder = make_user(Role.CIVIL_SERVANT, "35.78", nip=certificate.nip)
    assert client_for(holder).get(url).status_code == 403


HOSTILE_WEB = ["-1", "81564618498373386240", "%C2%B2", "%00", "%FF", "x" * 300, "abc",
               "9999-12-31", "0001-01-01", "2020-2022-2024"]  # fmt: skip
HOSTILE_PATH = ["abc", "-1", "0", "81564618498373386240", "%00", "%C2%B2", "%FF", "x" * 300]


@pytest.mark.parametrize("role", [Role.NATIONAL_ADMIN, Role.OPERATOR])
def test_hostile_periods_and_codes_get_an_answer_never_a_500(role):
    participate("35.78", exam=EXAM)
    client = client_for(make_user(role, "35.78"))
    client.raise_request_exception = False
    for value in HOSTILE_WEB:
        for url in ("/sertifikasi/laporan/", "/sertifikasi/laporan/provinsi/35/",
                    "/sertifikasi/laporan/instansi/35.78/", "/api/v1/certification/reports/"):  # fmt: skip
            status = client.get(f"{url}?period={value}").status_code
            assert status in (200, 400), (url, value, status)
    for value in HOSTILE_PATH:
        for url in ("/sertifikasi/laporan/provinsi/{}/", "/sertifikasi/laporan/instansi/{}/"):
            status = client.get(url.format(value)).status_code
            assert status == 404, (url, value, status)
        status = client.get(f"/api/v1/certification/reports/?by=institution&province={value}")
        assert status.status_code == 404, (value, status.status_code)


def test_dashboard_card_counts_the_expiring_list_it_opens():
    _certificate("35.78", 15)
    _certificate("34.04", 15)
    html = _page(make_user(Role.INSTITUTION_ADMIN, "35"), "core:dashboard")
    card = html.split("Sertifikat yang berakhir dalam 90 hari", 1)[0].rsplit('<li class="stat', 1)[
        1
    ]
    assert re.search(r'class="stat-value">1<', card)
    assert reverse("certification:reports_expiring") in html
    servant = make_user(Role.CIVIL_SERVANT, "35.78", nip="198507122010012003")
    assert "Sertifikat yang berakhir dalam" not in _page(servant, "core:dashboard")


def test_province_and_institution_pages_query_count_is_bounded(
    spread, django_assert_max_num_queries
):
    for n in range(5):  # more lines and people must not mean more queries
        participate("35.15", exam=EXAM - timedelta(days=n), outcome=Outcome.CERTIFIED)
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("certification:reports_province", args=["35"])).status_code == 200
    with django_assert_max_num_queries(30):
        response = client.get(reverse("certification:reports_institution", args=["35.15"]))
        assert response.status_code == 200
