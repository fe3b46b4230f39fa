"""The development demo: believable, within the domain's rules, and idempotent.

One ``tangguh demo`` per test (institutions, users, the register, certification, then
development).
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Sum
from django.utils import translation

from tangguh.core.models import AuditEntry
from tangguh.development import access
from tangguh.development.demo import load_demo
from tangguh.development.demo_data import PROGRAMMES, PROVINCE_BUDGETS
from tangguh.development.ledger import institution_on
from tangguh.development.models import (
    Activity,
    ActivityStatus,
    Attendance,
    Budget,
    BudgetRevision,
    CompletionResult,
    CompletionSequence,
    Enrolment,
    EnrolmentStatus,
    JpYearTotal,
    LedgerEntry,
    LedgerSource,
    Programme,
    RevisionKind,
    RevisionStatus,
    Session,
    SessionStatus,
)
from tangguh.institutions.models import Institution, InstitutionKind
from tangguh.people.demo import DEMO_EMPLOYEE_NIP
from tangguh.people.models import Employee

pytestmark = pytest.mark.django_db

MODELS = (
    Programme,
    Session,
    Enrolment,
    Attendance,
    Activity,
    LedgerEntry,
    JpYearTotal,
    Budget,
    BudgetRevision,
    CompletionSequence,
    AuditEntry,
)
NUMBER = re.compile(r"^STTP-(?P<org>[0-9A-Z.]+)-(?P<year>\d{4})-(?P<n>\d{5})$")


@pytest.fixture
def demo() -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_a_second_run_writes_nothing(demo: str) -> None:
    line = next(s for s in demo.splitlines() if s.startswith("Development:"))
    assert f"{len(PROGRAMMES)} programmes" in line
    before = _counts()
    assert before["LedgerEntry"] > 1000 and before["BudgetRevision"] > 6 * 38
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert _counts() == before
    again = next(s for s in out.getvalue().splitlines() if s.startswith("Development:"))
    assert again.startswith(
        "Development: 0 programmes with 0 sessions, 0 enrolments, 0 recorded activities, "
        "0 ledger entries, 0 budgets loaded"
    )


def test_the_ledger_is_what_the_writer_would_have_kept(demo: str) -> None:
    # The totals are the ledger's sums, per person and year.
    sums = {
        (e, y): jp
        for e, y, jp in LedgerEntry.objects.values_list("employee_id", "year")
        .annotate(jp=Sum("jp"))
        .values_list("employee_id", "year", "jp")
        .order_by()
    }
    totals = dict(
        ((e, y), jp) for e, y, jp in JpYearTotal.objects.values_list("employee", "year", "jp")
    )
    assert totals == sums
    # Each completion credits the programme's JP on the session's last day, once.
    completed = Enrolment.objects.filter(result=CompletionResult.COMPLETED)
    entries = LedgerEntry.objects.filter(source=LedgerSource.SESSION).select_related(
        "enrolment__session", "enrolment__programme"
    )
    assert entries.count() == completed.count()
    for entry in entries[:300]:
        assert entry.enrolment is not None
        assert entry.jp == entry.enrolment.programme.jp
        assert entry.date == entry.enrolment.session.end_date
        assert entry.form_id == entry.enrolment.programme.form_id
    # Each approved activity credits what its rule allowed, once; no other does.
    approved = Activity.objects.filter(status=ActivityStatus.APPROVED)
    by_activity = dict(
        LedgerEntry.objects.filter(source=LedgerSource.ACTIVITY).values_list("activity", "jp")
    )
    assert by_activity == {a.pk: a.jp_credited for a in approved}
    assert all(a.rule_id and a.rule_note for a in approved)
    # The entry's institution is the person's on that day (history-aware).
    people = {e.pk: e for e in Employee.objects.filter(jp_entries__isnull=False).distinct()}
    for entry in LedgerEntry.objects.order_by("id")[::25]:
        assert entry.institution_id == institution_on(people[entry.employee_id], entry.date)


def test_sessions_enrolments_and_certificates_keep_the_rules(demo: str) -> None:
    today = date.today()
    for session in Session.objects.select_related("programme"):
        enrolled = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        assert enrolled <= session.capacity, session
        if session.status == SessionStatus.COMPLETED:
            assert session.end_date < today
            assert (
                not session.enrolments.filter(result=CompletionResult.PENDING)
                .filter(status=EnrolmentStatus.ENROLLED)
                .exists()
            )
        else:
            assert session.start_date > today
            assert not session.enrolments.exclude(result=CompletionResult.PENDING).exists()
        # Guests come from institutions the programme admits, within their quota.
        guests = Counter(
            session.enrolments.filter(is_guest=True, status__in=access.QUOTA_STATUSES).values_list(
                "institution_id", flat=True
            )
        )
        for institution_id, n in guests.items():
            quota = access.quota_for(session.programme, institution_id)
            assert quota is None or n <= quota, (session, institution_id)
            assert access.may_join(session.programme, institution_id)
        # Attendance only on the session's days.
        days = Attendance.objects.filter(enrolment__session=session).aggregate(
            first=Max("day"), n=Count("id")
        )
        if days["n"]:
            assert session.start_date <= days["first"] <= session.end_date
    assert Enrolment.objects.filter(is_guest=True, status=EnrolmentStatus.ENROLLED).count() > 50
    # Certificate numbers: unique, in sequence per organiser and year, never past the
    # sequence's last.
    numbers = list(
        Enrolment.objects.exclude(certificate_number="").values_list(
            "certificate_number", flat=True
        )
    )
    assert len(numbers) == len(set(numbers)) > 1000
    highest: dict[tuple[str, int], int] = defaultdict(int)
    for number in numbers:
        m = NUMBER.match(number)
        assert m, number
        key = (m["org"], int(m["year"]))
        highest[key] = max(highest[key], int(m["n"]))
    sequences = {
        (s.organiser.code, s.year): s.last
        for s in CompletionSequence.objects.select_related("organiser")
    }
    assert sequences == highest
    assert sum(highest.values()) == len(numbers)  # 1..N with no gap


def test_the_demo_users_have_something_to_do(demo: str) -> None:
    year = date.today().year
    mine = JpYearTotal.objects.get(employee__nip=DEMO_EMPLOYEE_NIP, year=year).jp
    assert 0 < mine < 20  # the progress bar means something
    assert JpYearTotal.objects.filter(employee__nip=DEMO_EMPLOYEE_NIP).count() >= 5
    surabaya = Institution.objects.get(code="35.78")
    pending = Activity.objects.filter(institution=surabaya, status=ActivityStatus.SUBMITTED)
    assert pending.count() == 2
    assert pending.filter(nip=DEMO_EMPLOYEE_NIP).exists()
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert {
        EnrolmentStatus.AWAITING_HOST,
        EnrolmentStatus.AWAITING_INSTITUTION,
        EnrolmentStatus.WAITLISTED,
    } <= statuses
    waiting = Enrolment.objects.get(status=EnrolmentStatus.AWAITING_HOST)
    assert waiting.host.code == "35" and waiting.institution == surabaya
    full = Enrolment.objects.filter(status=EnrolmentStatus.WAITLISTED).first()
    assert full is not None
    assert access.seats(full.session).open == 0
    application = Enrolment.objects.get(status=EnrolmentStatus.AWAITING_INSTITUTION)
    assert application.nip == DEMO_EMPLOYEE_NIP
    assert Enrolment.objects.filter(
        nip=DEMO_EMPLOYEE_NIP, status=EnrolmentStatus.ENROLLED, session__start_date__gt=date.today()
    ).exists()
    # A joint programme with cost shares, one listed with quotas, one open to everyone.
    assert Programme.objects.filter(hosts__isnull=False).distinct().count() >= 1
    assert Programme.objects.filter(access="listed", quotas__isnull=False).exists()
    assert Programme.objects.filter(access="everyone").exists()


def test_budgets_rank_every_province_believably(demo: str) -> None:
    provinces = Institution.objects.filter(kind=InstitutionKind.PROVINSI)
    assert provinces.count() == len(PROVINCE_BUDGETS) == 38
    for year in range(2020, 2026):
        approved = BudgetRevision.objects.filter(
            fiscal_year=year, status=RevisionStatus.APPROVED, institution__in=provinces
        )
        assert approved.values("institution").distinct().count() == 38, year
    for revision in BudgetRevision.objects.select_related("institution"):
        assert revision.development_allocation <= revision.total_budget
        share = revision.development_allocation / revision.total_budget
        assert Decimal("0.0008") <= share <= Decimal("0.006"), revision
        if revision.status == RevisionStatus.APPROVED:
            assert revision.decided_by_id is not None
            assert revision.decided_by_id != revision.entered_by_id
        if revision.institution.kind == InstitutionKind.PROVINSI:
            assert revision.total_budget >= 1_000_000_000_000  # trillions
    # Larger provinces larger: Jakarta above Jawa Timur above Gorontalo, in 2022.
    total = dict(
        BudgetRevision.objects.filter(fiscal_year=2022, number=1).values_list(
            "institution__code", "total_budget"
        )
    )
    assert total["31"] > total["35"] > total["75"]
    # Some years amended (APBD-P); Jawa Timur's amendment this year awaits approval by
    # an administrator other than the operator who entered it.
    assert BudgetRevision.objects.filter(kind=RevisionKind.AMENDED).count() > 50
    pending = BudgetRevision.objects.get(status=RevisionStatus.SUBMITTED)
    assert pending.institution.code == "35"
    assert pending.fiscal_year == date.today().year
    assert pending.entered_by is not None
    assert pending.entered_by.username == "operator.jatim"


def test_a_run_on_another_day_adds_nothing_and_dates_from_today(demo: str) -> None:
    before = _counts()
    later = date(date.today().year + 1, 3, 1)
    counts = load_demo(seed=2026, out=lambda _: None, today=later)
    # The catalogue and activities are keyed: nothing new; only next year's budgets.
    assert counts.get("programmes", 0) == 0 and counts.get("activities", 0) == 0
    after = _counts()
    assert after["Budget"] - before["Budget"] == counts["budgets"] > 38
    assert after["LedgerEntry"] == before["LedgerEntry"]
