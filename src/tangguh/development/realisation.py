"""What a budget has been spent on (realisation), from the records, piece by piece.

The rule (docs/development.md, "Realisation"), for institution X and fiscal year Y:

1. Every session with ``status=completed`` whose last day falls in Y. Its cost is
   ``actual_cost``, or else the programme's ``cost_per_participant`` times the
   participants enrolled in it (status ``enrolled``, whatever their result). When the
   programme's guests pay (``guests_pay``), each enrolled guest costs its sending
   institution ``cost_per_participant``; the hosts' part is the session's cost less
   those guest fees (never below zero), split between the co-hosts by their
   ``cost_share`` (percent) with the organiser bearing the rest.
2. Every approved activity whose last day falls in Y: its ``cost``, to the activity's
   institution.

Amounts are whole Rupiah: a co-host's share is rounded half up and the organiser's
part is what remains, so the pieces of a session add up to its cost exactly. Every
piece names its source (a session or an activity) so a page can link to it.

The figures for many institutions come from a handful of set-based queries whatever
their number (a national list reads each completed session of the year once).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q

from .models import (
    Activity,
    ActivityStatus,
    Enrolment,
    EnrolmentStatus,
    ProgrammeHost,
    Session,
    SessionStatus,
)

ZERO = Decimal(0)


class PieceKind:
    ORGANISER = "organiser"  # the organiser's part of a session it ran
    CO_HOST = "co_host"  # a co-host's share of a joint session
    GUEST_FEES = "guest_fees"  # seats of X's people as guests elsewhere
    ACTIVITY = "activity"  # an approved activity's cost


@dataclass(frozen=True)
class Piece:
    """One amount that makes up an institution's realisation, and where it comes from."""

    institution_id: int
    kind: str
    amount: Decimal
    session_id: int | None = None
    activity_id: int | None = None
    label: str = ""  # the programme's title / the activity's title
    end_date: object = None
    participants: int = 0  # enrolled (a session), or X's guests (guest fees)
    share: Decimal | None = None  # a co-host's percent, or the organiser's remainder
    session_cost: Decimal | None = None


