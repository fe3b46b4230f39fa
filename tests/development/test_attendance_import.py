"""Attendance: on screen (only the session's days), and from the sheet (bad rows reported
with row, column and a sentence; all or nothing; a dry run writes nothing)."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tangguh.core.exceptions import DomainError
from tangguh.core.importing.results import ImportFileError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.attendance_import import attendance_template_xlsx, import_attendance
from tangguh.development.models import Attendance
from tangguh.development.services_attendance import Mark, attendance_record
from tests.accounts.factories import UserFactory
from tests.development.factories import EnrolmentFactory, SessionFactory
from tests.permissions import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(surabaya):  # type: ignore[no-untyped-def]
    start = date.today() - timedelta(days=4)
    return SessionFactory(start_date=start, end_date=start + timedelta(days=2))


@pytest.fixture
def host(surabaya):  # type: ignore[no-untyped-def]
    return UserFactory(institution=surabaya, role=Role.OPERATOR)


def _sheet(rows):  # type: ignore[no-untyped-def]
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_screen_marks_only_the_sessions_days(session, host):  # type: ignore[no-untyped-def]
    e = EnrolmentFactory(session=session)
    attendance_record(
        session=session, marks=[Mark(e.pk, session.start_date, "present")], actor=host
    )
    assert Attendance.objects.get(enrolment=e).mark == "present"
    outside = session.end_date + timedelta(days=1)
    with pytest.raises(DomainError) as exc:
        attendance_record(
            session=session,
            marks=[Mark(e.pk, session.start_date, "absent"), Mark(e.pk, outside, "present")],
            actor=host,
        )
    assert "bukan hari sesi" in str(exc.value.message)
    # All or nothing: the good cell of the refused request was not written either.
    assert list(Attendance.objects.values_list("day", "mark")) == [(session.start_date, "present")]


def test_outside_the_hosts_side_is_refused(session, sleman, jatim):  # type: ignore[no-untyped-def]
    e = EnrolmentFactory(session=session)
    for user in (
        UserFactory(institution=sleman, role=Role.OPERATOR),
        UserFactory(institution=jatim, role=Role.INSTITUTION_ADMIN),
        UserFactory(institution=session.organiser, role=Role.AUDITOR),
        UserFactory(institution=session.organiser, role=Role.CIVIL_SERVANT, nip=e.nip),
    ):
        with pytest.raises(PermissionDenied):
            attendance_record(
                session=session, marks=[Mark(e.pk, session.start_date, "present")], actor=user
            )
    assert not Attendance.objects.exists()


def test_sheet_import_dry_run_then_real(session, host):  # type: ignore[no-untyped-def]
    a, b = EnrolmentFactory(session=session), EnrolmentFactory(session=session)
    days = [session.start_date + timedelta(days=n) for n in range(3)]
    rows = [
        ["NIP", "Nama", *[d.strftime("%d/%m/%Y") for d in days]],
        [a.nip, a.full_name, "H", "Hadir", "izin"],
        [b.nip, b.full_name, "A", "Tidak hadir", ""],
    ]
    dry = import_attendance(
        session=session, source=_sheet(rows), filename="h.xlsx", actor=host, dry_run=True
    )
    assert (dry.created, dry.rejected, dry.file_rejected) == (5, 0, False)
    assert not Attendance.objects.exists()
    done = import_attendance(session=session, source=_sheet(rows), filename="h.xlsx", actor=host)
    assert done.created == 5
    marks = dict(Attendance.objects.filter(enrolment=a).values_list("day", "mark"))
    assert marks == {days[0]: "present", days[1]: "present", days[2]: "excused"}
    assert AuditEntry.objects.filter(action="development.attendance_import").count() == 1
    again = import_attendance(session=session, source=_sheet(rows), filename="h.xlsx", actor=host)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_bad_rows_refuse_the_whole_sheet(session, host):  # type: ignore[no-untyped-def]
    a = EnrolmentFactory(session=session)
    outside = session.end_date + timedelta(days=3)
    rows = [
        ["NIP", "Nama", session.start_date.isoformat(), outside.isoformat()],
        [a.nip, "x", "H", ""],
        ["199001012015011001", "Orang Lain", "H", ""],
        [a.nip, "dup", "H", ""],
        ["", "tanpa NIP", "X", ""],
        [a.nip[:-1] + "9", "y", "", "H"],
    ]
    result = import_attendance(session=session, source=_sheet(rows), filename="h.xlsx", actor=host)
    assert result.file_rejected and result.created == 0
    found = {(e.row, e.column): e.message for e in result.errors}
    assert "Tidak ada peserta terdaftar" in found[(3, "NIP")]
    assert "sudah ada di baris 2" in found[(4, "NIP")]
    assert "bukan tanda kehadiran" in found[(5, session.start_date.isoformat())]
    assert "bukan hari sesi" in found[(6, outside.isoformat())]
    assert not Attendance.objects.exists()


def test_a_sheet_without_day_columns_is_refused(session, host):  # type: ignore[no-untyped-def]
    EnrolmentFactory(session=session)
    with pytest.raises(ImportFileError):
        import_attendance(
            session=session, source=_sheet([["NIP", "Nama"], ["1", "x"]]), filename="h.xlsx",
            actor=host,
        )  # fmt: skip


def test_template_reimports_unchanged(session, host):  # type: ignore[no-untyped-def]
    e = EnrolmentFactory(session=session)
    attendance_record(
        session=session, marks=[Mark(e.pk, session.start_date, "excused")], actor=host
    )
    content = attendance_template_xlsx(session)
    book = load_workbook(io.BytesIO(content))
    header = [c.value for c in book.active[1]]
    assert header[:2] == ["NIP", "Nama"] and header[2] == session.start_date.isoformat()
    assert [c.value for c in book.active[2]][:3] == [e.nip, e.full_name, "I"]
    result = import_attendance(
        session=session, source=io.BytesIO(content), filename="t.xlsx", actor=host
    )
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)


def test_import_page_check_then_confirm(session, host):  # type: ignore[no-untyped-def]
    e = EnrolmentFactory(session=session)
    client = client_for(host)
    upload = _sheet([["NIP", "Nama", session.start_date.isoformat()], [e.nip, "x", "H"]])
    upload.name = "hadir.xlsx"
    page = client.post(
        reverse("development:attendance_import", args=[session.pk]), {"file": upload}
    )
    assert page.status_code == 200 and not Attendance.objects.exists()
    token = client.session["development.attendance.pending"]["token"]
    confirm_url = reverse("development:attendance_import_confirm", args=[session.pk])
    done = client.post(confirm_url, {"token": token})
    assert done.status_code == 302 and Attendance.objects.get(enrolment=e).mark == "present"
    # The same token twice imports nothing more (and says so).
    again = client.post(confirm_url, {"token": token})
    assert again["Location"].endswith("/kehadiran/impor/")


def test_grid_page_refuses_a_day_outside(session, host):  # type: ignore[no-untyped-def]
    EnrolmentFactory(session=session)
    outside = (session.start_date - timedelta(days=1)).isoformat()
    response = client_for(host).post(
        reverse("development:attendance", args=[session.pk]),
        {"day": outside, "day_mark": "present"},
    )
    assert response.status_code == 400
    assert "bukan hari sesi" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hadir.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a picture named as a workbook
        ("hadir.csv", b""),  # empty
        ("hadir.csv", b"NIP;Nama\n"),  # a header and nothing under it
    ],
)
def test_a_file_that_is_no_sheet_is_refused_with_a_sentence(session, host, name, content):  # type: ignore[no-untyped-def]
    EnrolmentFactory(session=session)
    upload = io.BytesIO(content)
    upload.name = name
    response = client_for(host).post(
        reverse("development:attendance_import", args=[session.pk]), {"file": upload}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="form-errors"' in body or 'class="field-error"' in body
    assert not Attendance.objects.exists()


def test_csv_sheet_with_formula_like_cells_is_judged_not_run(session, host):  # type: ignore[no-untyped-def]
    e = EnrolmentFactory(session=session)
    day = session.start_date.isoformat()
    text = f'NIP;Nama;{day}\n\'{e.nip};=HYPERLINK("x");=1+1\n'.encode()
    result = import_attendance(
        session=session, source=io.BytesIO(text), filename="h.csv", actor=host
    )
    assert result.file_rejected and not Attendance.objects.exists()
