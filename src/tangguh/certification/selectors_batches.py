"""Reads of exam batches, their assessors and participants, always through ``restrict()``."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from tangguh.core.scoping import institution_ids_in_scope
from tangguh.people.models import Employee, EmploymentStatus

from .models import Batch, BatchAssessor, Participation, ParticipationStatus

CANDIDATES_SHOWN = 25


def batch_list(*, user: Any) -> QuerySet[Batch]:
    """The batches ``user`` reads, with their participants counted (withdrawn left out)."""
    active = Q(participations__status=ParticipationStatus.NOMINATED)
    batches = (
        Batch.objects.restrict(user, "view")
        .select_related("scheme", "scheme_version", "organiser")
        .annotate(participant_count=Count("participations", filter=active, distinct=True))
        .order_by("-exam_start", "code")
    )
    return cast("QuerySet[Batch]", batches)


def batch_get(*, user: Any, pk: int) -> Batch:
    """One batch (DoesNotExist outside the user's sight)."""
    return (
        Batch.objects.restrict(user, "view")
        .select_related("scheme", "scheme_version__issuing_body", "organiser", "created_by")
        .get(pk=pk)
    )


def batch_assessors(*, user: Any, batch: Batch) -> list[BatchAssessor]:
    return list(
        BatchAssessor.objects.restrict(user, "view")
        .filter(batch=batch)
        .select_related("assessor__institution", "licence")
        .order_by("assessor__first_name", "assessor__last_name")
    )


def batch_participants(*, user: Any, batch: Batch) -> QuerySet[Participation]:
    """The participants of ``batch`` that ``user`` reads: the organiser all, a nominating
    institution its own (and its tree's), an assessor those of the batches they assess."""
    return (
        Participation.objects.restrict(user, "view")
        .filter(batch=batch)
        .select_related("institution", "employee__position")
        .order_by("status", "holder_name", "nip")
    )


def nominating_institution_ids(user: Any) -> frozenset[int] | None:
    """The institutions whose people ``user`` may nominate; None: every institution."""
    return institution_ids_in_scope(user, Participation, "add")


def nomination_candidates(
    *, user: Any, query: str = "", institution: Any = None, version: Any = None
) -> QuerySet[Employee]:
    """Active civil servants ``user`` may nominate (their own institution's), by the start of
    a NIP, or part of a name or of a position's name ("camat")."""
    ids = nominating_institution_ids(user)
    people = Employee.objects.restrict(user, "view").filter(status=EmploymentStatus.ACTIVE)
    if ids is not None:
        people = people.filter(institution_id__in=ids)
    if institution is not None:
        people = people.filter(institution=institution)
    text = " ".join((query or "").split())[:100]
    digits = text.replace(" ", "")
    if digits.isascii() and digits.isdigit():
        people = people.filter(nip__startswith=digits[:18])
    elif text:
        people = people.filter(Q(full_name__icontains=text) | Q(position__name__icontains=text))
    people = people.select_related("position", "institution")
    if version is None:
        return people.order_by("full_name", "nip")
    # Those whose position the scheme is for come first (the check then says exactly).
    targets = Q(position_kind__in=version.target_position_kinds or [])
    for name in version.target_positions or []:
        targets |= Q(position__name__istartswith=name)
    first = Case(When(targets, then=Value(0)), default=Value(1), output_field=IntegerField())
    ordered = people.annotate(target_first=first).order_by("target_first", "full_name", "nip")
    return cast("QuerySet[Employee]", ordered)
