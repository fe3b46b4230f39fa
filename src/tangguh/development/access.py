"""Who may join a programme's sessions, who is a guest, and how many seats are left.

The rules every part reads (catalogue, enrolment, reports): one place, no copies.

- The organiser and the co-hosts are the *hosts*; their civil servants are never guests.
- ``own``: only the hosts' people. ``listed``: the hosts' people and those of the
  institutions with a quota (at most ``seats`` of them per session). ``everyone``: any
  institution, without quota; a guest still needs the host's approval.
- Capacity counts enrolled participants. A guest institution's quota counts its
  enrolments that hold or wait for a seat once its institution has sent them
  (awaiting the host, waitlisted, enrolled).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Access, Enrolment, EnrolmentStatus, Programme, Session

QUOTA_STATUSES = (
    EnrolmentStatus.AWAITING_HOST,
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.ENROLLED,
)


def host_ids(programme: Programme) -> set[int]:
    """The organiser and the co-hosts."""
    return {programme.organiser_id, *programme.hosts.values_list("institution_id", flat=True)}


def is_guest(programme: Programme, institution_id: int) -> bool:
    return institution_id not in host_ids(programme)


def quota_for(programme: Programme, institution_id: int) -> int | None:
    """Seats per session for a guest institution; None: no quota applies (a host, or
    a programme open to everyone); 0: the institution may not join."""
    if not is_guest(programme, institution_id):
        return None
    if programme.access == Access.EVERYONE:
        return None
    if programme.access == Access.OWN:
        return 0
    seats = programme.quotas.filter(institution_id=institution_id).values_list("seats", flat=True)
    return int(seats[0]) if seats else 0


def may_join(programme: Programme, institution_id: int) -> bool:
    quota = quota_for(programme, institution_id)
    return quota is None or quota > 0


def quota_used(session: Session, institution_id: int, *, exclude: int | None = None) -> int:
    qs = Enrolment.objects.filter(
        session=session, institution_id=institution_id, status__in=QUOTA_STATUSES
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.count()


@dataclass(frozen=True)
class Seats:
    capacity: int
    enrolled: int
    waitlisted: int

    @property
    def open(self) -> int:
        return max(self.capacity - self.enrolled, 0)


def seats(session: Session) -> Seats:
    counts = Enrolment.objects.filter(session=session).aggregate(
        enrolled=Count("id", filter=Q(status=EnrolmentStatus.ENROLLED)),
        waitlisted=Count("id", filter=Q(status=EnrolmentStatus.WAITLISTED)),
    )
    return Seats(session.capacity, counts["enrolled"], counts["waitlisted"])


def with_seats(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Annotate ``enrolled`` and ``waitlisted`` on a list of sessions (one query)."""
    return sessions.annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
        waitlisted=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)),
    )
