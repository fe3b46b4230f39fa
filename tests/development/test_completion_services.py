"""Completion: JP credited through the ledger with numbered certificates; corrections
reverse or append, never edit; refusals from outside the host's side; the PDF."""

import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.models import JpYearTotal, LedgerEntry, Session
from tangguh.development.services_completion import (
    Outcome,
    completion_correct,
    score_value,
    session_complete,
)
from tests.accounts.factories import UserFactory
from tests.development.factories import EnrolmentFactory, SessionFactory
from tests.pdf_tools import pdf_qr, require_pdf_tools
from tests.permissions import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(surabaya):  # type: ignore[no-untyped-def]
    end = date.today() - timedelta(days=1)
    return SessionFactory(start_date=end - timedelta(days=2), end_date=end)


@pytest.fixture
def host(surabaya):  # type: ignore[no-untyped-def]
    return UserFactory(institution=surabaya, role=Role.OPERATOR)


def test_complete_credits_jp_and_numbers_certificates(ended, host):  # type: ignore[no-untyped-def]
    a, b, c = (EnrolmentFactory(session=ended) for _ in range(3))
    waiting = EnrolmentFactory(session=ended, status="waitlisted")
    session_complete(
        session=ended,
        outcomes=[
            Outcome(a.pk, True, Decimal("90")),
            Outcome(b.pk, True, None),
            Outcome(c.pk, False, Decimal("40")),
        ],
        actor=host,
        actual_cost="30.000.000",
    )
    ended.refresh_from_db()
    assert ended.status == "completed" and ended.actual_cost == Decimal("30000000")
    entries = LedgerEntry.objects.filter(enrolment__session=ended).order_by("enrolment_id")
    assert [(e.nip, e.jp, e.date, e.source) for e in entries] == [
        (a.nip, Decimal("24.00"), ended.end_date, "session"),
        (b.nip, Decimal("24.00"), ended.end_date, "session"),
    ]
    assert JpYearTotal.objects.get(employee=a.employee, year=ended.end_date.year).jp == 24
    for e in (a, b, c, waiting):
        e.refresh_from_db()
    year = ended.end_date.year
    assert {a.certificate_number, b.certificate_number} == {
        f"STTP-35.78-{year}-00001",
        f"STTP-35.78-{year}-00002",
    }
    assert c.result == "not_completed" and not c.certificate_number
    assert waiting.status == "cancelled" and waiting.reason
    assert AuditEntry.objects.filter(action="development.session_complete").count() == 1
    with pytest.raises(Conflict):
        session_complete(session=ended, outcomes=[], actor=host)


def test_every_participant_must_be_decided_and_not_before_the_last_day(  # type: ignore[no-untyped-def]
    surabaya, host
):
    later = SessionFactory()  # starts in a month
    e = EnrolmentFactory(session=later)
    with pytest.raises(DomainError) as exc:
        session_complete(session=later, outcomes=[Outcome(e.pk, True)], actor=host)
    assert exc.value.code == "too_early"
    end = date.today()
    today = SessionFactory(start_date=end, end_date=end)
    x, y = EnrolmentFactory(session=today), EnrolmentFactory(session=today)
    with pytest.raises(DomainError):
        session_complete(session=today, outcomes=[Outcome(x.pk, True)], actor=host)
    with pytest.raises(DomainError):
        session_complete(
            session=today, outcomes=[Outcome(x.pk, True), Outcome(y.pk, True)], actor=host,
            actual_cost="-5",
        )  # fmt: skip
    assert not LedgerEntry.objects.exists()
    assert Session.objects.get(pk=today.pk).status == "planned"


def test_only_the_host_completes(ended, sleman, jatim):  # type: ignore[no-untyped-def]
    e = EnrolmentFactory(session=ended)
    for user in (
        UserFactory(institution=sleman, role=Role.OPERATOR),
        UserFactory(institution=jatim, role=Role.INSTITUTION_ADMIN),
        UserFactory(institution=ended.organiser, role=Role.AUDITOR),
        UserFactory(institution=ended.organiser, role=Role.CIVIL_SERVANT, nip=e.nip),
    ):
        with pytest.raises(PermissionDenied):
            session_complete(session=ended, outcomes=[Outcome(e.pk, True)], actor=user)
    assert not LedgerEntry.objects.exists()
    assert Session.objects.get(pk=ended.pk).status == "planned"


