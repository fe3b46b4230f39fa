"""Reads of assessments: always from the rows the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Assessment, AssessmentMethod, CurrentLevel


def assessment_list(*, user: Any) -> QuerySet[Assessment]:
    """The assessments ``user`` may read, newest first."""
    return (
        Assessment.objects.restrict(user, "view")
        .select_related("employee", "method", "competency", "institution")
        .order_by("-assessed_on", "-id")
    )


def assessment_get(*, user: Any, pk: int) -> Assessment:
    """One assessment ``user`` may read (DoesNotExist otherwise)."""
    return assessment_list(user=user).select_related("created_by").get(pk=pk)


def counts_in_profile(assessment: Assessment) -> bool:
    """Whether this assessment is the one the person's current profile shows."""
    return CurrentLevel.objects.filter(
        employee_id=assessment.employee_id, code=assessment.code, assessment_id=assessment.pk
    ).exists()


def methods() -> QuerySet[AssessmentMethod]:
    return AssessmentMethod.objects.order_by("order", "-rank", "code")
