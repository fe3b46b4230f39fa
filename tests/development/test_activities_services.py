"""Recording, approving and withdrawing activities; evidence treated as hostile."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.evidence import MAX_BYTES, clean_name, evidence_check
from tangguh.development.models import Activity, ActivityStatus, JpYearTotal, LedgerEntry
from tangguh.development.services_activities import (
    ActivityInput,
    activity_approve,
    activity_record,
    activity_withdraw,
)
from tests.development.factories import ActivityFactory, form
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    """The sentences are checked in their source language (pages: in Indonesian)."""
    with translation.override("en"):
        yield


DAY = date.today() - timedelta(days=30)


def _input(code: str = "seminar", **kw):  # type: ignore[no-untyped-def]
    values = {"title": "Kegiatan", "start_date": DAY, "end_date": DAY,
              "evidence_link": "https://contoh.go.id/bukti.pdf", **kw}  # fmt: skip
    return ActivityInput(form=form(code), **values)


def test_coaching_sessions_pending_and_approved_count_against_the_monthly_cap(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    operator = make_user(Role.OPERATOR)
    first = activity_record(employee=person, data=_input("coaching", quantity=1), actor=operator)
    activity_approve(activity=first, actor=operator)
    activity_record(employee=person, data=_input("coaching", quantity=1, title="B"), actor=operator)
    with pytest.raises(DomainError) as refused:
        activity_record(
            employee=person, data=_input("coaching", quantity=1, title="C"), actor=operator
        )
    assert "already has 2 sessions" in str(refused.value.message)
    next_month = DAY.replace(day=1) + timedelta(days=32)
    if next_month <= date.today():
        activity_record(employee=person, data=_input("coaching", quantity=1, title="D",
                        start_date=next_month, end_date=next_month), actor=operator)  # fmt: skip
    assert Activity.objects.filter(employee=person, title="C").count() == 0


def test_approval_judges_again_and_writes_the_entry_the_total_and_the_audit(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    activity = ActivityFactory(employee=person, start_date=DAY, end_date=DAY + timedelta(days=1))
    operator = make_user(Role.OPERATOR)
    entry = activity_approve(activity=activity, actor=operator, note="Sesuai sertifikat")
    activity.refresh_from_db()
    assert entry.jp == Decimal("8") and entry.date == activity.end_date
    assert activity.jp_credited == Decimal("8") and activity.rule is not None
    assert "8 JP credited" in str(Message.from_json(activity.rule_note))
    assert JpYearTotal.objects.get(employee=person, year=entry.year).jp == Decimal("8")
    assert AuditEntry.objects.filter(action="development.activity_approve").exists()
    with pytest.raises(DomainError):
        activity_approve(activity=activity, actor=operator)
    assert LedgerEntry.objects.count() == 1


def test_another_institutions_operator_and_the_province_cannot_approve(surabaya):  # type: ignore[no-untyped-def]
    activity = ActivityFactory(employee=EmployeeFactory(institution=surabaya))
    for user in (make_user(Role.OPERATOR, "34.04"), make_user(Role.INSTITUTION_ADMIN, "35"),
                 make_user(Role.AUDITOR), make_user(Role.CIVIL_SERVANT, nip=activity.nip)):  # fmt: skip
        with pytest.raises(PermissionDenied):
            activity_approve(activity=activity, actor=user)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED and not LedgerEntry.objects.exists()


def test_withdraw_only_while_pending_and_only_by_the_person_or_their_institution(surabaya):  # type: ignore[no-untyped-def]
    activity = ActivityFactory(employee=EmployeeFactory(institution=surabaya))
    colleague = EmployeeFactory(institution=surabaya)
    with pytest.raises(PermissionDenied):
        activity_withdraw(activity=activity, actor=make_user(Role.CIVIL_SERVANT, nip=colleague.nip))
    activity_withdraw(activity=activity, actor=make_user(Role.CIVIL_SERVANT, nip=activity.nip))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.WITHDRAWN
    with pytest.raises(DomainError):
        activity_withdraw(activity=activity, actor=make_user(Role.OPERATOR))


def test_bad_input_is_refused_on_its_field(surabaya):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    operator = make_user(Role.OPERATOR)
    cases = {
        "end_date": _input(end_date=date.today() + timedelta(days=2)),
        "cost": _input(cost=Decimal(-1)),
        "title": _input(title="  "),
        "evidence": _input(evidence_link=""),
    }
    for field, data in cases.items():
        with pytest.raises(DomainError) as refused:
            activity_record(employee=person, data=data, actor=operator)
        assert refused.value.errors[0]["field"] == field
    assert not Activity.objects.exists()


def test_evidence_is_judged_by_its_bytes_and_size():
    png = evidence_check(SimpleUploadedFile("../../etc/foto.PNG", b"\x89PNG\r\n\x1a\n" + b"0" * 10))
    assert png.content_type == "image/png" and png.name == "foto.png"
    assert png.content.name.endswith(".png") and "foto" not in png.content.name
    jpeg = evidence_check(SimpleUploadedFile("scan.exe", b"\xff\xd8\xff\xe0rest"))
    assert jpeg.name == "scan.jpg"
    for bad in (b"", b"MZ\x90\x00", b"<svg onload=alert(1)>", b"PK\x03\x04"):
        with pytest.raises(DomainError):
            evidence_check(SimpleUploadedFile("a.pdf", bad))
    with pytest.raises(DomainError):
        evidence_check(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_BYTES))
    assert clean_name("\u202eevil\x00.pdf", "pdf") == "evil.pdf"
