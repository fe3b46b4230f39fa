"""The audit page, its export and its API: who may read which entries, the filters, the files."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tangguh.core.audit import audit_record
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.permissions import ListPermissionSuite, client_for, make_user

pytestmark = pytest.mark.django_db

NIP = "198507122010012001"
OTHER_NIP = "197001012000011002"


def entry_in(institution: Any, **extra: Any) -> AuditEntry:
    """An entry of ``institution`` whose query and details carry a unique marker."""
    marker = f"marker-{uuid.uuid4().hex[:10]}"
    values: dict[str, Any] = {
        "actor": None,
        "action": "people.export",
        "query": {"via": "web", "path": f"/{marker}/"},
        "data": {"file": marker},
    }
    values.update(extra)
    return audit_record(institution=institution, **values)


def marker_of(entry: AuditEntry) -> str:
    return str(entry.data["file"])


# --- permission suites -----------------------------------------------------------


class _AuditSuite(ListPermissionSuite):
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.OPERATOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return entry_in(institution)

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return marker_of(obj)


class TestAuditPage(_AuditSuite):
    url_name = "core:audit"


class TestAuditExport(_AuditSuite):
    url_name = "core:audit-export"
    data = {"fmt": "csv"}


class TestAuditAPI(_AuditSuite):
    url_name = "api:audit-list"
    is_api = True


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.CIVIL_SERVANT, Role.OPERATOR])
def test_roles_without_the_grant_get_403_on_every_audit_url(role):  # type: ignore[no-untyped-def]
    client = client_for(make_user(role))
    for name in ("core:audit", "core:audit-export", "api:audit-list"):
        assert client.get(reverse(name)).status_code == 403


# --- scope -----------------------------------------------------------------------


def _seen(user: Any) -> set[int]:
    body = client_for(user).get(reverse("api:audit-list"), {"page_size": 500}).json()
    return {r["id"] for r in body["results"]}


def test_each_reader_sees_the_entries_of_their_scope(surabaya, jatim, sleman, coordinator):  # type: ignore[no-untyped-def]
    rows = {i.code: entry_in(i).pk for i in (surabaya, jatim, sleman, coordinator)}
    system = entry_in(None).pk
    every = {*rows.values(), system}
    assert _seen(make_user(Role.INSTITUTION_ADMIN, "35.78")) & every == {rows["35.78"]}
    assert _seen(make_user(Role.INSTITUTION_ADMIN, "35")) & every == {rows["35"]}
    # An auditor reads their tree: Jawa Timur and Kota Surabaya, not Sleman.
    assert _seen(make_user(Role.AUDITOR, "35")) & every == {rows["35"], rows["35.78"]}
    assert _seen(make_user(Role.AUDITOR, coordinator.code)) >= every
    assert _seen(make_user(Role.NATIONAL_ADMIN, coordinator.code)) >= every


# --- filters ---------------------------------------------------------------------


@pytest.fixture
def auditor(jatim):  # type: ignore[no-untyped-def]
    return make_user(Role.AUDITOR, "35")


@pytest.fixture
def entries(surabaya):  # type: ignore[no-untyped-def]
    reader = make_user(Role.OPERATOR, "35.78", username=f"siti-{uuid.uuid4().hex[:6]}")
    return {
        "person": entry_in(surabaya, actor=reader, action="people.employee.view", nips=[NIP]),
        "export": entry_in(surabaya, action="people.export", nips=[NIP, OTHER_NIP]),
        "other": entry_in(surabaya, action="people.employee.list", nips=[OTHER_NIP]),
        "reader": reader,
    }


def _ids(auditor: Any, **params: Any) -> set[int]:
    response = client_for(auditor).get(reverse("api:audit-list"), params)
    assert response.status_code == 200, response.json()
    return {r["id"] for r in response.json()["results"]}


def test_filter_by_person_accepts_the_nip_as_people_write_it(auditor, entries):  # type: ignore[no-untyped-def]
    wanted = {entries["person"].pk, entries["export"].pk}
    assert _ids(auditor, nip=NIP) & {e.pk for e in AuditEntry.objects.all()} == wanted
    assert _ids(auditor, nip="'19850712 201001 2 001") >= wanted
    assert entries["other"].pk not in _ids(auditor, nip=NIP)


def test_filter_by_user_action_and_dates(auditor, entries):  # type: ignore[no-untyped-def]
    assert _ids(auditor, user=entries["reader"].username.upper()) == {entries["person"].pk}
    assert entries["other"].pk in _ids(auditor, action="people.employee.list")
    assert entries["export"].pk not in _ids(auditor, action="people.employee.list")
    today = timezone.localdate()
    assert entries["other"].pk in _ids(auditor, date_from=today.isoformat(), date_to=today)
    assert not _ids(auditor, date_to=(today - timedelta(days=1)).isoformat()) & {
        entries["other"].pk
    }
    assert entries["other"].pk in _ids(auditor, date_from=today.strftime("%d-%m-%Y"))


@pytest.mark.parametrize(
    "params",
    [{"nip": "1985"}, {"nip": "abc"}, {"date_from": "yesterday"}, {"action": "no.such"},
     {"date_from": "2026-02-02", "date_to": "2026-02-01"}],
    ids=["short-nip", "letters", "bad-date", "unknown-action", "reversed-dates"],
)  # fmt: skip
def test_bad_filters_are_a_clear_400_and_read_nothing(auditor, entries, params):  # type: ignore[no-untyped-def]
    before = AuditEntry.objects.count()
    client = client_for(auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    api = client.get(reverse("api:audit-list"), params)
    assert api.status_code == 400
    body = api.json()
    assert body["detail"] and body["errors"][0]["field"] in params
    page = client.get(reverse("core:audit"), params)
    assert page.status_code == 400 and b'class="field-error"' in page.content
    assert AuditEntry.objects.count() == before  # nothing shown, nothing recorded


# --- reading the audit is recorded ---------------------------------------------------


def test_reading_the_audit_is_itself_audited(auditor, entries):  # type: ignore[no-untyped-def]
    client = client_for(auditor)
    client.get(reverse("core:audit"), {"nip": NIP})
    client.get(reverse("api:audit-list"))
    client.get(reverse("core:audit-export"), {"fmt": "xlsx", "nip": NIP})
    views = AuditEntry.objects.filter(action="core.audit.view", actor=auditor).order_by("id")
    assert [v.query["via"] for v in views] == ["web", "api"]
    assert list(views[0].subjects.values_list("nip", flat=True)) == [NIP]
    export = AuditEntry.objects.get(action="core.audit.export", actor=auditor)
    assert export.query["params"] == {"fmt": "xlsx", "nip": NIP}


# --- the page ----------------------------------------------------------------------


def test_page_shows_time_actor_readable_action_institution_count_and_query(auditor, entries):  # type: ignore[no-untyped-def]
    client = client_for(auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    entry_in(
        entries["person"].institution, action="people.employee.list", nips=[NIP],
        query={"via": "web", "path": "/pegawai/", "params": {"q": "Budi"}},
    )  # fmt: skip
    page = client.get(reverse("core:audit")).content.decode()
    assert "Read the list of civil servants" in page and "people.employee.list" in page
    assert "Kota Surabaya" in page and "/pegawai/?q=Budi" in page
    assert entries["reader"].username in page
    assert "<script>" not in page and " onclick=" not in page


def test_page_is_paged_by_keyset(auditor, surabaya):  # type: ignore[no-untyped-def]
    made = [entry_in(surabaya, action="people.export").pk for _ in range(53)]
    client = client_for(auditor)
    first = client.get(reverse("core:audit"), {"action": "people.export"})
    shown = [e.pk for e in first.context["entries"]]
    assert len(shown) == 50 and shown == sorted(made, reverse=True)[:50]
    second = client.get(
        reverse("core:audit"), {"action": "people.export", "before": first.context["older"]}
    )
    assert [e.pk for e in second.context["entries"]] == sorted(made, reverse=True)[50:]
    back = client.get(
        reverse("core:audit"), {"action": "people.export", "after": second.context["newer"]}
    )
    assert [e.pk for e in back.context["entries"]][-1] == shown[-1]


def test_page_query_count_is_small(auditor, entries, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client = client_for(auditor)
    client.get(reverse("core:audit"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("core:audit")).status_code == 200


# --- exports -----------------------------------------------------------------------


HOSTILE = '=HYPERLINK("http://x")'


def test_csv_export_neutralises_every_text_cell(auditor, surabaya):  # type: ignore[no-untyped-def]
    entry_in(
        surabaya, action="people.employee.list",
        query={"via": "web", "path": "/pegawai/", "params": {"q": HOSTILE}},
        data={"file": HOSTILE},
    )  # fmt: skip
    response = client_for(auditor).get(reverse("core:audit-export"), {"fmt": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_export_neutralises_text_and_keeps_the_columns(auditor, surabaya):  # type: ignore[no-untyped-def]
    entry_in(surabaya, action="-2+3+cmd|' /C calc'!A0", data={"file": "@SUM(1)\x01"})
    response = client_for(auditor).get(reverse("core:audit-export"), {"fmt": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] and len(rows[0]) == 11
    cells = [c for r in rows for c in r if isinstance(c, str)]
    assert "'-2+3+cmd|' /C calc'!A0" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_xlsx_cells_lose_control_characters_before_the_formula_check():  # type: ignore[no-untyped-def]
    from tangguh.core.exports_audit import _xlsx_safe

    assert _xlsx_safe(["\x07=1+1", "a\x01b", 5, "x" * 40_000]) == ["'=1+1", "ab", 5, "x" * 32_767]
