"""Behaviour of the register's screens: list, export, person page, import flow, transfers."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import (
    Employee,
    EmploymentHistory,
    ImportJob,
    ImportStatus,
    TransferRequest,
    TransferStatus,
)
from tangguh.people.parsing.headers import TEMPLATE_HEADERS
from tangguh.people.parsing.nip import format_nip
from tangguh.people.views import paging
from tests.people.factories import EmployeeFactory, PositionFactory, WorkUnitFactory
from tests.people.test_views_permissions import csv_upload, dry_run, new_nip, row
from tests.permissions import client_for as _client_for
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


def client_for(user):  # type: ignore[no-untyped-def]
    """A signed-in client reading English, the language of the msgids asserted here."""
    client = _client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def operator(surabaya):  # type: ignore[no-untyped-def]
    return make_user(Role.OPERATOR, "35.78")


@pytest.fixture
def op_client(operator):  # type: ignore[no-untyped-def]
    return client_for(operator)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- list ----------------------------------------------------------------------


def test_list_shows_name_with_titles_formatted_nip_position_rank_unit_status(op_client, surabaya):  # type: ignore[no-untyped-def]
    unit = WorkUnitFactory(
        institution=surabaya, name="Bagian Umum", path="Sekretariat / Bagian Umum"
    )
    position = PositionFactory(institution=surabaya, name="Analis SDM Aparatur", kind="fungsional")
    e = EmployeeFactory(
        institution=surabaya, full_name="Budi Santoso", title_front="Dr.", title_back="M.Si.",
        work_unit=unit, position=position, position_kind="fungsional", rank="III/c", status="active",
    )  # fmt: skip
    page = _text(op_client.get(reverse("people:list")))
    assert "Dr. Budi Santoso, M.Si." in page
    assert format_nip(e.nip) in page
    assert "Analis SDM Aparatur" in page and "III/c" in page and "Bagian Umum" in page
    assert "badge-status-active" in page


def test_list_filters_by_status_rank_position_kind_and_unit(op_client, surabaya):  # type: ignore[no-untyped-def]
    unit = WorkUnitFactory(institution=surabaya)
    a = EmployeeFactory(
        institution=surabaya,
        status="active",
        rank="III/a",
        position_kind="pelaksana",
        work_unit=unit,
    )
    b = EmployeeFactory(
        institution=surabaya, status="retired", rank="IV/a", position_kind="fungsional"
    )
    url = reverse("people:list")
    for params, shown, hidden in (
        ({"status": "retired"}, b, a),
        ({"rank": "III/a"}, a, b),
        ({"position_kind": "fungsional"}, b, a),
        ({"work_unit": unit.pk}, a, b),
    ):
        page = _text(op_client.get(url, params))
        assert format_nip(shown.nip) in page, params
        assert format_nip(hidden.nip) not in page, params


def test_search_by_nip_prefix_and_by_name(op_client, surabaya):  # type: ignore[no-untyped-def]
    a = EmployeeFactory(institution=surabaya, full_name="Ratna Dewi", nip="197001011995032001")
    b = EmployeeFactory(institution=surabaya, full_name="Joko Widodo", nip="198002022005011002")
    page = _text(op_client.get(reverse("people:list"), {"q": "19700101"}))
    assert format_nip(a.nip) in page and format_nip(b.nip) not in page
    page = _text(op_client.get(reverse("people:list"), {"q": "joko"}))
    assert format_nip(b.nip) in page and format_nip(a.nip) not in page


def test_htmx_request_gets_only_the_results(op_client, surabaya):  # type: ignore[no-untyped-def]
    EmployeeFactory(institution=surabaya)
    response = op_client.get(reverse("people:list"), HTTP_HX_REQUEST="true")
    assert "<html" not in _text(response)
    assert "<table" in _text(response)


def test_institution_filter_only_when_more_than_one(surabaya, jatim):  # type: ignore[no-untyped-def]
    page = _text(client_for(make_user(Role.OPERATOR, "35.78")).get(reverse("people:list")))
    assert 'name="institution"' not in page
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    page = _text(client.get(reverse("people:list")))
    assert 'data-testid="picker-institution"' in page
    # The picker finds the province's regencies and cities by name, not a 39-option select.
    found = _text(client.get(reverse("institutions:pick"), {"for": "register", "cari": "surab"}))
    assert 'value="35.78"' in found and "Kota Surabaya" in found


def test_province_admin_filters_to_one_regency(surabaya, jatim):  # type: ignore[no-untyped-def]
    in_city = EmployeeFactory(institution=surabaya)
    in_province = EmployeeFactory(institution=jatim)
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    page = _text(client.get(reverse("people:list"), {"institution": "35.78"}))
    assert format_nip(in_city.nip) in page and format_nip(in_province.nip) not in page


def test_keyset_pages_forward_and_back(op_client, surabaya):  # type: ignore[no-untyped-def]
    people = [
        EmployeeFactory(institution=surabaya, full_name=f"Pegawai {i:03d}") for i in range(55)
    ]
    first = op_client.get(reverse("people:list"))
    page = first.context["page"]
    assert len(page.rows) == 50 and page.has_next and not page.has_previous
    second = op_client.get(reverse("people:list"), {"after": page.next_cursor})
    rows = second.context["page"].rows
    assert [e.full_name for e in rows] == [f"Pegawai {i:03d}" for i in range(50, 55)]
    assert second.context["page"].has_previous and not second.context["page"].has_next
    back = op_client.get(reverse("people:list"), {"before": second.context["page"].previous_cursor})
    assert [e.pk for e in back.context["page"].rows] == [e.pk for e in people[:50]]
    assert not back.context["page"].has_previous


def test_count_is_capped_across_institutions(monkeypatch, surabaya, jatim):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr(paging, "planner_estimate", lambda qs: None)  # SQLite: no estimate
    for _ in range(3):
        EmployeeFactory(institution=surabaya)
        EmployeeFactory(institution=jatim)
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    response = client.get(reverse("people:list"))
    assert response.context["count_exact"] is False
    assert "More than 3" in _text(response)
    response = client.get(reverse("people:list"), {"institution": "35.78"})
    assert response.context["count"] == 3 and response.context["count_exact"] is True


def _names(response):  # type: ignore[no-untyped-def]
    return [e.full_name for e in response.context["page"].rows]


def test_sort_by_name_descending_pages_forward_and_back(op_client, surabaya):  # type: ignore[no-untyped-def]
    for i in range(55):
        EmployeeFactory(institution=surabaya, full_name=f"Pegawai {i:03d}")
    url = reverse("people:list")
    first = op_client.get(url, {"sort": "-name"})
    assert _names(first)[:2] == ["Pegawai 054", "Pegawai 053"]
    assert 'aria-sort="descending"' in _text(first) and "page 1 of 2" in _text(first)
    cursor = first.context["page"].next_cursor
    second = op_client.get(url, {"sort": "-name", "after": cursor, "page": 2})
    assert _names(second) == [f"Pegawai {i:03d}" for i in range(4, -1, -1)]
    assert "page 2 of 2" in _text(second) and not second.context["page"].has_next
    edited = op_client.get(url, {"sort": "-name", "after": cursor, "page": 99})
    assert "page 2 of 2" in _text(edited)  # a hand-edited number stays within the pages
    back = op_client.get(url, {"sort": "-name", "before": second.context["page"].previous_cursor})
    assert _names(back) == _names(first) and not back.context["page"].has_previous


def test_sort_is_whitelisted_and_unindexed_columns_sort_in_one_institution_only(  # type: ignore[no-untyped-def]
    surabaya, jatim
):
    EmployeeFactory(institution=surabaya, full_name="Ani", rank="IV/a")
    EmployeeFactory(institution=surabaya, full_name="Budi", rank="II/a")
    EmployeeFactory(institution=jatim, full_name="Citra", rank="I/a")
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    url = reverse("people:list")
    assert _names(client.get(url, {"sort": "birth_date"})) == ["Ani", "Budi", "Citra"]
    assert _names(client.get(url, {"sort": "-nip'; --"})) == ["Ani", "Budi", "Citra"]
    # Province-wide, rank has no index to walk: the header stays plain, the sort is ignored.
    wide = client.get(url, {"sort": "rank"})
    assert _names(wide) == ["Ani", "Budi", "Citra"] and 'href="?sort=rank"' not in _text(wide)
    one = client.get(url, {"sort": "rank", "institution": "35.78"})
    assert _names(one) == ["Budi", "Ani"]
    assert (
        'aria-sort="ascending"><a class="sort-link" href="?sort=-rank&amp;institution=35.78"'
        in (_text(one))
    )
    assert _names(client.get(url, {"sort": "-rank", "institution": "35.78"})) == ["Ani", "Budi"]


def test_filters_keep_their_values_and_reset_keeps_the_sort(op_client, surabaya):  # type: ignore[no-untyped-def]
    EmployeeFactory(institution=surabaya, full_name="Ani", rank="IV/a")
    page = _text(op_client.get(reverse("people:list"), {"rank": "IV/a", "sort": "-name"}))
    assert '<option value="IV/a" selected>' in page
    assert 'href="/pegawai/?sort=-name" data-testid="reset-filters"' in page
    assert 'data-testid="reset-filters"' not in _text(op_client.get(reverse("people:list")))


def test_beyond_the_cap_the_count_is_the_planners_estimate_marked_as_such(  # type: ignore[no-untyped-def]
    monkeypatch, surabaya, jatim
):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr(paging, "planner_estimate", lambda qs: 4_300_000)
    for _ in range(3):
        EmployeeFactory(institution=surabaya)
        EmployeeFactory(institution=jatim)
    page = _text(client_for(make_user(Role.INSTITUTION_ADMIN, "35")).get(reverse("people:list")))
    assert "About 4.3 million civil servants (an estimate)" in page
    assert "page 1 of about 86,000" in page


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's"
)
def test_the_planner_estimate_on_postgresql(surabaya):  # type: ignore[no-untyped-def]
    for _ in range(4):
        EmployeeFactory(institution=surabaya)
    counted = paging.list_count(Employee.objects.all(), exact=False, cap=2)
    assert counted.kind == "estimate" and counted.value >= 3


def test_the_active_card_counts_the_list_it_opens(surabaya):  # type: ignore[no-untyped-def]
    from tangguh.people.navigation import people_cards

    national = make_user(Role.NATIONAL_ADMIN)
    EmployeeFactory(institution=surabaya)
    EmployeeFactory(institution=surabaya, status="retired")

    def card():  # type: ignore[no-untyped-def]
        return next(c for c in people_cards(national) if c.get("count_kind"))

    assert card()["href"] == "/pegawai/?status=active"
    listed = client_for(national).get(card()["href"]).context["count"]
    assert card()["value"] == listed == 1
    EmployeeFactory(institution=surabaya)  # no stale cached figure: both see it at once
    assert card()["value"] == client_for(national).get(card()["href"]).context["count"] == 2


def test_list_query_count_is_bounded(op_client, surabaya, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    unit = WorkUnitFactory(institution=surabaya)
    position = PositionFactory(institution=surabaya)
    for _ in range(40):
        EmployeeFactory(institution=surabaya, work_unit=unit, position=position)
    with django_assert_max_num_queries(12):
        response = op_client.get(reverse("people:list"))
    assert response.status_code == 200


def test_civil_servant_is_refused_the_list(surabaya):  # type: ignore[no-untyped-def]
    response = client_for(make_user(Role.CIVIL_SERVANT, "35.78")).get(reverse("people:list"))
    assert response.status_code == 403


# --- export --------------------------------------------------------------------


def test_csv_export_is_scoped_and_filtered(op_client, surabaya, sleman):  # type: ignore[no-untyped-def]
    active = EmployeeFactory(institution=surabaya, status="active")
    retired = EmployeeFactory(institution=surabaya, status="retired")
    elsewhere = EmployeeFactory(institution=sleman, status="active")
    response = op_client.get(reverse("people:export"), {"status": "active", "fmt": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert active.nip in text
    assert retired.nip not in text and elsewhere.nip not in text
    header = next(csv.reader(io.StringIO(text)))
    assert list(header[: len(TEMPLATE_HEADERS)]) == list(TEMPLATE_HEADERS)
    entry = AuditEntry.objects.get(action="people.export")
    assert entry.data == {"format": "csv", "filters": {"status": "active"}}
    assert entry.people_count == 1
    assert list(entry.subjects.values_list("nip", flat=True)) == [active.nip]


def test_xlsx_export_has_the_template_columns(op_client, surabaya):  # type: ignore[no-untyped-def]
    e = EmployeeFactory(institution=surabaya)
    response = op_client.get(reverse("people:export"), {"fmt": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][: len(TEMPLATE_HEADERS)]) == list(TEMPLATE_HEADERS)
    assert any(e.nip in [str(v) for v in r] for r in rows[1:])


# --- person page ---------------------------------------------------------------


def test_person_page_shows_identity_and_history_and_is_audited(op_client, operator, surabaya):  # type: ignore[no-untyped-def]
    e = EmployeeFactory(
        institution=surabaya, full_name="Ani Lestari", sex="F", rank="III/b",
        period_start=date(2016, 1, 1),
    )  # fmt: skip
    EmploymentHistory.objects.create(
        employee=e,
        institution=surabaya,
        rank="III/a",
        valid_from="2010-01-01",
        valid_to="2015-12-31",
    )
    page = _text(op_client.get(reverse("people:detail", args=[e.pk])))
    assert "Ani Lestari" in page and format_nip(e.nip) in page
    assert "III/a" in page and "III/b" in page
    entry = AuditEntry.objects.get(action="people.employee.view")
    assert entry.actor == operator and entry.target_id == str(e.pk)


def test_civil_servant_sees_own_page_unaudited_and_no_one_elses(surabaya):  # type: ignore[no-untyped-def]
    own = EmployeeFactory(institution=surabaya)
    other = EmployeeFactory(institution=surabaya)
    client = client_for(make_user(Role.CIVIL_SERVANT, "35.78", nip=own.nip))
    me = client.get(reverse("people:me"))
    assert me.status_code == 200 and me.context["employee"] == own  # "My record" is a page
    assert client.get(reverse("people:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[other.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="people.employee.view").exists()


def test_my_record_without_a_linked_record_explains(surabaya):  # type: ignore[no-untyped-def]
    response = client_for(make_user(Role.CIVIL_SERVANT, "35.78")).get(reverse("people:me"))
    assert response.status_code == 200
    assert "not linked" in _text(response)


def test_navigation_per_role(surabaya):  # type: ignore[no-untyped-def]
    cs = _text(client_for(make_user(Role.CIVIL_SERVANT, "35.78")).get(reverse("core:dashboard")))
    assert reverse("people:me") in cs and f'href="{reverse("people:list")}"' not in cs
    op = _text(client_for(make_user(Role.OPERATOR, "35.78")).get(reverse("core:dashboard")))
    for name in ("people:list", "people:import", "people:transfers"):
        assert reverse(name) in op


def test_dashboard_cards_count_active_in_scope_and_pending_transfers(surabaya, sleman):  # type: ignore[no-untyped-def]
    cache.clear()
    EmployeeFactory(institution=surabaya, status="active")
    EmployeeFactory(institution=surabaya, status="retired")
    EmployeeFactory(institution=sleman, status="active")
    response = client_for(make_user(Role.OPERATOR, "35.78")).get(reverse("core:dashboard"))
    cards = {str(c["label"]): c["value"] for c in response.context["cards"]}
    assert cards["Active civil servants"] == 1
    assert cards["Transfers waiting for confirmation"] == 0
    cache.clear()


# --- import ----------------------------------------------------------------------


def test_import_page_lists_recent_imports_and_offers_the_form(op_client):  # type: ignore[no-untyped-def]
    page = _text(op_client.get(reverse("people:import")))
    assert 'type="file"' in page and reverse("people:import-template") in page


def test_auditor_sees_imports_but_no_form_and_cannot_upload(surabaya):  # type: ignore[no-untyped-def]
    client = client_for(make_user(Role.AUDITOR, "35.78"))
    assert 'type="file"' not in _text(client.get(reverse("people:import")))
    response = client.post(reverse("people:import"), {"file": csv_upload([row(new_nip())])})
    assert response.status_code == 403


def test_import_flow_dry_run_then_confirm(op_client, surabaya):  # type: ignore[no-untyped-def]
    good, bad = new_nip(), "19851312" + "201001" + "2001"  # month 13: not a real birth date
    upload = csv_upload([row(good, "Rina Marlina"), row(bad, "Salah Satu")])
    response = op_client.post(reverse("people:import"), {"file": upload, "institution": "35.78"})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.dry_run and job.status == ImportStatus.DONE
    assert not Employee.objects.filter(nip=good).exists()  # a dry run changes nothing

    page = op_client.get(response["Location"])
    text = _text(page)
    assert page.context["can_confirm"]
    assert "NIP" in text and bad in text  # the column and the value of the bad row
    issue = page.context["issues"][0]
    assert issue.row == 3  # header is row 1
    assert reverse("people:import-confirm", args=[job.pk]) in text

    errors = op_client.get(reverse("people:import-errors", args=[job.pk]))
    assert errors["Content-Type"].startswith("application/vnd.openxmlformats")
    report = openpyxl.load_workbook(io.BytesIO(errors.getvalue())).active  # a stored file
    assert any(bad in [str(v) for v in r] for r in report.iter_rows(values_only=True))

    confirmed = op_client.post(reverse("people:import-confirm", args=[job.pk]))
    assert confirmed.status_code == 302
    real = ImportJob.objects.exclude(pk=job.pk).get()
    assert confirmed["Location"] == reverse("people:import-job", args=[real.pk])
    assert not real.dry_run and real.status == ImportStatus.DONE
    person = Employee.objects.get(nip=good)
    assert person.institution == surabaya and person.period_source.startswith("import")
    final = op_client.get(confirmed["Location"])
    assert final.context["summary"] and not final.context["can_confirm"]
    assert format_nip(good) in _text(op_client.get(reverse("people:list")))


def test_progress_partial_polls_until_done_then_reloads(op_client, operator, surabaya):  # type: ignore[no-untyped-def]
    job = dry_run(institution=surabaya, actor=operator, rows=[row(new_nip())])
    url = reverse("people:import-progress", args=[job.pk])
    done = op_client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and "every 1s" not in _text(done)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, progress_done=5, progress_total=10
    )
    running = op_client.get(url, HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in running and 'hx-trigger="every 1s"' in _text(running)
    assert 'value="50"' in _text(running)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pegawai.pdf", b"%PDF-1.4", "is not a file we can read"),
        ("pegawai.csv", b"", "is empty"),
        ("pegawai.xlsx", b"NIP,Nama\n1,2", "is not a real Excel workbook"),
        ("pegawai.csv", b"PK\x03\x04rest-of-a-zip", "saved with a .csv name"),
    ],
)
def test_bad_files_get_a_clear_message(op_client, name, content, message):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, content)
    response = op_client.post(reverse("people:import"), {"file": upload, "institution": "35.78"})
    assert response.status_code == 400
    assert message in _text(response)
    assert "Traceback" not in _text(response)
    assert not ImportJob.objects.exists()


def test_too_large_file_is_refused(op_client, settings):  # type: ignore[no-untyped-def]
    settings.TANGGUH_IMPORT_MAX_CSV_BYTES = 10
    response = op_client.post(
        reverse("people:import"), {"file": csv_upload([row(new_nip())]), "institution": "35.78"}
    )
    assert response.status_code == 400
    assert "the largest file we accept" in _text(response)


def test_operator_cannot_import_into_another_institution(op_client):  # type: ignore[no-untyped-def]
    response = op_client.post(
        reverse("people:import"), {"file": csv_upload([row(new_nip())]), "institution": "34.04"}
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_file_without_a_nip_column_is_explained(op_client):  # type: ignore[no-untyped-def]
    upload = csv_upload(["Budi,Bagian Umum"], header="Nama,Unit Kerja")
    response = op_client.post(reverse("people:import"), {"file": upload, "institution": "35.78"})
    job_page = op_client.get(response["Location"]) if response.status_code == 302 else response
    assert "NIP" in _text(job_page)
    assert "Traceback" not in _text(job_page)


def test_template_download_is_a_workbook_with_the_headers(op_client):  # type: ignore[no-untyped-def]
    response = op_client.get(reverse("people:import-template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    first = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    assert first[: len(TEMPLATE_HEADERS)] == list(TEMPLATE_HEADERS)


# --- transfers -----------------------------------------------------------------


@pytest.fixture
def pending_transfer(surabaya, jatim):  # type: ignore[no-untyped-def]
    """Surabaya's civil servant arrives in a Jawa Timur import: a transfer waits for Surabaya."""
    nip = new_nip()
    EmployeeFactory(institution=surabaya, nip=nip)
    actor = make_user(Role.OPERATOR, "35")
    job = dry_run(institution=jatim, actor=actor, rows=[row(nip)])
    from tangguh.people import services

    real = services.import_job_confirm(job=job, actor=actor)
    real.refresh_from_db()
    return TransferRequest.objects.get(employee__nip=nip, status=TransferStatus.PENDING)


