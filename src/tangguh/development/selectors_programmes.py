"""Reads of the catalogue: programmes, their co-hosts and quotas, sessions, facilitators.

Every read starts from the model's restricted queryset. The catalogue is readable by
every signed-in role, but a draft programme (and its sessions) is seen only by those
who may change the organiser's programmes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .access import with_seats
from .models import (
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