@dataclass
class Realisation:
    """An institution's realisation in a year: the total and its pieces."""

    institution_id: int
    year: int
    pieces: list[Piece] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.pieces), ZERO)

    def by_kind(self) -> dict[str, Decimal]:
        sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for piece in self.pieces:
            sums[piece.kind] += piece.amount
        return dict(sums)

    @property
    def sessions_total(self) -> Decimal:
        return sum((p.amount for p in self.pieces if p.session_id is not None), ZERO)

    @property
    def activities_total(self) -> Decimal:
        return sum((p.amount for p in self.pieces if p.activity_id is not None), ZERO)


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def session_pieces(year: int, institution_ids: frozenset[int] | None = None) -> list[Piece]:
    """The pieces of every completed session of ``year`` that concern ``institution_ids``
    (None: every institution), per the rule above."""
    sessions = Session.objects.filter(status=SessionStatus.COMPLETED, end_date__year=year)
    if institution_ids is not None:
        ids = list(institution_ids)
        concerned = (
            Q(organiser_id__in=ids)
            | Q(programme__hosts__institution_id__in=ids)
            | Q(
                enrolments__institution_id__in=ids,
                enrolments__is_guest=True,
                enrolments__status=EnrolmentStatus.ENROLLED,
            )
        )
        sessions = sessions.filter(pk__in=Session.objects.filter(concerned).values("pk"))
    enrolled = Q(enrolments__status=EnrolmentStatus.ENROLLED)
    rows = list(
        sessions.annotate(
            enrolled=Count("enrolments", filter=enrolled),
        )
        .order_by("end_date", "pk")
        .values(
            "pk",
            "organiser_id",
            "programme_id",
            "programme__title",
            "programme__cost_per_participant",
            "programme__guests_pay",
            "actual_cost",
            "end_date",
            "number",
            "enrolled",
        )
    )
    if not rows:
        return []
    session_ids = [row["pk"] for row in rows]
    guests: dict[int, dict[int, int]] = defaultdict(dict)
    for session_id, institution_id, count in (
        Enrolment.objects.filter(
            session_id__in=session_ids, status=EnrolmentStatus.ENROLLED, is_guest=True
        )
        .values_list("session_id", "institution_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        guests[session_id][institution_id] = count
    hosts: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for programme_id, institution_id, share in (
        ProgrammeHost.objects.filter(programme_id__in={row["programme_id"] for row in rows})
        .order_by("programme_id", "institution_id")
        .values_list("programme_id", "institution_id", "cost_share")
    ):
        hosts[programme_id].append((institution_id, share))

    pieces: list[Piece] = []
    for row in rows:
        pieces.extend(
            _pieces_of(row, guests.get(row["pk"], {}), hosts.get(row["programme_id"], []))
        )
    if institution_ids is None:
        return pieces
    return [piece for piece in pieces if piece.institution_id in institution_ids]


def _pieces_of(
    row: Mapping[str, Any], guests: dict[int, int], hosts: list[tuple[int, Decimal]]
) -> list[Piece]:
    """One session's pieces: guest fees per sending institution, co-hosts, organiser."""
    per_seat = row["programme__cost_per_participant"] or ZERO
    cost = row["actual_cost"] if row["actual_cost"] is not None else per_seat * row["enrolled"]
    common = {
        "session_id": row["pk"],
        "label": f"{row['programme__title']} · {row['number']}",
        "end_date": row["end_date"],
        "session_cost": cost,
    }
    pieces: list[Piece] = []
    fees = ZERO
    if row["programme__guests_pay"]:
        for institution_id, count in sorted(guests.items()):
            amount = per_seat * count
            fees += amount
            pieces.append(
                Piece(institution_id, PieceKind.GUEST_FEES, amount, participants=count, **common)
            )
    hosts_part = max(cost - fees, ZERO)
    shared = ZERO
    for institution_id, share in hosts:
        amount = _whole(hosts_part * share / 100)
        shared += amount
        pieces.append(
            Piece(
                institution_id,
                PieceKind.CO_HOST,
                amount,
                participants=row["enrolled"],
                share=share,
                **common,
            )
        )
    remainder = 100 - sum((share for _, share in hosts), ZERO)
    pieces.append(
        Piece(
            row["organiser_id"],
            PieceKind.ORGANISER,
            hosts_part - shared,
            participants=row["enrolled"],
            share=remainder,
            **common,
        )
    )
    return pieces


def activity_pieces(year: int, institution_ids: frozenset[int] | None = None) -> list[Piece]:
    """Approved activities of ``year`` with a cost, one piece each."""
    activities = Activity.objects.filter(
        status=ActivityStatus.APPROVED, end_date__year=year, cost__gt=0
    )
    if institution_ids is not None:
        activities = activities.filter(institution_id__in=list(institution_ids))
    return [
        Piece(
            institution_id,
            PieceKind.ACTIVITY,
            cost,
            activity_id=pk,
            label=title,  # not the person's name: the budget pages are not a register read
            end_date=end_date,
        )
        for pk, institution_id, cost, title, end_date in activities.order_by(
            "end_date", "pk"
        ).values_list("pk", "institution_id", "cost", "title", "end_date")
    ]


def realisations(year: int, institution_ids: Iterable[int] | None = None) -> dict[int, Realisation]:
    """Every institution's realisation in ``year`` (None: all; absent means nothing spent)."""
    ids = None if institution_ids is None else frozenset(institution_ids)
    result: dict[int, Realisation] = {}
    for piece in session_pieces(year, ids) + activity_pieces(year, ids):
        if not piece.amount:  # nothing spent: a free seat, a session at no cost
            continue
        result.setdefault(
            piece.institution_id, Realisation(piece.institution_id, year)
        ).pieces.append(piece)
    return result


def realisation(institution_id: int, year: int) -> Realisation:
    """One institution's realisation in ``year``, with its pieces (possibly none)."""
    return realisations(year, [institution_id]).get(
        institution_id, Realisation(institution_id, year)
    )