def test_both_sides_see_the_transfer_only_source_admin_decides(pending_transfer):  # type: ignore[no-untyped-def]
    source_admin = client_for(make_user(Role.INSTITUTION_ADMIN, "35.78"))
    target_admin = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    detail = reverse("people:transfer-detail", args=[pending_transfer.pk])
    confirm = reverse("people:transfer-confirm", args=[pending_transfer.pk])
    # No one-click decision in the list: it links to the decide page.
    source_list = _text(source_admin.get(reverse("people:transfers")))
    assert detail in source_list and confirm not in source_list
    assert confirm in _text(source_admin.get(detail))
    target_page = _text(target_admin.get(reverse("people:transfers")))
    assert format_nip(pending_transfer.employee.nip) in target_page
    assert confirm not in _text(target_admin.get(detail))

    assert target_admin.post(confirm).status_code == 403
    pending_transfer.refresh_from_db()
    assert pending_transfer.status == TransferStatus.PENDING

    # The first POST asks for a confirmation (nothing changes), the second decides.
    assert source_admin.post(confirm).status_code == 200
    pending_transfer.refresh_from_db()
    assert pending_transfer.status == TransferStatus.PENDING
    assert source_admin.post(confirm, {"confirmed": "1"}).status_code == 302
    pending_transfer.refresh_from_db()
    assert pending_transfer.status == TransferStatus.CONFIRMED
    assert Employee.objects.get(pk=pending_transfer.employee_id).institution.code == "35"


