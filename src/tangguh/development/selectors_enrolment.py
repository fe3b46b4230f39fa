"""Reads of enrolment: a session's participants, the approvals inboxes, a civil
servant's own enrolments, the people an operator may nominate, the attendance grid.

Every read starts from ``Enrolment.objects.restrict(user, …)``: the host reads every
participant of its sessions, a sending institution its own people, a civil servant
their own enrolments (the tuple scope of the model).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db.models import Q, QuerySet

from tangguh.core.scoping import institution_ids_in_scope, may
from tangguh.people.models import Employee, EmploymentStatus

from .models import (
    ACTIVE_ENROLMENT,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    LedgerEntry,
    LedgerSource,
    Session,
)
from .services_attendance import session_days

CANDIDATES_SHOWN = 50


def is_host_side(user: Any, session: Session) -> bool:
    """The user acts for the session's host (approves guests, attendance, completion)."""
    return may(user, Enrolment, "change", session.organiser_id)


def session_participants(*, user: Any, session: Session) -> QuerySet[Enrolment]:
    """The enrolments of ``session`` the user reads: the host all, a guest institution its
    own people, a civil servant their own."""
    qs = (
        Enrolment.objects.restrict(user, "view")
        .filter(session=session)
        .select_related("institution", "employee__position")
        .order_by("status", "full_name", "nip")
    )
    return cast("QuerySet[Enrolment]", qs)


def enrolment_get(*, user: Any, pk: int, action: str = "view") -> Enrolment:
    """One enrolment in the user's scope for ``action`` (DoesNotExist otherwise)."""
    return (
        Enrolment.objects.restrict(user, action)
        .select_related("session__programme__form", "session__organiser", "institution", "host")
        .get(pk=pk)
    )


@dataclass
class Inbox:
    """What waits for the user's decision."""

    applications: list[Enrolment]  # their institution's people who applied
    guests: list[Enrolment]  # other institutions' people in their sessions

    @property
    def count(self) -> int:
        return len(self.applications) + len(self.guests)


def approvals(*, user: Any) -> Inbox:
    """The approvals inbox: applications for the sending side, guests for the host."""
    ids = institution_ids_in_scope(user, Enrolment, "change")
    base = (
        Enrolment.objects.restrict(user, "change")
        .select_related("session__programme", "session__organiser", "institution")
        .order_by("created_at", "id")
    )
    applications = base.filter(status=EnrolmentStatus.AWAITING_INSTITUTION)
    guests = base.filter(status=EnrolmentStatus.AWAITING_HOST)
    if ids is not None:
        applications = applications.filter(institution_id__in=ids)
        guests = guests.filter(host_id__in=ids)
    return Inbox(list(applications[:500]), list(guests[:500]))


def my_enrolments(*, user: Any) -> QuerySet[Enrolment]:
    """The civil servant's own enrolments, latest sessions first."""
    nip = getattr(user, "nip", "") or ""
    if not nip:
        return Enrolment.objects.none()
    qs = (
        Enrolment.objects.restrict(user, "view")
        .filter(nip=nip)
        .select_related("session__programme__form", "session__organiser", "institution")
        .order_by("-session__start_date", "-id")
    )
    return cast("QuerySet[Enrolment]", qs)


def nomination_candidates(*, user: Any, session: Session, query: str = "") -> QuerySet[Employee]:
    """Active civil servants ``user`` may nominate (their institution's), not already in
    the session, by the start of a NIP or part of a name."""
    ids = institution_ids_in_scope(user, Enrolment, "add")
    people = Employee.objects.restrict(user, "view").filter(status=EmploymentStatus.ACTIVE)
    if ids is not None:
        people = people.filter(institution_id__in=ids)
    taken = Enrolment.objects.filter(session=session, status__in=ACTIVE_ENROLMENT).values(
        "employee_id"
    )
    people = people.exclude(pk__in=taken)
    text = " ".join((query or "").split())[:100]
    digits = text.replace(" ", "")
    if digits.isascii() and digits.isdigit():
        people = people.filter(nip__startswith=digits[:18])
    elif text:
        people = people.filter(Q(full_name__icontains=text) | Q(position__name__icontains=text))
    return people.select_related("position", "institution").order_by("full_name", "nip")


@dataclass
class GridRow:
    enrolment: Enrolment
    cells: list[tuple[date, str]]  # (day, mark or "")


def attendance_grid(*, session: Session) -> tuple[list[date], list[GridRow]]:
    """The enrolled participants × the session's days, with what is recorded."""
    days = session_days(session)
    people = list(
        Enrolment.objects.filter(session=session, status=EnrolmentStatus.ENROLLED).order_by(
            "full_name", "nip"
        )
    )
    marks = {
        (a.enrolment_id, a.day): a.mark
        for a in Attendance.objects.filter(enrolment__session=session)
    }
    rows = [GridRow(e, [(d, marks.get((e.pk, d), "")) for d in days]) for e in people]
    return days, rows


def credited_entries(enrolment_ids: list[int]) -> dict[int, LedgerEntry]:
    """The session credit of each enrolment that still stands (not reversed)."""
    entries = LedgerEntry.objects.filter(
        enrolment_id__in=enrolment_ids, source=LedgerSource.SESSION, reversed_by__isnull=True
    )
    return {int(e.enrolment_id): e for e in entries if e.enrolment_id is not None}
