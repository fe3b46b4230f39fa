"""Reads of the catalogue: programmes, their co-hosts and quotas, sessions, facilitators.

Every read starts from the model's restricted queryset. The catalogue is readable by
every signed-in role, but a draft programme (and its sessions) is seen only by those
who may change the organiser's programmes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from .access import QUOTA_STATUSES, with_seats
from .models import (
    Access,
    Enrolment,
    Facilitator,
    Programme,
    ProgrammeHost,
    ProgrammeQuota,
    ProgrammeStatus,
    Session,
)


def _visible_programmes_q(user: Any, prefix: str = "") -> Q:
    """Published and closed programmes for everyone; drafts for the organiser's writers."""
    writable = Programme.objects.restrict(user, "change").values("pk")
    return ~Q(**{f"{prefix}status": ProgrammeStatus.DRAFT}) | Q(**{f"{prefix}pk__in": writable})


def programme_list(*, user: Any) -> QuerySet[Programme]:
    """Programmes the user may read (drafts only the organiser's side)."""
    return (
        Programme.objects.restrict(user, "view")
        .filter(_visible_programmes_q(user))
        .select_related("organiser", "form")
    )


def my_programmes(*, user: Any) -> QuerySet[Programme]:
    """The programmes of the user's institution (organised or co-hosted), drafts included."""
    institution_id = getattr(user, "institution_id", None)
    if not institution_id:
        return Programme.objects.none()
    return (
        programme_list(user=user)
        .filter(Q(organiser_id=institution_id) | Q(hosts__institution_id=institution_id))
        .distinct()
    )


def programme_get(*, user: Any, pk: int) -> Programme:
    """One programme the user may read; ``Programme.DoesNotExist`` otherwise."""
    return programme_list(user=user).get(pk=pk)


def programme_hosts(*, user: Any, programme: Programme) -> QuerySet[ProgrammeHost]:
    return (
        ProgrammeHost.objects.restrict(user, "view")
        .filter(programme=programme)
        .select_related("institution")
        .order_by("institution__name")
    )


def programme_quotas(*, user: Any, programme: Programme) -> QuerySet[ProgrammeQuota]:
    return (
        ProgrammeQuota.objects.restrict(user, "view")
        .filter(programme=programme)
        .select_related("institution")
        .order_by("institution__name")
    )


def session_list(*, user: Any) -> QuerySet[Session]:
    """Sessions the user may read (of programmes they may read), with seat counts."""
    qs = (
        Session.objects.restrict(user, "view")
        .filter(programme__in=programme_list(user=user).values("pk"))
        .select_related("programme", "programme__form", "organiser")
    )
    return with_seats(qs)


def programme_sessions(*, user: Any, programme: Programme) -> QuerySet[Session]:
    return session_list(user=user).filter(programme=programme).order_by("number")


def session_get(*, user: Any, pk: int) -> Session:
    """One session the user may read, with seat counts; ``Session.DoesNotExist`` otherwise."""
    return session_list(user=user).get(pk=pk)


def session_facilitators(*, user: Any, session: Session) -> QuerySet[Facilitator]:
    return (
        Facilitator.objects.restrict(user, "view")
        .filter(session=session)
        .select_related("employee")
        .order_by("order", "name")
    )


def catalogue_sessions(*, user: Any) -> QuerySet[Session]:
    """The catalogue: sessions of published and closed programmes (never drafts), soonest first."""
    return (
        session_list(user=user)
        .exclude(programme__status=ProgrammeStatus.DRAFT)
        .order_by("start_date", "programme__title", "number")
    )


@dataclass(frozen=True)
class ViewerSeats:
    """What one session offers the viewer's institution."""

    may_join: bool
    is_host: bool
    quota: int | None  # seats per session for a guest with a quota; None: no quota applies
    used: int

    @property
    def left(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.used, 0)


def viewer_seats(sessions: list[Session], institution_id: int | None) -> dict[int, ViewerSeats]:
    """For each session: may the viewer's institution join, and its quota left (3 queries)."""
    if not sessions:
        return {}
    programme_ids = {s.programme_id for s in sessions}
    hosted: set[int] = set()
    quotas: dict[int, int] = {}
    used: dict[int, int] = {}
    if institution_id:
        hosted = set(
            ProgrammeHost.objects.filter(
                programme_id__in=programme_ids, institution_id=institution_id
            ).values_list("programme_id", flat=True)
        )
        quotas = dict(
            ProgrammeQuota.objects.filter(
                programme_id__in=programme_ids, institution_id=institution_id
            ).values_list("programme_id", "seats")
        )
        used = dict(
            Enrolment.objects.filter(
                session_id__in=[s.pk for s in sessions],
                institution_id=institution_id,
                status__in=QUOTA_STATUSES,
            )
            .values("session_id")
            .annotate(n=Count("id"))
            .values_list("session_id", "n")
        )
    out: dict[int, ViewerSeats] = {}
    for s in sessions:
        programme = s.programme
        is_host = bool(institution_id) and (
            programme.organiser_id == institution_id or programme.pk in hosted
        )
        quota: int | None = None
        if is_host or programme.access == Access.EVERYONE:
            may_join = bool(institution_id) or programme.access == Access.EVERYONE
        elif programme.access == Access.LISTED and programme.pk in quotas:
            quota = quotas[programme.pk]
            may_join = True
        else:
            may_join = False
        out[s.pk] = ViewerSeats(may_join, is_host, quota, used.get(s.pk, 0))
    return out


@dataclass(frozen=True)
class QuotaUse:
    institution: Any
    seats: int
    used: int

    @property
    def left(self) -> int:
        return max(self.seats - self.used, 0)


def session_quota_use(*, user: Any, session: Session) -> list[QuotaUse]:
    """Each invited institution's quota and the seats it holds or waits for in the session."""
    quotas = list(programme_quotas(user=user, programme=session.programme))
    used = dict(
        Enrolment.objects.filter(
            session=session,
            institution_id__in=[q.institution_id for q in quotas],
            status__in=QUOTA_STATUSES,
        )
        .values("institution_id")
        .annotate(n=Count("id"))
        .values_list("institution_id", "n")
    )
    return [QuotaUse(q.institution, q.seats, used.get(q.institution_id, 0)) for q in quotas]