def test_source_admin_rejects(pending_transfer):  # type: ignore[no-untyped-def]
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35.78"))
    reject = reverse("people:transfer-reject", args=[pending_transfer.pk])
    data = {"reason": "Masih dibutuhkan", "confirmed": "1"}
    assert client.post(reject, data).status_code == 302
    pending_transfer.refresh_from_db()
    assert pending_transfer.status == TransferStatus.REJECTED
    assert Employee.objects.get(pk=pending_transfer.employee_id).institution.code == "35.78"


def test_operator_sees_status_but_cannot_decide(pending_transfer):  # type: ignore[no-untyped-def]
    client = client_for(make_user(Role.OPERATOR, "35.78"))
    page = _text(client.get(reverse("people:transfers")))
    assert pending_transfer.get_status_display() in page
    detail = _text(client.get(reverse("people:transfer-detail", args=[pending_transfer.pk])))
    assert reverse("people:transfer-confirm", args=[pending_transfer.pk]) not in detail
    assert "only an administrator of the institution that holds it" in detail
    assert (
        client.post(reverse("people:transfer-confirm", args=[pending_transfer.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("language", ["id", "en"])
def test_paging_links_carry_plain_ids_past_a_thousand(operator, surabaya, language):  # type: ignore[no-untyped-def]
    """Numbers are grouped on the page ("7.834"), never in a link: a grouped cursor or
    page number is no cursor at all, and "Next" led back to the first page."""
    import re

    for i in range(paging_size() + 1):
        EmployeeFactory(pk=7_800 + i, institution=surabaya, full_name=f"Pegawai {i:03d}")
    client = _client_for(operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    first = _text(client.get(reverse("people:list")))
    cursor = re.search(r'after=([^&"]+)&amp;page=([^"&]+)"', first)
    assert cursor and cursor.groups() == ("7849", "2"), cursor and cursor.groups()
    second = _text(client.get(reverse("people:list"), {"after": "7849", "page": "2"}))
    assert "Pegawai 050" in second and "Pegawai 049" not in second
    previous = re.search(r'before=([^&"]+)&amp;page=([^"&]+)"', second)
    assert previous and previous.groups() == ("7850", "1")


def paging_size() -> int:
    from tangguh.people.views.employees import PAGE_SIZE

    return PAGE_SIZE
