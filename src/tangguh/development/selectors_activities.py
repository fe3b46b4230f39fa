"""Reads of recorded activities, always from ``Activity.objects.restrict(user, …)``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Activity, ActivityStatus, DevelopmentForm


def activity_list(
    *,
    user: Any,
    status: str = "",
    form: str = "",
    year: int | None = None,
    q: str = "",
    own: bool = False,
) -> QuerySet[Activity]:
    """Activities the user may see, newest first; ``own``: only the user's own (by NIP)."""
    qs = Activity.objects.restrict(user, "view").select_related("form", "institution")
    if own:
        qs = qs.filter(nip=getattr(user, "nip", "") or "-")
    if status in ActivityStatus.values:
        qs = qs.filter(status=status)
    if form:
        qs = qs.filter(form__code=form)
    if year:
        qs = qs.filter(start_date__year=year)
    if q:
        qs = (
            qs.filter(nip__icontains=q.replace(" ", ""))
            | qs.filter(full_name__icontains=q)
            | qs.filter(title__icontains=q)
        )
    return qs.order_by("-created_at", "-id")


def activity_get(*, user: Any, pk: int) -> Activity:
    """One activity the user may see (DoesNotExist otherwise)."""
    return (
        Activity.objects.restrict(user, "view")
        .select_related("form", "institution", "rule", "submitted_by", "decided_by", "employee")
        .get(pk=pk)
    )


def forms_in_use() -> QuerySet[DevelopmentForm]:
    return DevelopmentForm.objects.filter(is_active=True).order_by("order", "code")
