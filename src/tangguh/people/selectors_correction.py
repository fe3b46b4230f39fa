"""Reads of correction requests: the staff's queue and one request."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import CorrectionRequest, CorrectionStatus

QUEUE_STATUSES = ("open", "done", "rejected", "all")


def correction_queue(*, user: Any, status: str = "open") -> QuerySet[CorrectionRequest]:
    """The requests ``user`` may decide (their change scope), oldest open first."""
    qs = CorrectionRequest.objects.restrict(user, "change").select_related(
        "employee", "institution", "decided_by"
    )
    if status in CorrectionStatus.values:
        qs = qs.filter(status=status)
    if status == CorrectionStatus.OPEN:
        return qs.order_by("requested_at", "id")
    return qs.order_by("-requested_at", "-id")


def correction_get(*, user: Any, pk: int) -> CorrectionRequest:
    """One request the user may see (their view scope), or their own; ``DoesNotExist`` else."""
    scoped = CorrectionRequest.objects.restrict(user, "view").filter(pk=pk)
    own = CorrectionRequest.scope_self_q(user)
    condition = Q(pk__in=scoped.values("pk"))
    if own is not None:
        condition |= own
    return (
        CorrectionRequest.objects.filter(condition, pk=pk)
        .select_related("employee", "institution", "decided_by", "requested_by")
        .get()
    )
