"""Reads of results and plenary decisions: the assessor's worklist, a batch's grid,
its plenary, and a civil servant's own certification.

Staff read through ``restrict()``: an assessor the batches they are assigned to, the
organiser's side its batches, a nominating institution its own participants. A
person's own page reads their rows by the NIP on their account, whatever their role
(as "My record" does), and their unit results only once the plenary has decided.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from tangguh.core.scoping import RestrictedQuerySet, has_permission

from .models import (
    Batch,
    BatchStatus,
    Certificate,
    Outcome,
    Participation,
    ParticipationStatus,
    Recommendation,
    SchemeUnit,
    UnitResult,
)


def worklist(*, user: Any) -> RestrictedQuerySet:
    """Batches whose results ``user`` records: assigned to them as an assessor, or
    organised by their own institution (a national administrator: the national
    coordinator's), where they may change batches; newest exam first."""
    assigned = Q(batch_assessors__assessor_id=user.pk)
    organised = Q(pk__in=[])
    if has_permission(user, Batch, "change") and getattr(user, "institution_id", None):
        organised = Q(organiser_id=user.institution_id)
    return (
        Batch.objects.restrict(user, "view")
        .filter(assigned | organised)
        .exclude(status=BatchStatus.CANCELLED)
        .select_related("scheme_version", "organiser")
        .annotate(
            participants=Count(
                "participations",
                filter=~Q(participations__status=ParticipationStatus.WITHDRAWN),
                distinct=True,
            ),
            pending=Count(
                "participations",
                filter=Q(participations__outcome=Outcome.PENDING)
                & ~Q(participations__status=ParticipationStatus.WITHDRAWN),
                distinct=True,
            ),
        )
        .distinct()
        .order_by("-exam_start", "code")
    )


def worklist_in_progress(*, user: Any) -> RestrictedQuerySet:
    """The worklist's batches in progress: someone awaits the plenary, or none is in yet."""
    return worklist(user=user).filter(Q(pending__gt=0) | Q(participants=0))


def worklist_decided(*, user: Any) -> RestrictedQuerySet:
    return worklist(user=user).filter(participants__gt=0, pending=0)


def batch_get(*, user: Any, pk: int) -> Batch:
    """A batch ``user`` may read (DoesNotExist outside their scope)."""
    return (
        Batch.objects.restrict(user, "view")
        .select_related("scheme", "scheme_version__issuing_body", "organiser")
        .get(pk=pk)
    )


def participation_get(*, user: Any, batch: Batch, pk: int) -> Participation:
    return (
        Participation.objects.restrict(user, "view")
        .select_related("batch__scheme_version", "batch__organiser", "institution", "employee")
        .get(batch=batch, pk=pk)
    )


@dataclass
class GridRow:
    """One participant of a batch, their recommendations by unit, and the decision."""

    participation: Participation
    cells: list[UnitResult | None]
    assessed_by_me: bool = False
    pairs: list[tuple[SchemeUnit, UnitResult | None]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(c is not None for c in self.cells)

    @property
    def all_competent(self) -> bool:
        return all(
            c is not None and c.recommendation == Recommendation.COMPETENT for c in self.cells
        )

    @property
    def given(self) -> int:
        return sum(c is not None for c in self.cells)

    @property
    def assessors(self) -> list[str]:
        names = {str(c.assessor.display_name) for c in self.cells if c is not None}
        return sorted(names)

    @property
    def waiting_days(self) -> int | None:
        """Days since the exam, while the plenary has not decided."""
        p = self.participation
        today = timezone.localdate()
        if p.outcome != Outcome.PENDING or p.exam_date > today:
            return None
        return (today - p.exam_date).days


@dataclass
class Grid:
    batch: Batch
    units: list[SchemeUnit]
    rows: list[GridRow] = field(default_factory=list)

    @property
    def decided(self) -> list[GridRow]:
        return [r for r in self.rows if r.participation.outcome != Outcome.PENDING]

    @property
    def pending(self) -> list[GridRow]:
        return [r for r in self.rows if r.participation.outcome == Outcome.PENDING]

    @property
    def days(self) -> list[int]:
        return [
            r.participation.days_to_decision
            for r in self.decided
            if r.participation.days_to_decision is not None
        ]

    @property
    def days_median(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def days_max(self) -> int | None:
        return max(self.days) if self.days else None

    @property
    def within_30(self) -> int:
        return sum(d <= 30 for d in self.days)

    @property
    def certified(self) -> int:
        return sum(r.participation.outcome == Outcome.CERTIFIED for r in self.rows)


def results_grid(*, user: Any, batch: Batch, include_withdrawn: bool = False) -> Grid:
    """The batch's participants that ``user`` may read, by name, with a cell per unit of
    the batch's scheme version (None: no recommendation yet)."""
    units = list(
        SchemeUnit.objects.filter(version_id=batch.scheme_version_id).order_by("order", "code")
    )
    participations = (
        Participation.objects.restrict(user, "view")
        .filter(batch=batch)
        .select_related("institution", "decided_by")
        .order_by("holder_name", "nip")
    )
    if not include_withdrawn:
        participations = participations.exclude(status=ParticipationStatus.WITHDRAWN)
    people = list(participations)
    results: dict[tuple[int, int], UnitResult] = {
        (r.participation_id, r.unit_id): r
        for r in UnitResult.objects.filter(participation__in=[p.pk for p in people]).select_related(
            "assessor"
        )
    }
    grid = Grid(batch=batch, units=units)
    for p in people:
        cells = [results.get((p.pk, u.pk)) for u in units]
        mine = any(c is not None and c.assessor_id == getattr(user, "pk", None) for c in cells)
        grid.rows.append(
            GridRow(
                participation=p,
                cells=cells,
                assessed_by_me=mine,
                pairs=list(zip(units, cells, strict=True)),
            )
        )
    return grid


# --- a person's own certification ----------------------------------------------------


@dataclass
class MyParticipation:
    participation: Participation
    units: list[tuple[SchemeUnit, UnitResult | None]]  # shown once decided
    certificate: Certificate | None

    @property
    def decided(self) -> bool:
        return self.participation.outcome != Outcome.PENDING


def own_participations(*, user: Any) -> list[MyParticipation]:
    """The signed-in person's participations (by the NIP on their account), newest exam
    first, with their unit results once decided and the certificate issued on them."""
    nip = getattr(user, "nip", "") if getattr(user, "is_authenticated", False) else ""
    if not nip:
        return []
    participations = list(
        Participation.objects.filter(nip=nip)
        .exclude(status=ParticipationStatus.WITHDRAWN)
        .select_related("batch__scheme_version__issuing_body", "batch__organiser", "institution")
        .order_by("-exam_date", "-pk")
    )
    decided = [p.pk for p in participations if p.outcome != Outcome.PENDING]
    results = {
        (r.participation_id, r.unit_id): r
        for r in UnitResult.objects.filter(participation_id__in=decided)
    }
    versions = {p.batch.scheme_version_id for p in participations}
    units_by_version: dict[int, list[SchemeUnit]] = {}
    for unit in SchemeUnit.objects.filter(version_id__in=versions).order_by("order", "code"):
        units_by_version.setdefault(unit.version_id, []).append(unit)
    certificates = {
        c.participation_id: c for c in Certificate.objects.filter(participation_id__in=decided)
    }
    shown = []
    for p in participations:
        units = units_by_version.get(p.batch.scheme_version_id, [])
        cells = [(u, results.get((p.pk, u.pk))) for u in units] if p.pk in decided else []
        shown.append(MyParticipation(p, cells, certificates.get(p.pk)))
    return shown


def own_certificates(*, user: Any) -> list[Certificate]:
    """The signed-in person's certificates (by NIP), newest first."""
    nip = getattr(user, "nip", "") if getattr(user, "is_authenticated", False) else ""
    if not nip:
        return []
    return list(
        Certificate.objects.filter(nip=nip)
        .select_related("scheme_version", "issuing_body", "renewed_from")
        .order_by("-issued_on", "-pk")
    )


def certificate_status_on(certificate: Certificate, day: date | None = None) -> str:
    return certificate.status_on(day or timezone.localdate())