def test_correction_reverses_then_appends(ended, host):  # type: ignore[no-untyped-def]
    e = EnrolmentFactory(session=ended)
    session_complete(session=ended, outcomes=[Outcome(e.pk, True, Decimal("80"))], actor=host)
    e.refresh_from_db()
    number = e.certificate_number
    with pytest.raises(DomainError):  # a reason is needed
        completion_correct(enrolment=e, completed=False, actor=host, reason="")
    completion_correct(enrolment=e, completed=False, actor=host, reason="Kehadiran kurang")
    jps = sorted(LedgerEntry.objects.filter(enrolment=e).values_list("jp", flat=True))
    assert jps == [Decimal("-24.00"), Decimal("24.00")]
    assert JpYearTotal.objects.get(employee=e.employee).jp == 0
    completion_correct(
        enrolment=e, completed=True, actor=host, reason="Bukti hadir ditemukan", score="85"
    )
    e.refresh_from_db()
    assert e.result == "completed" and e.certificate_number == number  # never renumbered
    assert JpYearTotal.objects.get(employee=e.employee).jp == 24
    assert LedgerEntry.objects.filter(enrolment=e).count() == 3
    with pytest.raises(Conflict):
        completion_correct(enrolment=e, completed=True, actor=host, reason="x", score="85")


def test_score_is_between_0_and_100():  # type: ignore[no-untyped-def]
    assert score_value("87,5") == Decimal("87.50") and score_value("") is None
    for bad in ("101", "-1", "abc", "nan"):
        with pytest.raises(DomainError):
            score_value(bad)


def pdf_text(content: bytes, folder) -> str:  # type: ignore[no-untyped-def]
    require_pdf_tools()
    path = folder / "sttp.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_certificate_pdf_for_the_person_and_refused_to_others(  # type: ignore[no-untyped-def]
    ended, host, sleman, tmp_path
):
    e = EnrolmentFactory(session=ended)
    session_complete(session=ended, outcomes=[Outcome(e.pk, True, Decimal("91"))], actor=host)
    e.refresh_from_db()
    url = reverse("development:completion_certificate", args=[e.pk])
    me = UserFactory(institution=ended.organiser, role=Role.CIVIL_SERVANT, nip=e.nip)
    response = client_for(me).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "SURATTANDATAMATPELATIHAN" in text.replace(" ", "")  # letter-spaced title
    assert e.certificate_number in text and "24 JP" in text and e.full_name in text
    assert pdf_qr(tmp_path / "sttp.pdf", tmp_path).endswith(
        reverse("development:session_participants", args=[ended.pk])
    )
    other = UserFactory(institution=ended.organiser, role=Role.CIVIL_SERVANT, nip="1" * 18)
    assert client_for(other).get(url).status_code == 404
    assert (
        client_for(UserFactory(institution=sleman, role=Role.OPERATOR)).get(url).status_code == 404
    )


def test_completion_pages_complete_then_correct(ended, host):  # type: ignore[no-untyped-def]
    e = EnrolmentFactory(session=ended)
    client = client_for(host)
    url = reverse("development:session_complete", args=[ended.pk])
    bad = client.post(url, {f"result-{e.pk}": "completed", f"score-{e.pk}": "150"})
    assert bad.status_code == 400 and not LedgerEntry.objects.exists()
    done = client.post(url, {f"result-{e.pk}": "completed", f"score-{e.pk}": "75"})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    e.refresh_from_db()
    assert e.certificate_number in page
    no_reason = client.post(url, {"correct": e.pk, "result": "not_completed", "reason": ""})
    assert no_reason.status_code == 400
    assert LedgerEntry.objects.filter(enrolment=e).count() == 1
    client.post(url, {"correct": e.pk, "result": "not_completed", "reason": "Salah input"})
    assert sorted(LedgerEntry.objects.filter(enrolment=e).values_list("jp", flat=True)) == [
        Decimal("-24.00"),
        Decimal("24.00"),
    ]
    assert AuditEntry.objects.filter(action="development.completion_correct").count() == 1
    # The certificate of a participant who no longer passed is gone.
    cert = reverse("development:completion_certificate", args=[e.pk])
    assert client.get(cert).status_code == 404
